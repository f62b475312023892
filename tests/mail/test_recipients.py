"""One address per email, parsed by email-validator, and a bounded number of emails per
recipient an hour: a flood of orders in someone else's name never floods their inbox."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.errors import InvalidInput
from crosslive.mail import outbox
from crosslive.mail.addresses import one_address
from crosslive.mail.models import EmailStatus, OutboxEmail
from tests.mail.conftest import SmtpServer
from tests.mail.test_outbox import config, queue

NOW = (datetime.now(UTC) + timedelta(hours=1)).replace(microsecond=0)


@pytest.mark.parametrize(
    "text, reason",
    [
        ("a@b.com,c", "enter one email address, not a list"),
        ("a@b.com; c@d.com", "enter one email address, not a list"),
        ("Ana <a@b.com>", "A display name and angle brackets"),
        ("a@b.com\nBcc: c@d.com", "invalid characters"),
        ("ana@@x.com", "invalid characters"),
        ("ana@localhost", "It should have a period"),
        ("", "enter your email address"),
    ],
)
def test_anything_but_one_mailbox_is_refused(text: str, reason: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        one_address(text)
    assert reason in refused.value.message


def test_one_mailbox_is_kept_with_its_domain_in_lower_case() -> None:
    assert one_address("  Ana.Buyer@Example.COM ") == "ana.buyer@example.com"
    assert one_address("kim@bücher.de") == "kim@bücher.de"


def _statuses(db: Session) -> list[tuple[EmailStatus, datetime | None]]:
    db.expire_all()
    rows = db.scalars(select(OutboxEmail).order_by(OutboxEmail.id))
    return [
        (e.status, e.next_attempt_at if e.status == EmailStatus.PENDING else None) for e in rows
    ]


def test_a_recipient_gets_at_most_the_hourly_share_and_a_flood_is_held(
    smtp_server: SmtpServer, session_factory: sessionmaker[Session], db: Session
) -> None:
    for _ in range(25):
        queue(session_factory, to="victim@example.com")
    queue(session_factory, to="someone.else@example.com")
    limited = outbox.SmtpConfig(
        host="127.0.0.1", port=smtp_server.port, sender="shop@acme.test", per_recipient_per_hour=10
    )
    assert outbox.deliver_due(session_factory, limited, now=NOW, batch=100) == 11
    later = NOW + timedelta(hours=1)
    # 10 sent; the next 10 wait for the hour to pass; the 5 behind a full backlog are held.
    assert _statuses(db) == (
        [(EmailStatus.SENT, None)] * 10
        + [(EmailStatus.PENDING, later)] * 10
        + [(EmailStatus.HELD, None)] * 5
        + [(EmailStatus.SENT, None)]
    )
    victim = [e for e in smtp_server.inbox.envelopes if e.rcpt_tos == ["victim@example.com"]]
    assert len(victim) == 10
    # An hour on, the waiting ten go; the held ones stay held.
    assert outbox.deliver_due(session_factory, limited, now=later, batch=100) == 10
    sent = db.scalar(select(func.count()).where(OutboxEmail.status == EmailStatus.SENT))
    assert sent == 21


def test_the_default_config_sends_a_normal_volume_untouched(
    smtp_server: SmtpServer, session_factory: sessionmaker[Session]
) -> None:
    for _ in range(3):
        queue(session_factory)
    assert outbox.deliver_due(session_factory, config(smtp_server.port), now=NOW) == 3
