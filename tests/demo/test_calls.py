"""The demo store shows video calls: one request waits for a host in the console, a missed
one is in the seller's inbox, and the live stage keeps one waiting."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.auth.models import Role, StaffUser
from crosslive.consultations import cards
from crosslive.db import utcnow
from crosslive.demo import calls
from crosslive.shows.models import Show

from .conftest import Seeded


def test_the_demo_has_a_waiting_call_request_and_a_missed_one_in_the_inbox(
    demo_db: Session, seeded: Seeded
) -> None:
    host = demo_db.scalars(select(StaffUser).where(StaffUser.role == Role.HOST)).one()
    # As the console and the inbox list them when the seeding started: a request waits three
    # minutes, and on a loaded machine the seeding alone can take longer than that.
    waiting = cards.console_list(demo_db, host, seeded.started)
    assert [(r["state"], r["show_slug"]) for r in waiting] == [("waiting", "studio-desk-live")]
    missed = cards.inbox(demo_db, host.seller_id, seeded.started)
    assert [(r["email"], r["handled"]) for r in missed] == [("mia@example.com", False)]
    show = demo_db.scalars(select(Show).where(Show.slug == "studio-desk-live")).one()
    later = utcnow() + timedelta(minutes=10)
    calls.keep_one_waiting(demo_db, show, 7, later)
    calls.keep_one_waiting(demo_db, show, 8, later)  # one is waiting already: no second
    assert [r["state"] for r in cards.console_list(demo_db, host, later)] == ["waiting"]
    demo_db.rollback()
