"""Stop the SMTP server while orders are placed: once it is back, every confirmation is
delivered, each exactly once (the outbox retries with backoff and records each send)."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select

from crosslive.db import transaction
from crosslive.mail.models import EmailStatus, OutboxEmail
from tests.factories import checkout_body, confirmed
from tests.faults.conftest import Apps, Store
from tests.faults.servers import SmtpServer, wait_until

pytestmark = pytest.mark.faults


def _order(url: str, slug: str, variant_id: int, n: int) -> None:
    with httpx.Client(base_url=url, timeout=10) as http:
        added = http.post(
            f"/api/v1/shows/{slug}/cart/items",
            json={"market": "US", "variant_id": variant_id, "quantity": 1},
        )
        http.headers["X-Viewer-Token"] = added.headers["X-Viewer-Token"]
        url = f"/api/v1/shows/{slug}/checkout"
        body = confirmed(http, url, checkout_body(email=f"buyer{n}@example.com"))
        placed = http.post(url, json=body, headers={"Idempotency-Key": f"order-{n:04d}"})
        assert placed.status_code == 201, placed.text


def _outbox(store: Store) -> list[tuple[int, EmailStatus, int]]:
    with transaction(store.factory) as db:
        rows = db.execute(
            select(OutboxEmail.id, OutboxEmail.status, OutboxEmail.attempts).order_by(
                OutboxEmail.id
            )
        ).all()
        return [(row[0], row[1], row[2]) for row in rows]


def test_smtp_down_while_orders_are_placed_sends_each_email_once(
    apps: Apps, store: Store, smtp_server: SmtpServer
) -> None:
    app = apps.start(smtp_host="127.0.0.1", smtp_port=smtp_server.port)
    slug, shirt = store.shop.show_slug, store.shop.shirt_m
    _order(app.url, slug, shirt, 0)
    wait_until(lambda: len(smtp_server.inbox.envelopes) == 1, "the first email")

    smtp_server.stop()
    for n in range(1, 4):
        _order(app.url, slug, shirt, n)
    # Each of them was tried and failed (and waits for its next try), none was lost.
    wait_until(
        lambda: (
            [(s, a >= 1) for _, s, a in _outbox(store)[1:]] == [(EmailStatus.PENDING, True)] * 3
        ),
        "failed tries",
    )
    smtp_server.start()
    wait_until(
        lambda: [s for _, s, _ in _outbox(store)] == [EmailStatus.SENT] * 4, "every email sent"
    )
    ids = [email_id for email_id, _, _ in _outbox(store)]
    assert sorted(smtp_server.inbox.message_ids()) == sorted(
        f"<outbox-{email_id}@crosslive>" for email_id in ids
    )
