from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from markupsafe import escape
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.app import create_app
from crosslive.db import transaction
from crosslive.mail import outbox
from crosslive.mail.models import EmailStatus, OutboxEmail
from crosslive.settings import Settings
from crosslive.state import state_of
from tests.conftest import keeps_viewer_identity
from tests.factories import checkout_body, confirmed, make_shop, signed_link_target
from tests.mail.conftest import SmtpServer, free_port

# A fixed instant just after the emails are queued (queued rows are due from "now").
NOW = (datetime.now(UTC) + timedelta(hours=1)).replace(microsecond=0)


def queue(factory: sessionmaker[Session], to: str = "ana@example.com") -> int:
    with transaction(factory) as db:
        email = outbox.enqueue(
            db, to=to, subject="Your order", text="Thanks!", html="<p>Thanks!</p>"
        )
        return email.id


def row(db: Session, email_id: int) -> OutboxEmail:
    db.expire_all()
    email = db.get(OutboxEmail, email_id)
    assert email is not None
    return email


def config(port: int) -> outbox.SmtpConfig:
    return outbox.SmtpConfig(host="127.0.0.1", port=port, sender="shop@acme.test", timeout=5)


def test_due_emails_are_sent_over_smtp_and_marked_sent(
    smtp_server: SmtpServer, session_factory: sessionmaker[Session], db: Session
) -> None:
    email_id = queue(session_factory)
    sent = outbox.deliver_due(session_factory, config(smtp_server.port), now=NOW)
    assert sent == 1
    [envelope] = smtp_server.inbox.envelopes
    assert (envelope.mail_from, envelope.rcpt_tos) == ("shop@acme.test", ["ana@example.com"])
    [message] = smtp_server.inbox.messages()
    assert message["Subject"] == "Your order"
    assert message["Message-ID"] == f"<outbox-{email_id}@crosslive>"
    parts = {p.get_content_type(): p.get_payload(decode=True) for p in message.walk()}
    assert parts["text/plain"].strip() == b"Thanks!"  # type: ignore[union-attr]
    assert parts["text/html"].strip() == b"<p>Thanks!</p>"  # type: ignore[union-attr]
    email = row(db, email_id)
    assert (email.status, email.attempts, email.sent_at) == (EmailStatus.SENT, 1, NOW)
    # Nothing is sent twice.
    assert outbox.deliver_due(session_factory, config(smtp_server.port), now=NOW) == 0
    assert len(smtp_server.inbox.envelopes) == 1


def test_a_failed_send_is_retried_with_backoff_until_the_server_answers(
    session_factory: sessionmaker[Session], db: Session
) -> None:
    email_id = queue(session_factory)
    port = free_port()  # nothing listens here yet
    assert outbox.deliver_due(session_factory, config(port), now=NOW, backoff_seconds=30) == 0
    email = row(db, email_id)
    assert (email.status, email.attempts) == (EmailStatus.PENDING, 1)
    assert email.next_attempt_at == NOW + timedelta(seconds=30)
    assert email.last_error.startswith("ConnectionRefusedError")
    # Not due yet: no attempt is made.
    later = NOW + timedelta(seconds=29)
    assert outbox.deliver_due(session_factory, config(port), now=later) == 0
    assert row(db, email_id).attempts == 1
    # Second failure doubles the delay.
    second = NOW + timedelta(seconds=30)
    outbox.deliver_due(session_factory, config(port), now=second, backoff_seconds=30)
    email = row(db, email_id)
    assert (email.attempts, email.next_attempt_at) == (2, second + timedelta(seconds=60))
    server = SmtpServer(port)
    server.start()
    try:
        third = second + timedelta(seconds=60)
        assert outbox.deliver_due(session_factory, config(port), now=third) == 1
    finally:
        server.stop()
    email = row(db, email_id)
    assert (email.status, email.attempts, email.last_error) == (EmailStatus.SENT, 3, "")
    assert len(server.inbox.envelopes) == 1


def test_delivery_gives_up_after_the_last_attempt(
    session_factory: sessionmaker[Session], db: Session
) -> None:
    email_id = queue(session_factory)
    port = free_port()
    outbox.deliver_due(session_factory, config(port), now=NOW, max_attempts=2, backoff_seconds=1)
    outbox.deliver_due(
        session_factory, config(port), now=NOW + timedelta(seconds=1), max_attempts=2
    )
    email = row(db, email_id)
    assert (email.status, email.attempts) == (EmailStatus.FAILED, 2)
    far = NOW + timedelta(days=1)
    assert outbox.deliver_due(session_factory, config(port), now=far) == 0
    assert row(db, email_id).attempts == 2


def test_backoff_doubles_and_is_capped_at_an_hour() -> None:
    assert [outbox.backoff(n, 30).total_seconds() for n in (1, 2, 3, 8, 20)] == [
        30,
        60,
        120,
        3600,
        3600,
    ]


def test_no_smtp_host_means_no_sender() -> None:
    assert outbox.SmtpConfig.from_settings(Settings(smtp_host="")) is None
    cfg = outbox.SmtpConfig.from_settings(
        Settings(smtp_host="mail.test", smtp_port=587, smtp_starttls=True, smtp_from="a@b.test")
    )
    assert cfg == outbox.SmtpConfig(host="mail.test", port=587, sender="a@b.test", starttls=True)


def test_the_app_lifespan_sends_the_order_confirmation(
    smtp_server: SmtpServer, tmp_path: Path, settings: Settings, db: Session
) -> None:
    live = settings.model_copy(
        update={
            "smtp_host": "127.0.0.1",
            "smtp_port": smtp_server.port,
            "smtp_from": "shop@acme.test",
            "mail_poll_seconds": 0.05,
        }
    )
    app = create_app(live)
    shop = make_shop(state_of(app).session_factory)
    name = "<b>Ana</b> & Co"
    with TestClient(app) as client:
        keeps_viewer_identity(client)
        client.post(
            "/api/v1/shows/spring-drop/cart/items",
            json={"market": "US", "variant_id": shop.shirt_m, "quantity": 1},
        )
        response = client.post(
            "/api/v1/shows/spring-drop/checkout",
            json=confirmed(client, "/api/v1/shows/spring-drop/checkout", checkout_body(name=name)),
            headers={"Idempotency-Key": "attempt-0001"},
        )
        assert response.status_code == 201, response.text
        deadline = time.monotonic() + 15
        while not smtp_server.inbox.envelopes and time.monotonic() < deadline:
            time.sleep(0.05)
    state_of(app).engine.dispose()
    [message] = smtp_server.inbox.messages()
    reference = response.json()["payment"]["reference"]
    assert message["Subject"] == f"Acme Outfitters: your order {reference}"
    assert message["To"] == "ana@example.com"
    parts = {p.get_content_type(): p.get_payload(decode=True) for p in message.walk()}
    html_part = parts["text/html"].decode()  # type: ignore[union-attr]
    assert str(escape(name)) in html_part and name not in html_part
    # The email's link opens the same order (it may be signed a second later).
    assert f'href="{signed_link_target(response.json()["url"])}.' in html_part
    email = db.scalar(select(OutboxEmail))
    assert email is not None and email.status is EmailStatus.SENT
