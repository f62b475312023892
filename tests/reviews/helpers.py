"""Counts for the review tests (their orders are bought with tests.returns.follow_up_helpers)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crosslive.reviews.models import Review, ReviewAction


def counts(db: Session) -> tuple[int, int]:
    """How many reviews and moderation-log rows there are."""
    db.expire_all()
    reviews = db.scalar(select(func.count()).select_from(Review)) or 0
    actions = db.scalar(select(func.count()).select_from(ReviewAction)) or 0
    return reviews, actions
