"""Wiring credential expiry into the app's scheduler while it is built: the seller's
reminder emails (trust.expiry) and, when a credential expires or is withdrawn, the event
that makes open live rooms drop its card (the show event log is the live domain's)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from crosslive.live import service
from crosslive.scheduler.registry import JobRegistry
from crosslive.trust import expiry


def remove_from_rooms(db: Session, payload: Mapping[str, Any]) -> None:
    service.remove_credential(db, int(payload["seller_id"]), int(payload["credential_id"]))


def send_reminder(db: Session, payload: Mapping[str, Any]) -> None:
    expiry.send_reminder(db, payload)


def start_credential_jobs(db: Session, now: datetime) -> None:
    """At app start: expiry jobs for credentials saved before they existed."""
    expiry.schedule_all(db, now)


def register_credential_jobs(jobs: JobRegistry) -> None:
    jobs.register(expiry.REMINDER, send_reminder)
    jobs.register(expiry.REMOVED, remove_from_rooms)
