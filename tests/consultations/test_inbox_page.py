"""The seller's video call inbox: missed requests with the viewer's address (escaped), marked
handled with the page's CSRF token; only the owner changes the wait."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from crosslive.consultations import service
from crosslive.db import transaction, utcnow
from tests.consultations.helpers import asked
from tests.factories import Shop, page_login


def test_the_inbox_lists_missed_calls_and_marks_them_handled(
    app_client: TestClient,
    shop: Shop,
    session_factory: sessionmaker[Session],
) -> None:
    missed = asked(app_client, shop, note="<b>lined?</b>")
    with transaction(session_factory) as db:
        service.expire_due(db, utcnow() + timedelta(minutes=4))
    csrf = page_login(app_client, "owner@acme.test")
    page = app_client.get("/admin/calls")
    assert page.status_code == 200
    assert f'data-consultation="{missed}"' in page.text
    assert "mailto:ana@example.com" in page.text
    assert "&lt;b&gt;lined?&lt;/b&gt;" in page.text and "<b>lined?" not in page.text

    refused = app_client.post(f"/admin/calls/{missed}/handled", data={})
    assert refused.status_code in (400, 403)
    done = app_client.post(
        f"/admin/calls/{missed}/handled", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert done.status_code == 303
    assert "Mark as handled" not in app_client.get("/admin/calls").text

    bad = app_client.post("/admin/calls/wait", data={"csrf_token": csrf, "wait_s": "5"})
    assert bad.status_code == 422
    saved = app_client.post(
        "/admin/calls/wait", data={"csrf_token": csrf, "wait_s": "120"}, follow_redirects=False
    )
    assert saved.status_code == 303
    with transaction(session_factory) as db:
        assert service.wait_s(db, shop.seller_id) == 120
