"""The scheduled-jobs table: one row per job, its due time, its lease and its outcome."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Enum, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crosslive.db import Base, UTCDateTime, utcnow


class JobState(enum.StrEnum):
    PENDING = "pending"  # waiting for due_at (or for its next try)
    RUNNING = "running"  # leased to one runner until lease_until
    DONE = "done"
    FAILED = "failed"  # gave up after the kind's attempts; last_error says why


class ScheduledJob(Base):
    __tablename__ = "scheduled_jobs"
    __table_args__ = (
        # The same job (a kind and its key) is scheduled once, however often it is asked for.
        UniqueConstraint("kind", "key"),
        Index("ix_scheduled_jobs_due", "state", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(200))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[JobState] = mapped_column(
        Enum(JobState, native_enum=False, length=16), default=JobState.PENDING
    )
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    # Who runs it now (a token per claim) and until when; past that, another runner may.
    lease_owner: Mapped[str] = mapped_column(String(64), default="")
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
