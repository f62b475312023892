"""A call whose page died does not stay open: each side's page pings, a closing page hangs
up by beacon (the pass in the body), and a side silent too long ends the call for both, the
other side told by a `consult_ended` event."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.consultations import presence, service
from crosslive.consultations.models import Consultation
from crosslive.db import transaction, utcnow
from crosslive.events.models import ShowEvent
from crosslive.scheduler.models import ScheduledJob
from tests.consultations.helpers import asked, status
from tests.factories import Shop

H = "/api/v1/host/consultations"


def _call(
    app_client: TestClient, shop: Shop, hosts: dict[str, dict[str, str]]
) -> tuple[int, str, str]:
    consultation_id = asked(app_client, shop)
    taken = app_client.post(f"{H}/{consultation_id}/accept", headers=hosts["hana"])
    assert taken.status_code == 200, taken.text
    joined = app_client.post(f"/api/v1/live/consultations/{consultation_id}/join")
    assert joined.status_code == 200, joined.text
    assert joined.json()["ping_url"] == f"/api/v1/calls/{consultation_id}/ping"
    return consultation_id, taken.json()["token"], joined.json()["token"]


def _ping(client: TestClient, consultation_id: int, token: str) -> int:
    url = f"/api/v1/calls/{consultation_id}/ping"
    response = client.post(url, headers={"Authorization": f"Bearer {token}"})
    if response.status_code == 200:
        # Live video is off here: the media server has nothing of either side.
        assert response.json() == {"publishing": False, "watching": False}
    return response.status_code


def _ended_events(db: Session, consultation_id: int) -> list[dict[str, object]]:
    rows = db.scalars(select(ShowEvent).where(ShowEvent.kind == "consult_ended")).all()
    return [dict(e.payload) for e in rows if e.payload["consultation_id"] == consultation_id]


def test_a_silent_side_ends_the_call_and_the_other_side_is_told(
    app_client: TestClient,
    shop: Shop,
    hosts: dict[str, dict[str, str]],
    session_factory: sessionmaker[Session],
) -> None:
    consultation_id, host_pass, viewer_pass = _call(app_client, shop, hosts)
    assert _ping(app_client, consultation_id, host_pass) == 200
    assert _ping(app_client, consultation_id, viewer_pass) == 200
    assert _ping(app_client, consultation_id, "call_forged") == 401
    with transaction(session_factory) as db:
        [job] = db.scalars(select(ScheduledJob).where(ScheduledJob.kind == service.SILENCE_JOB))
        assert job.payload == {"consultation_id": consultation_id, "due": job.due_at.isoformat()}
        row = db.get(Consultation, consultation_id)
        assert row is not None and row.host_seen_at is not None
        # The host keeps pinging, the viewer's page died: nothing ends before SILENT...
        later = utcnow() + service.SILENT - timedelta(seconds=5)
        row.host_seen_at = later
        presence.check_job(db, job.payload, later)
        assert row.state.value == "accepted"
        # ...and the job looks again when the viewer would have been silent for SILENT.
        again = db.scalars(
            select(ScheduledJob).where(
                ScheduledJob.kind == service.SILENCE_JOB, ScheduledJob.id != job.id
            )
        ).one()
        assert again.due_at == row.viewer_seen_at + service.SILENT
        presence.check_job(db, again.payload, again.due_at)
        db.refresh(row)
        assert (row.state.value, row.end_reason) == ("ended", "viewer_gone")
        assert _ended_events(db, consultation_id) == [
            {
                "consultation_id": consultation_id,
                "to": service.tag(row.viewer_id),
                "reason": "viewer_gone",
            }
        ]
    # The host's next ping is refused (the page closes the call), and nothing reopens it.
    assert _ping(app_client, consultation_id, host_pass) == 401
    assert status(app_client, consultation_id)["end_reason"] == "viewer_gone"


def test_a_closing_page_hangs_up_by_beacon_with_its_pass_in_the_body(
    app_client: TestClient,
    shop: Shop,
    hosts: dict[str, dict[str, str]],
    session_factory: sessionmaker[Session],
) -> None:
    consultation_id, host_pass, _ = _call(app_client, shop, hosts)
    leave = f"/api/v1/calls/{consultation_id}/leave"
    beacon = {"content-type": "text/plain;charset=UTF-8"}
    assert app_client.post(leave, content="", headers=beacon).status_code == 401
    assert app_client.post(leave, content="call_forged", headers=beacon).status_code == 401
    assert status(app_client, consultation_id)["state"] == "accepted"  # nothing changed
    assert app_client.post(leave, content=host_pass, headers=beacon).status_code == 204
    seen = status(app_client, consultation_id)
    assert (seen["state"], seen["end_reason"]) == ("ended", "host_hung_up")
    assert app_client.post(leave, content=host_pass, headers=beacon).status_code == 401
    with transaction(session_factory) as db:
        assert [e["reason"] for e in _ended_events(db, consultation_id)] == ["host_hung_up"]


def test_a_side_that_keeps_pinging_keeps_the_call(
    app_client: TestClient,
    shop: Shop,
    hosts: dict[str, dict[str, str]],
    session_factory: sessionmaker[Session],
) -> None:
    consultation_id, _, _ = _call(app_client, shop, hosts)
    with transaction(session_factory) as db:
        row = db.get(Consultation, consultation_id)
        assert row is not None
        soon = utcnow() + service.SILENT - timedelta(seconds=1)
        assert presence.end_silent(db, soon) == []
        row.host_seen_at = row.viewer_seen_at = soon
        assert presence.end_silent(db, soon + service.SILENT - timedelta(seconds=1)) == []
        [ended] = presence.end_silent(db, soon + service.SILENT)
        assert ended.end_reason == "host_gone"  # both silent: the host is named first


def test_a_check_held_up_by_an_app_that_was_down_gives_both_pages_time_to_come_back(
    app_client: TestClient,
    shop: Shop,
    hosts: dict[str, dict[str, str]],
    session_factory: sessionmaker[Session],
) -> None:
    """The app was killed and came back a minute later (its Janus with it): nobody could
    ping meanwhile, so the overdue check ends nothing and looks again SILENT from now; the
    pages ping (and join again), and the call goes on."""
    consultation_id, host_pass, viewer_pass = _call(app_client, shop, hosts)
    with transaction(session_factory) as db:
        [job] = db.scalars(select(ScheduledJob).where(ScheduledJob.kind == service.SILENCE_JOB))
        back = job.due_at + presence.LATE + timedelta(seconds=30)
        presence.check_job(db, job.payload, back)
        row = db.get(Consultation, consultation_id)
        assert row is not None and (row.state.value, row.end_reason) == ("accepted", "")
        assert _ended_events(db, consultation_id) == []
        [again] = db.scalars(
            select(ScheduledJob).where(
                ScheduledJob.kind == service.SILENCE_JOB, ScheduledJob.id != job.id
            )
        )
        assert again.due_at == back + service.SILENT
        # A check on time still ends a call whose side stayed silent.
        presence.check_job(db, again.payload, again.due_at)
        db.refresh(row)
        assert (row.state.value, row.end_reason) == ("ended", "host_gone")
    assert _ping(app_client, consultation_id, host_pass) == 401
    assert _ping(app_client, consultation_id, viewer_pass) == 401
