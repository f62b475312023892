"""The demo seeding on a fresh database: a failure leaves nothing behind, and a demo seeded
days ago gets its show moved back to a few minutes ahead."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth.models import Seller
from crosslive.catalog.models import Product
from crosslive.db import utcnow
from crosslive.demo.logins import logins_path
from crosslive.demo.seed import ensure_demo
from crosslive.errors import InvalidInput
from crosslive.settings import Settings
from crosslive.shows.models import Show


def test_a_failed_seed_leaves_no_rows_files_or_logins(
    settings: Settings, session_factory: sessionmaker[Session], db: Session
) -> None:
    # Evidence is stored after every picture: refusing it fails the seed half-way through.
    tight = settings.model_copy(update={"evidence_max_bytes": 1024})
    with pytest.raises(InvalidInput, match="larger than"):
        ensure_demo(session_factory, tight)
    assert db.scalar(select(func.count()).select_from(Seller)) == 0
    assert db.scalar(select(func.count()).select_from(Product)) == 0
    assert list(settings.media_dir.iterdir()) == []
    assert list(settings.evidence_dir.iterdir()) == []
    assert not logins_path(settings).exists()


def test_a_rerun_days_later_moves_the_unstarted_show_forward(
    settings: Settings, session_factory: sessionmaker[Session], db: Session
) -> None:
    seeded_at = utcnow()
    first = ensure_demo(session_factory, settings, now=seeded_at)
    assert first.created and first.show_starts_at == seeded_at + timedelta(minutes=5)

    later = seeded_at + timedelta(days=3)
    again = ensure_demo(session_factory, settings, now=later)

    assert not again.created
    assert again.show_starts_at == later + timedelta(minutes=5)
    assert db.scalars(select(Show)).one().scheduled_at == later + timedelta(minutes=5)
    assert again.logins == first.logins
    assert (again.products, again.markets, again.credentials) == (18, 5, 14)
