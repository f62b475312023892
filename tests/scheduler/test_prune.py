"""Finished jobs are pruned once older than the runner's keep_finished; nothing else is."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction
from crosslive.scheduler import service
from crosslive.scheduler.models import JobState, ScheduledJob
from crosslive.scheduler.registry import JobRegistry
from crosslive.scheduler.runner import JobRunner
from tests.scheduler.clock import FakeClock

KEEP = timedelta(days=30)


def arrange(factory: sessionmaker[Session], clock: FakeClock) -> None:
    """Jobs in every state, finished 31 days ago, 29 days ago or not at all."""
    old, recent = clock.now - timedelta(days=31), clock.now - timedelta(days=29)
    rows = [
        ("done-old", JobState.DONE, old),
        ("failed-old", JobState.FAILED, old),
        ("done-recent", JobState.DONE, recent),
        ("failed-recent", JobState.FAILED, recent),
        ("pending-old", JobState.PENDING, None),
        ("running-old", JobState.RUNNING, None),
    ]
    with transaction(factory) as db:
        for key, state, finished in rows:
            assert service.schedule(db, "note", old, key=key)
            job = db.scalars(select(ScheduledJob).where(ScheduledJob.key == key)).one()
            job.state, job.finished_at = state, finished
            job.created_at = old - timedelta(days=1)


def keys(factory: sessionmaker[Session]) -> list[str]:
    with transaction(factory) as db:
        return sorted(db.scalars(select(ScheduledJob.key)))


def test_only_jobs_finished_longer_ago_than_kept_are_deleted(
    session_factory: sessionmaker[Session],
) -> None:
    clock = FakeClock()
    arrange(session_factory, clock)
    runner = JobRunner(session_factory, JobRegistry(), clock=clock, keep_finished=KEEP)
    assert asyncio.run(runner.prune()) == 2
    assert keys(session_factory) == [
        "done-recent",
        "failed-recent",
        "pending-old",
        "running-old",
    ]
    assert asyncio.run(runner.prune()) == 0  # again: nothing more
    with transaction(session_factory) as db:  # the key is free again once pruned
        assert service.schedule(db, "note", clock.now, key="done-old")


def test_keeping_everything_prunes_nothing_and_rounds_prune_hourly(
    session_factory: sessionmaker[Session],
) -> None:
    clock = FakeClock()
    arrange(session_factory, clock)
    keeper = JobRunner(session_factory, JobRegistry(), clock=clock, keep_finished=None)
    assert asyncio.run(keeper.prune()) == 0
    assert len(keys(session_factory)) == 6

    runner = JobRunner(session_factory, JobRegistry(), clock=clock, keep_finished=KEEP)
    asyncio.run(runner._prune_when_due())  # the first round prunes
    assert "done-old" not in keys(session_factory)
    with transaction(session_factory) as db:  # another old finished job turns up
        service.schedule(db, "note", clock.now, key="late")
        job = db.scalars(select(ScheduledJob).where(ScheduledJob.key == "late")).one()
        job.state, job.finished_at = JobState.DONE, clock.now - timedelta(days=40)
    clock.advance(30 * 60)
    asyncio.run(runner._prune_when_due())  # half an hour on: not yet
    assert "late" in keys(session_factory)
    clock.advance(31 * 60)
    asyncio.run(runner._prune_when_due())  # over an hour on: pruned
    assert keys(session_factory) == ["done-recent", "failed-recent", "pending-old", "running-old"]
