"""Scheduling jobs and the runner's steps on the table, each one conditional UPDATE.

`schedule` adds a job in the caller's transaction, so the job exists exactly when the change
that asked for it committed. A runner claims a due job with one conditional UPDATE (pending
and due, or running with its lease run out); on SQLite the write lock and on PostgreSQL the
row lock make exactly one of several runners match it. The job is marked done in the same
transaction as its handler's work, again only while the claim is still the runner's own: a
runner that lost its lease rolls its work back instead of doing it a second time.
"""

from __future__ import annotations

import secrets
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from crosslive.errors import InvalidInput
from crosslive.scheduler.models import JobState, ScheduledJob

MAX_BACKOFF = timedelta(hours=1)
ERROR_LENGTH = 500


@dataclass(frozen=True)
class Claim:
    """A job this runner holds, as it was when claimed."""

    id: int
    kind: str
    key: str
    payload: dict[str, Any]
    due_at: datetime
    attempts: int  # this run included
    token: str


def schedule(
    db: Session,
    kind: str,
    due_at: datetime,
    payload: Mapping[str, Any] | None = None,
    *,
    key: str | None = None,
) -> bool:
    """Add a KIND job due at DUE_AT in the caller's transaction. With a KEY, a second job of
    the same kind and key is not added (even by a concurrent transaction); returns whether
    this call added it."""
    if not kind or len(kind) > 64:
        raise InvalidInput("a job kind is 1 to 64 characters")
    if due_at.tzinfo is None:
        raise InvalidInput("a job's due time must be timezone-aware")
    key = key if key is not None else secrets.token_hex(16)
    if not key or len(key) > 200:
        raise InvalidInput("a job key is 1 to 200 characters")
    values = {
        "kind": kind,
        "key": key,
        "payload": dict(payload or {}),
        "state": JobState.PENDING,
        "due_at": due_at,
        "attempts": 0,
        "last_error": "",
        "lease_owner": "",
    }
    insert = postgresql.insert if db.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = (
        insert(ScheduledJob)
        .values(**values)
        .on_conflict_do_nothing()
        .returning(ScheduledJob.id)  # rowcount is not reliable here (-1 on psycopg)
    )
    return db.execute(statement).first() is not None


def _claimable(now: datetime) -> Any:
    return or_(
        and_(ScheduledJob.state == JobState.PENDING, ScheduledJob.due_at <= now),
        and_(ScheduledJob.state == JobState.RUNNING, ScheduledJob.lease_until <= now),
    )


def due_ids(db: Session, kinds: Collection[str], now: datetime, limit: int) -> list[int]:
    """Up to LIMIT jobs of KINDS a runner may claim at NOW, the earliest due first."""
    if not kinds:
        return []
    rows = db.scalars(
        select(ScheduledJob.id)
        .where(ScheduledJob.kind.in_(sorted(kinds)), _claimable(now))
        .order_by(ScheduledJob.due_at, ScheduledJob.id)
        .limit(limit)
    )
    return list(rows)


def claim(db: Session, job_id: int, *, owner: str, now: datetime, lease: timedelta) -> Claim | None:
    """Lease the job to OWNER until NOW + LEASE and count the attempt; None when another
    runner got it first (or it is no longer due)."""
    token = f"{owner[:40]}/{secrets.token_hex(8)}"
    result = db.execute(
        update(ScheduledJob)
        .where(ScheduledJob.id == job_id, _claimable(now))
        .values(
            state=JobState.RUNNING,
            lease_owner=token,
            lease_until=now + lease,
            attempts=ScheduledJob.attempts + 1,
        )
        .execution_options(synchronize_session=False)
    )
    assert isinstance(result, CursorResult)
    if result.rowcount != 1:
        return None
    row = db.execute(
        select(
            ScheduledJob.kind,
            ScheduledJob.key,
            ScheduledJob.payload,
            ScheduledJob.due_at,
            ScheduledJob.attempts,
        ).where(ScheduledJob.id == job_id)
    ).one()
    return Claim(job_id, row.kind, row.key, dict(row.payload), row.due_at, row.attempts, token)


def _mine(claim: Claim) -> Any:
    return and_(
        ScheduledJob.id == claim.id,
        ScheduledJob.state == JobState.RUNNING,
        ScheduledJob.lease_owner == claim.token,
    )


def finish(db: Session, claim: Claim, now: datetime) -> bool:
    """Mark the claimed job done, in the transaction that does its work; False when the
    claim is no longer this runner's (its lease ran out and another runner took it)."""
    result = db.execute(
        update(ScheduledJob)
        .where(_mine(claim))
        .values(state=JobState.DONE, finished_at=now, lease_until=None, last_error="")
        .execution_options(synchronize_session=False)
    )
    assert isinstance(result, CursorResult)
    return result.rowcount == 1


def backoff(attempts: int, base_seconds: float) -> timedelta:
    """Delay before the next try after ATTEMPTS failures: base, 2*base, 4*base ... <= 1 h."""
    return min(timedelta(seconds=base_seconds * 2 ** (attempts - 1)), MAX_BACKOFF)


def fail(
    db: Session,
    claim: Claim,
    error: str,
    *,
    now: datetime,
    max_attempts: int,
    retry_seconds: float,
) -> JobState | None:
    """Record a failed run: due again after a backoff, or failed for good after
    MAX_ATTEMPTS runs. None when the claim was no longer this runner's."""
    final = claim.attempts >= max_attempts
    values: dict[str, Any] = {"last_error": error[:ERROR_LENGTH], "lease_until": None}
    if final:
        values.update(state=JobState.FAILED, finished_at=now)
    else:
        values.update(state=JobState.PENDING, due_at=now + backoff(claim.attempts, retry_seconds))
    result = db.execute(
        update(ScheduledJob)
        .where(_mine(claim))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    assert isinstance(result, CursorResult)
    if result.rowcount != 1:
        return None
    return JobState.FAILED if final else JobState.PENDING


def prune_finished(db: Session, before: datetime, *, limit: int = 1000) -> int:
    """Delete up to LIMIT jobs done or failed for good before BEFORE; how many it deleted.
    Pending and running jobs are never touched; a job's key is free again once pruned."""
    old = (
        select(ScheduledJob.id)
        .where(
            ScheduledJob.state.in_((JobState.DONE, JobState.FAILED)),
            ScheduledJob.finished_at < before,
        )
        .order_by(ScheduledJob.finished_at, ScheduledJob.id)
        .limit(limit)
    )
    ids = list(db.scalars(old))
    if not ids:
        return 0
    result = db.execute(
        delete(ScheduledJob)
        .where(ScheduledJob.id.in_(ids), ScheduledJob.state.in_((JobState.DONE, JobState.FAILED)))
        .execution_options(synchronize_session=False)
    )
    assert isinstance(result, CursorResult)
    return int(result.rowcount)


def due_counts(db: Session, now: datetime) -> dict[str, int]:
    """Jobs a runner could claim at NOW but none has started, per kind (lag, in numbers)."""
    rows = db.execute(
        select(ScheduledJob.kind, func.count())
        .where(_claimable(now))
        .group_by(ScheduledJob.kind)
        .order_by(ScheduledJob.kind)
    )
    return {kind: int(count) for kind, count in rows}


def counts_by_state(db: Session) -> dict[str, int]:
    """Jobs per state (every state listed, 0 where none)."""
    rows = db.execute(select(ScheduledJob.state, func.count()).group_by(ScheduledJob.state))
    counts = {state.value: 0 for state in JobState}
    counts.update({state.value: int(count) for state, count in rows})
    return counts
