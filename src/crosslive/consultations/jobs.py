"""Wiring video call requests into the app's scheduler: a request nobody took is expired at
its time (the viewer told, the store emailed) even when no page asks about it then, and a
call one of whose pages went silent is ended (the other side told)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from crosslive.consultations import presence, service
from crosslive.scheduler.registry import JobRegistry


def expire(db: Session, payload: Mapping[str, Any]) -> None:
    service.expire_due(db)


def register_consultation_jobs(jobs: JobRegistry) -> None:
    jobs.register(service.EXPIRE_JOB, expire)
    jobs.register(service.SILENCE_JOB, presence.check_job)
