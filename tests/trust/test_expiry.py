"""Credential expiry: reminder emails 30 and 7 days ahead (fixed clock), the open room told
when a credential expires or is withdrawn, and an expired or withdrawn credential not pushed."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction
from crosslive.events.models import ShowEvent
from crosslive.live.credential_jobs import register_credential_jobs
from crosslive.mail.models import OutboxEmail
from crosslive.scheduler.models import ScheduledJob
from crosslive.scheduler.registry import JobRegistry
from crosslive.scheduler.runner import JobRunner
from crosslive.shows.models import Show, ShowState
from crosslive.trust import expiry
from crosslive.trust.models import Credential, CredentialType
from tests.chat.factories import Room, bearer
from tests.scheduler.clock import FakeClock

UNTIL = date(2027, 3, 31)


def _credential(factory: sessionmaker[Session], seller_id: int, now: datetime) -> int:
    with transaction(factory) as db:
        credential = Credential(
            seller_id=seller_id,
            type=CredentialType.CERTIFICATION,
            claim="ISO 9001",
            issuer="TÜV",
            identifier="Q-1",
            valid_until=UNTIL,
        )
        db.add(credential)
        db.flush()
        expiry.schedule_expiry(db, credential, now)
        return credential.id


def _jobs(db: Session) -> list[tuple[str, datetime]]:
    db.expire_all()
    rows = db.scalars(select(ScheduledJob).order_by(ScheduledJob.due_at))
    return [(r.kind, r.due_at) for r in rows if r.kind.startswith("trust.")]


def _run_at(factory: sessionmaker[Session], at: datetime) -> int:
    registry = JobRegistry()
    register_credential_jobs(registry)
    return asyncio.run(JobRunner(factory, registry, clock=FakeClock(at)).run_due())


def _mails(db: Session) -> list[OutboxEmail]:
    db.expire_all()
    return list(db.scalars(select(OutboxEmail).order_by(OutboxEmail.id)))


def test_reminders_are_due_30_and_7_days_before_expiry(
    session_factory: sessionmaker[Session], room: Room, db: Session
) -> None:
    now = datetime(2027, 1, 1, 12, 0, tzinfo=UTC)
    _credential(session_factory, room.seller_id, now)
    assert _jobs(db) == [
        (expiry.REMINDER, datetime(2027, 3, 1, 8, 0, tzinfo=UTC)),
        (expiry.REMINDER, datetime(2027, 3, 24, 8, 0, tzinfo=UTC)),
        (expiry.REMOVED, datetime(2027, 4, 1, 0, 0, tzinfo=UTC)),
    ]


def test_a_reminder_already_past_is_not_scheduled(
    session_factory: sessionmaker[Session], room: Room, db: Session
) -> None:
    _credential(session_factory, room.seller_id, datetime(2027, 3, 10, tzinfo=UTC))
    assert [kind for kind, _ in _jobs(db)] == [expiry.REMINDER, expiry.REMOVED]
    assert _jobs(db)[0][1] == datetime(2027, 3, 24, 8, 0, tzinfo=UTC)


def test_owner_is_emailed_when_the_reminder_is_due_not_before(
    session_factory: sessionmaker[Session], room: Room, db: Session
) -> None:
    _credential(session_factory, room.seller_id, datetime(2027, 1, 1, tzinfo=UTC))
    assert _run_at(session_factory, datetime(2027, 3, 1, 7, 59, tzinfo=UTC)) == 0
    assert _mails(db) == []
    assert _run_at(session_factory, datetime(2027, 3, 1, 8, 0, tzinfo=UTC)) == 1
    mails = _mails(db)
    assert [m.to_address for m in mails] == ["owner@acme.test"]
    assert mails[0].subject.startswith("Credential expires in 30 days: ISO 9001")
    assert "valid until 2027-03-31" in mails[0].text_body


def test_reminder_for_an_old_date_sends_nothing(
    session_factory: sessionmaker[Session], room: Room, db: Session
) -> None:
    credential_id = _credential(session_factory, room.seller_id, datetime(2027, 1, 1, tzinfo=UTC))
    with transaction(session_factory) as session:
        credential = session.get(Credential, credential_id)
        assert credential is not None
        credential.valid_until = date(2028, 3, 31)  # renewed
    _run_at(session_factory, datetime(2027, 3, 2, tzinfo=UTC))
    assert _mails(db) == []


def test_expiry_tells_live_shows_to_drop_the_card(
    session_factory: sessionmaker[Session], room: Room, db: Session
) -> None:
    credential_id = _credential(session_factory, room.seller_id, datetime(2027, 3, 30, tzinfo=UTC))
    with transaction(session_factory) as session:
        show = session.get(Show, room.show_id)
        assert show is not None
        show.state = ShowState.LIVE
    _run_at(session_factory, datetime(2027, 4, 1, 0, 0, 1, tzinfo=UTC))
    db.expire_all()
    events = db.scalars(select(ShowEvent).where(ShowEvent.kind == "credential_removed")).all()
    assert [(e.show_id, e.payload) for e in events] == [
        (room.show_id, {"credential_id": credential_id})
    ]


def test_expired_or_withdrawn_credential_cannot_be_pushed(
    app_client: TestClient, room: Room, auth_headers: dict[str, str], db: Session
) -> None:
    host = bearer(app_client, room.host_email)
    url = f"/api/v1/host/{room.slug}/credential-push"
    expired = app_client.post(
        url, json={"credential_id": room.credentials["expired"]}, headers=host
    )
    assert expired.status_code == 409
    assert "is expired" in expired.json()["detail"] and "cannot be pushed" in expired.text
    oeko = room.credentials["oeko"]
    withdraw = {"outcome": "withdrawn", "method": "issuer_contact", "observed": "revoked"}
    recorded = app_client.post(
        f"/api/v1/credentials/{oeko}/verifications", json=withdraw, headers=auth_headers
    )
    assert recorded.status_code == 201
    refused = app_client.post(url, json={"credential_id": oeko}, headers=host)
    assert refused.status_code == 409 and "withdrawn" in refused.text
    db.expire_all()
    assert db.scalar(select(ShowEvent).where(ShowEvent.kind == "credential_pushed")) is None
    assert expiry.REMOVED in [kind for kind, _ in _jobs(db)]
    ok = app_client.post(url, json={"credential_id": room.credentials["sales"]}, headers=host)
    assert ok.status_code == 201


def test_app_start_schedules_credentials_saved_before_once(
    session_factory: sessionmaker[Session], room: Room, db: Session
) -> None:
    # The room's credentials were stored directly, without jobs (as before this existed).
    now = datetime.combine(date.today(), datetime.min.time(), tzinfo=UTC)
    assert _jobs(db) == []
    with transaction(session_factory) as session:
        first = expiry.schedule_all(session, now)
    with transaction(session_factory) as session:
        again = expiry.schedule_all(session, now)
    # Four valid credentials expire in 300 days: two reminders each; the expired one none.
    assert (first, again) == (8, 0)
    assert len([k for k, _ in _jobs(db) if k == expiry.REMOVED]) == 4


def test_validity_set_to_a_past_day_removes_the_card_from_rooms_at_once(
    session_factory: sessionmaker[Session], room: Room, db: Session
) -> None:
    now = datetime(2027, 5, 2, 9, 30, tzinfo=UTC)  # UNTIL (31 March) is past
    _credential(session_factory, room.seller_id, now)
    assert _jobs(db) == [(expiry.REMOVED, now)]
