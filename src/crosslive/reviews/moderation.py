"""The seller's side of reviews: the list, hiding a review's words for abuse (a reason from
the fixed list is required; "negative" is not one), showing it again, labelling it as
incentivised, and the moderation log. Every action appends a `ReviewAction` (who, when, what,
why); nothing here edits or deletes a review or a log row, and the log has no route that
could. Hidden reviews keep counting in the product's rating (service.rating_summary).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.errors import InvalidInput, NotFound
from crosslive.reviews import rooms
from crosslive.reviews.models import (
    INCENTIVE_MAX,
    AbuseReason,
    Review,
    ReviewAction,
    ReviewActionKind,
    ReviewStatus,
)

HIDDEN_EVENT = "review_hidden"
RESTORED_EVENT = "review_restored"
NOTE_MAX = 500
NEEDS_REASON = (
    "a review can only be hidden for abuse: choose one of "
    + ", ".join(r.value for r in AbuseReason)
    + " (a negative review is not abuse)"
)


@dataclass(frozen=True)
class Moderator:
    """Who acts: a staff member of the review's store."""

    seller_id: int
    staff_user_id: int
    name: str


def seller_reviews(db: Session, seller_id: int, *, limit: int = 200) -> list[Review]:
    query = (
        select(Review)
        .where(Review.seller_id == seller_id)
        .order_by(Review.created_at.desc(), Review.id.desc())
        .limit(limit)
    )
    return list(db.scalars(query))


def get_review(db: Session, seller_id: int, review_id: int) -> Review:
    """SELLER_ID's review REVIEW_ID; another store's answers as one that does not exist."""
    review = db.get(Review, review_id)
    if review is None or review.seller_id != seller_id:
        raise NotFound("no such review")
    return review


def moderation_log(db: Session, seller_id: int, review_id: int | None = None) -> list[ReviewAction]:
    query = select(ReviewAction).where(ReviewAction.seller_id == seller_id)
    if review_id is not None:
        query = query.where(ReviewAction.review_id == review_id)
    return list(db.scalars(query.order_by(ReviewAction.at.desc(), ReviewAction.id.desc())))


def abuse_reason(value: str) -> AbuseReason:
    """The reason VALUE names; InvalidInput for anything else (an empty one included)."""
    try:
        return AbuseReason(value)
    except ValueError:
        raise InvalidInput(NEEDS_REASON) from None


def _log(
    db: Session,
    review: Review,
    who: Moderator,
    kind: ReviewActionKind,
    now: datetime,
    reason: AbuseReason | None = None,
    note: str = "",
) -> ReviewAction:
    action = ReviewAction(
        review_id=review.id,
        seller_id=review.seller_id,
        kind=kind,
        reason=reason,
        note=note,
        staff_user_id=who.staff_user_id,
        actor=who.name[:200],
        at=now,
    )
    db.add(action)
    db.flush()
    return action


def _announce(db: Session, review: Review, kind: str) -> None:
    data: dict[str, object] = {"review_id": review.id, "product_id": review.product_id}
    if review.hidden_reason is not None:
        data["reason"] = review.hidden_reason.value
    rooms.announce(db, review, kind, data)


def hide(
    db: Session, who: Moderator, review_id: int, reason: str, note: str, *, now: datetime
) -> Review:
    """Hide REVIEW_ID's words for abuse REASON (one of AbuseReason; checked before anything
    changes). Hiding a hidden review again changes nothing and logs nothing."""
    chosen = abuse_reason(reason)
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise InvalidInput("the note is too long (at most 500 characters)")
    review = get_review(db, who.seller_id, review_id)
    if review.status is ReviewStatus.HIDDEN:
        return review
    review.status, review.hidden_reason = ReviewStatus.HIDDEN, chosen
    _log(db, review, who, ReviewActionKind.HIDDEN, now, chosen, note)
    _announce(db, review, HIDDEN_EVENT)
    return review


def restore(db: Session, who: Moderator, review_id: int, note: str, *, now: datetime) -> Review:
    """Show a hidden review's words again (logged); a visible one changes nothing."""
    review = get_review(db, who.seller_id, review_id)
    if review.status is ReviewStatus.VISIBLE:
        return review
    review.status, review.hidden_reason = ReviewStatus.VISIBLE, None
    _log(db, review, who, ReviewActionKind.RESTORED, now, note=note.strip()[:NOTE_MAX])
    _announce(db, review, RESTORED_EVENT)
    return review


def label_incentive(
    db: Session, who: Moderator, review_id: int, given: str, *, now: datetime
) -> Review:
    """Label REVIEW_ID as incentivised with what the store GAVE for it (a free sample, a
    discount). A label is never taken off: there is no call for it."""
    given = given.strip()
    if not given or len(given) > INCENTIVE_MAX:
        raise InvalidInput("say what the buyer was given (at most 200 characters)")
    review = get_review(db, who.seller_id, review_id)
    if review.incentivised and review.incentive == given:
        return review
    review.incentivised, review.incentive = True, given
    _log(db, review, who, ReviewActionKind.INCENTIVE_LABELLED, now, note=given)
    return review
