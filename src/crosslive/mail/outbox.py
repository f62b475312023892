"""Queue emails in the outbox table and deliver them over SMTP with retries.

`enqueue` adds a row in the caller's transaction, so an email exists exactly when the
change it announces was committed. `deliver_due` claims due rows one at a time with a
conditional UPDATE (a lease), sends, and records the outcome; failures are retried with
exponential backoff until `max_attempts`, then marked failed. `OutboxSender` is the
asyncio task that calls it; the app lifespan owns it (starts and stops it).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import smtplib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage

from sqlalchemy import func, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction, utcnow
from crosslive.mail.models import EmailStatus, OutboxEmail
from crosslive.settings import Settings

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)
MAX_BACKOFF = timedelta(hours=1)


def enqueue(db: Session, *, to: str, subject: str, text: str, html: str = "") -> OutboxEmail:
    """Queue one email in the caller's transaction."""
    email = OutboxEmail(to_address=to, subject=subject, text_body=text, html_body=html)
    db.add(email)
    db.flush()
    return email


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int = 25
    user: str = ""
    password: str = ""
    sender: str = "crosslive@localhost"
    starttls: bool = False
    timeout: float = 10.0
    # At most this many emails to one address an hour; more wait for the next free slot.
    per_recipient_per_hour: int = 10

    @classmethod
    def from_settings(cls, settings: Settings) -> SmtpConfig | None:
        """The configured server, or None when sending is disabled (no host)."""
        if not settings.smtp_host:
            return None
        return cls(
            host=settings.smtp_host,
            port=settings.smtp_port,
            user=settings.smtp_user,
            password=settings.smtp_password,
            sender=settings.smtp_from,
            starttls=settings.smtp_starttls,
            per_recipient_per_hour=settings.mail_per_recipient_per_hour,
        )


def counts_by_status(db: Session) -> dict[str, int]:
    """Emails in the outbox per status (every status listed, 0 where none)."""
    rows = db.execute(select(OutboxEmail.status, func.count()).group_by(OutboxEmail.status))
    counts = {status.value: 0 for status in EmailStatus}
    counts.update({status.value: int(count) for status, count in rows})
    return counts


