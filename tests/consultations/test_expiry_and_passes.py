"""A request nobody takes is told so honestly and lands in the seller's inbox (with an email
to the store); a call's passes publish once, only into their own call, only while it lasts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.consultations import cards, service
from crosslive.consultations.models import Consultation
from crosslive.db import transaction, utcnow
from crosslive.errors import NotAuthenticated
from crosslive.mail.models import OutboxEmail
from crosslive.scheduler.models import ScheduledJob
from tests.consultations.helpers import asked, status
from tests.factories import Shop

H = "/api/v1/host/consultations"


def test_a_request_nobody_takes_expires_into_the_inbox_and_the_store_is_emailed(
    app_client: TestClient,
    shop: Shop,
    hosts: dict[str, dict[str, str]],
    session_factory: sessionmaker[Session],
) -> None:
    wait = app_client.put(f"{H}/settings", json={"wait_s": 60}, headers=hosts["owner"])
    assert wait.json() == {"wait_s": 60}
    assert (
        app_client.put(f"{H}/settings", json={"wait_s": 5}, headers=hosts["owner"]).status_code
        == 422
    )
    assert (
        app_client.put(f"{H}/settings", json={"wait_s": 90}, headers=hosts["hana"]).status_code
        == 403
    )
    consultation_id = asked(app_client, shop, note="Is it lined?")
    with transaction(session_factory) as db:
        # The scheduler expires it at its time even when no page asks about it then.
        job = db.scalars(select(ScheduledJob).where(ScheduledJob.kind == service.EXPIRE_JOB)).one()
        row = db.get(Consultation, consultation_id)
        assert row is not None
        assert (job.key, job.due_at) == (f"consult:{consultation_id}", row.expires_at)
        assert row.expires_at - row.requested_at == timedelta(seconds=60)
        assert service.expire_due(db, utcnow() + timedelta(seconds=30)) == []
        [row] = service.expire_due(db, utcnow() + timedelta(seconds=61))
        assert (row.id, row.state.value, row.open_key) == (consultation_id, "expired", None)
    seen = status(app_client, consultation_id)
    assert (seen["state"], seen["email"]) == ("expired", "ana@example.com")
    assert (
        app_client.post(f"{H}/{consultation_id}/accept", headers=hosts["hana"]).status_code == 409
    )
    assert app_client.get(H, headers=hosts["hana"]).json() == []
    with transaction(session_factory) as db:
        [email] = db.scalars(select(OutboxEmail)).all()
        assert email.to_address == "owner@acme.test"
        assert "ana@example.com" in email.text_body
        inbox = cards.inbox(db, shop.seller_id)
        assert [(r["consultation_id"], r["email"], r["note"], r["handled"]) for r in inbox] == [
            (consultation_id, "ana@example.com", "Is it lined?", False)
        ]
        cards.mark_handled(db, shop.seller_id, consultation_id)
        assert cards.inbox(db, shop.seller_id)[0]["handled"] is True
        assert service.expire_due(db, utcnow() + timedelta(hours=1)) == []  # once only
        assert len(db.scalars(select(OutboxEmail)).all()) == 1


def test_a_pass_publishes_once_into_its_own_call_while_the_call_lasts(
    app_client: TestClient,
    other_viewer: TestClient,
    shop: Shop,
    hosts: dict[str, dict[str, str]],
    session_factory: sessionmaker[Session],
) -> None:
    mine = asked(app_client, shop)
    theirs = asked(other_viewer, shop)
    host_pass = app_client.post(f"{H}/{mine}/accept", headers=hosts["hana"]).json()["token"]
    app_client.post(f"{H}/{theirs}/accept", headers=hosts["hugo"])
    viewer_pass = app_client.post(f"/api/v1/live/consultations/{mine}/join").json()["token"]
    with transaction(session_factory) as db:
        assert service.authorize(db, mine, host_pass, publish=True)[1] == "host"
        assert service.authorize(db, mine, viewer_pass, publish=False)[1] == "viewer"
    with transaction(session_factory) as db:
        with pytest.raises(NotAuthenticated):  # spent
            service.authorize(db, mine, host_pass, publish=True)
        with pytest.raises(NotAuthenticated):  # another call's
            service.authorize(db, theirs, viewer_pass, publish=False)
        later = utcnow() + service.PASS_TTL + timedelta(seconds=1)
        with pytest.raises(NotAuthenticated):  # expired
            service.authorize(db, mine, viewer_pass, publish=True, now=later)
        assert service.authorize(db, mine, host_pass, publish=False)[1] == "host"
    # Over the media routes: a wrong pass is refused before anything else happens.
    refused = app_client.post(
        f"/api/v1/calls/{theirs}/watch", headers={"Authorization": f"Bearer {host_pass}"}
    )
    assert refused.status_code == 401
    assert app_client.post(f"{H}/{mine}/hangup", headers=hosts["hana"]).status_code == 204
    assert status(app_client, mine)["end_reason"] == "host_hung_up"
    with transaction(session_factory) as db, pytest.raises(NotAuthenticated):
        service.authorize(db, mine, viewer_pass, publish=False)
