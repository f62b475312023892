"""Credential expiry: the store's owners are emailed 30 and 7 days before a credential
expires, and open live rooms are told to drop a card the moment it can no longer be shown
(expired the day after valid_until, or withdrawn by staff).

Reminder jobs are keyed by credential, validity date and lead time, so saving a credential
twice schedules them once, and a job whose credential changed its date since does nothing.
The room side (`REMOVED`) is a job kind the live domain registers: trust cannot reach the
show event log itself."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.auth.models import Role, StaffUser
from crosslive.mail import outbox
from crosslive.scheduler import service as scheduler
from crosslive.trust.models import Credential

log = logging.getLogger(__name__)

REMINDER = "trust.expiry_reminder"
REMOVED = "trust.credential_removed"
LEAD_DAYS = (30, 7)
# Reminders go out in the morning (UTC) of the day they are due.
SEND_AT = time(8, 0, tzinfo=UTC)


def reminder_due(valid_until: date, days: int) -> datetime:
    return datetime.combine(valid_until - timedelta(days=days), SEND_AT)


def expiry_moment(valid_until: date) -> datetime:
    """The first instant it is expired: validity is judged by the UTC day."""
    return datetime.combine(valid_until + timedelta(days=1), time(0, 0, tzinfo=UTC))


def schedule_expiry(db: Session, credential: Credential, now: datetime) -> list[int]:
    """Schedule the reminders still ahead of NOW and the room removal at expiry (at NOW when
    that is past); returns
    the lead times (days) of the reminders this call added."""
    until = credential.valid_until
    if until is None:
        return []
    added = []
    for days in LEAD_DAYS:
        due = reminder_due(until, days)
        if due <= now:
            continue
        payload = {"credential_id": credential.id, "valid_until": until.isoformat(), "days": days}
        key = f"credential:{credential.id}:{until.isoformat()}:{days}"
        if scheduler.schedule(db, REMINDER, due, payload, key=key):
            added.append(days)
    # At expiry; at once when the validity was just set to a day already past (an open room
    # still shows the card it had a moment ago).
    scheduler.schedule(
        db,
        REMOVED,
        max(expiry_moment(until), now),
        {"credential_id": credential.id, "seller_id": credential.seller_id},
        key=f"credential:{credential.id}:{until.isoformat()}:expired",
    )
    return added


def schedule_all(db: Session, now: datetime) -> int:
    """At app start: the jobs of every credential still ahead of expiry (those saved before
    this existed, or whose jobs were pruned); keyed, so running it again adds nothing.
    Returns how many reminders it added."""
    rows = db.scalars(
        select(Credential).where(Credential.valid_until >= now.date()).order_by(Credential.id)
    )
    return sum(len(schedule_expiry(db, credential, now)) for credential in rows)


def schedule_removed_now(db: Session, credential: Credential, now: datetime) -> None:
    """Withdrawn: open rooms drop the card as soon as the scheduler runs the job."""
    scheduler.schedule(
        db, REMOVED, now, {"credential_id": credential.id, "seller_id": credential.seller_id}
    )


def owner_addresses(db: Session, seller_id: int) -> list[str]:
    rows = db.scalars(
        select(StaffUser.email)
        .where(StaffUser.seller_id == seller_id, StaffUser.role == Role.OWNER)
        .order_by(StaffUser.id)
    )
    return list(rows)


def send_reminder(db: Session, payload: Mapping[str, Any]) -> int:
    """The `trust.expiry_reminder` job: email the store's owners; the number queued (0 when
    the credential is gone, was withdrawn, or its validity changed since it was scheduled)."""
    credential = db.get(Credential, int(payload["credential_id"]))
    wanted = str(payload["valid_until"])
    if credential is None or credential.withdrawn or credential.valid_until is None:
        return 0
    if credential.valid_until.isoformat() != wanted:
        log.info("expiry reminder skipped: validity changed", extra={"credential": credential.id})
        return 0
    days = int(payload["days"])
    subject = f"Credential expires in {days} days: {credential.claim[:80]}"
    text = (
        f'Your credential "{credential.claim}" ({credential.issuer} {credential.identifier})\n'
        f"is valid until {wanted}. Viewers stop seeing it the day after.\n\n"
        "Upload the renewed certificate or report in the seller admin (Credentials), and\n"
        "record a new verification, so viewers keep seeing it as verified.\n"
    )
    addresses = owner_addresses(db, credential.seller_id)
    for address in addresses:
        outbox.enqueue(db, to=address, subject=subject, text=text)
    return len(addresses)