def build_message(config: SmtpConfig, email: OutboxEmail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = config.sender
    message["To"] = email.to_address
    message["Subject"] = email.subject
    message["Message-ID"] = f"<outbox-{email.id}@crosslive>"
    message.set_content(email.text_body)
    if email.html_body:
        message.add_alternative(email.html_body, subtype="html")
    return message


def send_smtp(config: SmtpConfig, message: EmailMessage) -> None:
    with smtplib.SMTP(config.host, config.port, timeout=config.timeout) as client:
        if config.starttls:
            client.starttls()
        if config.user:
            client.login(config.user, config.password)
        client.send_message(message)


def backoff(attempts: int, base_seconds: float) -> timedelta:
    """Delay before the next try after ATTEMPTS failures: base, 2*base, 4*base ... <= 1 h."""
    return min(timedelta(seconds=base_seconds * 2 ** (attempts - 1)), MAX_BACKOFF)


def _claim(factory: sessionmaker[Session], email_id: int, now: datetime) -> OutboxEmail | None:
    """Lease one due email so a second sender process skips it; None if someone else has it."""
    with transaction(factory) as db:
        result = db.execute(
            update(OutboxEmail)
            .where(
                OutboxEmail.id == email_id,
                OutboxEmail.status == EmailStatus.PENDING,
                OutboxEmail.next_attempt_at <= now,
            )
            .values(next_attempt_at=now + LEASE)
        )
        assert isinstance(result, CursorResult)
        if result.rowcount != 1:
            return None
        return db.get(OutboxEmail, email_id)


def _record(
    factory: sessionmaker[Session],
    email_id: int,
    error: str | None,
    *,
    now: datetime,
    max_attempts: int,
    backoff_seconds: float,
) -> None:
    with transaction(factory) as db:
        email = db.get(OutboxEmail, email_id)
        if email is None:
            return
        email.attempts += 1
        if error is None:
            email.status = EmailStatus.SENT
            email.sent_at = now
            email.last_error = ""
        elif email.attempts >= max_attempts:
            email.status = EmailStatus.FAILED
            email.last_error = error
        else:
            email.next_attempt_at = now + backoff(email.attempts, backoff_seconds)
            email.last_error = error


@dataclass(frozen=True)
class Postponed:
    """Not now: wait until AT (the recipient's next free slot), or hold for good."""

    at: datetime | None
    hold: bool = False


def _recipient_slot(
    factory: sessionmaker[Session], email: OutboxEmail, limit: int, now: datetime
) -> Postponed | None:
    """None when EMAIL may go now (its recipient got fewer than LIMIT emails in the last
    hour); else when a slot frees. An address that already has LIMIT more emails waiting gets
    this one held: a flood of orders in someone else's name must not become a flood of mail."""
    hour_ago = now - timedelta(hours=1)
    with transaction(factory) as db:
        sent = db.scalars(
            select(OutboxEmail.sent_at)
            .where(
                OutboxEmail.to_address == email.to_address,
                OutboxEmail.status == EmailStatus.SENT,
                OutboxEmail.sent_at > hour_ago,
            )
            .order_by(OutboxEmail.sent_at)
        ).all()
        if len(sent) < limit:
            return None
        waiting = db.scalar(
            select(func.count(OutboxEmail.id)).where(
                OutboxEmail.to_address == email.to_address,
                OutboxEmail.status == EmailStatus.PENDING,
                OutboxEmail.id < email.id,  # ahead of it in the queue
            )
        )
    if (waiting or 0) >= limit:
        return Postponed(at=None, hold=True)
    oldest = sent[len(sent) - limit]
    assert oldest is not None
    return Postponed(at=oldest + timedelta(hours=1))


def _postpone(factory: sessionmaker[Session], email_id: int, postponed: Postponed) -> None:
    with transaction(factory) as db:
        email = db.get(OutboxEmail, email_id)
        if email is None:
            return
        if postponed.hold or postponed.at is None:
            email.status = EmailStatus.HELD
            email.last_error = "held: this address already had its hourly emails, more waiting"
        else:
            email.next_attempt_at = postponed.at


def deliver_due(
    factory: sessionmaker[Session],
    config: SmtpConfig,
    *,
    now: datetime | None = None,
    batch: int = 20,
    max_attempts: int = 8,
    backoff_seconds: float = 30.0,
) -> int:
    """Send up to BATCH due emails; returns how many were sent."""
    now = now or utcnow()
    with transaction(factory) as db:
        due = db.scalars(
            select(OutboxEmail.id)
            .where(OutboxEmail.status == EmailStatus.PENDING, OutboxEmail.next_attempt_at <= now)
            .order_by(OutboxEmail.id)
            .limit(batch)
        ).all()
    sent = 0
    for email_id in due:
        email = _claim(factory, email_id, now)
        if email is None:
            continue
        postponed = _recipient_slot(factory, email, config.per_recipient_per_hour, now)
        if postponed is not None:
            _postpone(factory, email_id, postponed)
            continue
        error: str | None = None
        try:
            send_smtp(config, build_message(config, email))
            sent += 1
        except (OSError, smtplib.SMTPException) as exc:
            error = f"{type(exc).__name__}: {exc}"[:500]
            log.warning("outbox email %s not sent (attempt %s)", email_id, email.attempts + 1)
        _record(
            factory,
            email_id,
            error,
            now=now,
            max_attempts=max_attempts,
            backoff_seconds=backoff_seconds,
        )
    return sent


class OutboxSender:
    """The background task that drains the outbox; owned by the app lifespan."""

    def __init__(
        self,
        factory: sessionmaker[Session],
        config: SmtpConfig,
        *,
        poll_seconds: float = 2.0,
        backoff_seconds: float = 30.0,
    ) -> None:
        self._factory = factory
        self._config = config
        self._poll = poll_seconds
        self._backoff = backoff_seconds
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="crosslive-outbox-sender")

    async def stop(self) -> None:
        """Ask the loop to finish and wait for it (an SMTP call in flight completes first)."""
        self._stopping.set()
        if self._task is not None:
            await self._task
            self._task = None

    async def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                await asyncio.to_thread(
                    deliver_due, self._factory, self._config, backoff_seconds=self._backoff
                )
            except Exception:
                log.exception("outbox delivery round failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), timeout=self._poll)


@asynccontextmanager
async def outbox_running(factory: sessionmaker[Session], settings: Settings) -> AsyncIterator[None]:
    """Drain the outbox while the block runs, when an SMTP server is configured."""
    config = SmtpConfig.from_settings(settings)
    if config is None:
        yield
        return
    sender = OutboxSender(
        factory,
        config,
        poll_seconds=settings.mail_poll_seconds,
        backoff_seconds=settings.mail_retry_seconds,
    )
    sender.start()
    try:
        yield
    finally:
        await sender.stop()
