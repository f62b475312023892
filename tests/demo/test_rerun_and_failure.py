"""The demo seeding: on a fresh database a failure leaves nothing behind; run again on a copy
of the seeded demo, it moves a show seeded days ago back to a few minutes ahead and takes an
ended live show live again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth.models import Seller
from crosslive.catalog.models import Product
from crosslive.db import transaction, utcnow
from crosslive.demo import announce, store_data
from crosslive.demo.live_show import broadcaster_token
from crosslive.demo.logins import logins_path
from crosslive.demo.seed import DemoResult, ensure_demo, still_ahead
from crosslive.errors import InvalidInput
from crosslive.media.tokens import authorize_publisher
from crosslive.settings import Settings
from crosslive.shows import service as shows_service
from crosslive.shows.models import Show, ShowState

from .conftest import Seeded

SCHEDULED = store_data.SHOW.slug


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


def test_a_rerun_days_later_moves_the_unstarted_show_forward(demo_copy: Seeded) -> None:
    factory = demo_copy.factory
    with factory() as db:
        show = db.scalars(select(Show).where(Show.slug == SCHEDULED)).one()
        assert show.state == ShowState.SCHEDULED
        seeded_for = show.scheduled_at
    assert seeded_for >= demo_copy.started + timedelta(minutes=5)

    later = demo_copy.started + timedelta(days=3)
    again = ensure_demo(factory, demo_copy.settings, now=later)

    assert not again.created
    assert again.show_starts_at == later + timedelta(minutes=5)
    with factory() as db:
        show = db.scalars(select(Show).where(Show.slug == SCHEDULED)).one()
        assert show.scheduled_at == later + timedelta(minutes=5)
    assert {login.email: login.password for login in again.logins} == demo_copy.passwords
    assert (again.products, again.markets, again.credentials) == (18, 5, 15)


def test_a_seeding_that_took_minutes_leaves_the_coming_show_minutes_ahead(
    demo_copy: Seeded,
) -> None:
    # A first seeding on a slow machine ends after the start it gave the coming show.
    factory = demo_copy.factory
    begun = utcnow() - timedelta(minutes=20)
    seeded = DemoResult(
        created=True,
        store_slug=store_data.STORE_SLUG,
        store_name=store_data.STORE_NAME,
        logins=[],
        show_slug=SCHEDULED,
        show_title=store_data.SHOW.title,
        show_starts_at=begun + timedelta(minutes=5),
        live_show_slug="studio-desk-live",
        live_show_title="",
        products=18,
        credentials=15,
        markets=5,
    )
    with transaction(factory) as db:
        show = db.scalars(select(Show).where(Show.slug == SCHEDULED)).one()
        show.scheduled_at = seeded.show_starts_at  # as the seeding left it
        db.flush()
        before = utcnow()
        result = still_ahead(db, seeded)
        after = utcnow()
    five = timedelta(minutes=store_data.SHOW.starts_in_minutes)
    assert before + five <= result.show_starts_at <= after + five
    with factory() as db:
        show = db.scalars(select(Show).where(Show.slug == SCHEDULED)).one()
        assert show.scheduled_at == result.show_starts_at
    lines = announce.startup_lines(result, demo_copy.settings, after, 60.0, media=False)
    assert any(line.startswith("  Show:") and " starts at " in line for line in lines)


def test_a_rerun_takes_an_ended_live_show_live_again(demo_copy: Seeded) -> None:
    factory = demo_copy.factory
    with transaction(factory) as session:
        show = session.scalars(select(Show).where(Show.slug == "studio-desk-live")).one()
        assert show.state == ShowState.LIVE
        lead = next(h.user for h in show.hosts if h.is_lead)
        shows_service.end(session, show, lead)
        assert show.state == ShowState.ENDED
    again = ensure_demo(factory, demo_copy.settings)
    assert not again.created and again.live_show_slug == "studio-desk-live"
    with factory() as db:
        show = db.scalars(select(Show).where(Show.slug == "studio-desk-live")).one()
        assert (show.state, show.ended_at) == (ShowState.LIVE, None)
    # The broadcaster's token is for the live show's lead host and the WHIP check accepts it.
    token = broadcaster_token(factory)
    with transaction(factory) as session:
        grant = authorize_publisher(session, "studio-desk-live", token)
        assert grant.show_id == show.id and grant.user_id == lead.id
