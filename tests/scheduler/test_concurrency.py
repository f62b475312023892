"""Several runners on one database (SQLite here, PostgreSQL in the suite's second pass): each
job is claimed, and its work done, exactly once."""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction
from crosslive.scheduler import service
from crosslive.scheduler.models import JobState, ScheduledJob
from crosslive.scheduler.registry import JobRegistry
from crosslive.scheduler.runner import JobRunner
from tests.scheduler.clock import FakeClock

JOBS = 40


def _schedule_all(factory: sessionmaker[Session], clock: FakeClock) -> list[int]:
    with transaction(factory) as db:
        for n in range(JOBS):
            service.schedule(db, "count", clock.now - timedelta(seconds=n), {"n": n}, key=str(n))
        return list(db.scalars(select(ScheduledJob.id).order_by(ScheduledJob.id)))


def test_two_runners_claiming_the_same_job_at_once_get_it_once_between_them(
    session_factory: sessionmaker[Session],
) -> None:
    clock = FakeClock()
    ids = _schedule_all(session_factory, clock)
    barrier = threading.Barrier(2)
    won: dict[str, list[int]] = {"a": [], "b": []}

    def claim_each(owner: str) -> None:
        for job_id in ids:
            barrier.wait()  # both go for the same job at the same moment
            with transaction(session_factory) as db:
                claim = service.claim(
                    db, job_id, owner=owner, now=clock.now, lease=timedelta(minutes=5)
                )
            if claim is not None:
                won[owner].append(job_id)

    threads = [threading.Thread(target=claim_each, args=(o,)) for o in won]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(won["a"] + won["b"]) == ids
    assert set(won["a"]).isdisjoint(won["b"])


def test_two_runners_on_one_database_run_every_job_exactly_once(
    session_factory: sessionmaker[Session],
) -> None:
    clock = FakeClock()
    ids = _schedule_all(session_factory, clock)
    runs: Counter[int] = Counter()
    lock = threading.Lock()

    def count(db: Session, payload: Mapping[str, Any]) -> None:
        with lock:
            runs[int(payload["n"])] += 1

    registry = JobRegistry()
    registry.register("count", count)
    start = threading.Barrier(2)

    def run(owner: str) -> None:
        worker = JobRunner(session_factory, registry, clock=clock, owner=owner, batch=5)
        start.wait()
        while True:
            asyncio.run(worker.run_due())
            with transaction(session_factory) as db:
                if not service.due_counts(db, clock.now):
                    return

    threads = [threading.Thread(target=run, args=(o,)) for o in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert runs == Counter(range(JOBS))
    with transaction(session_factory) as db:
        states = db.execute(
            select(ScheduledJob.state, ScheduledJob.attempts, func.count()).group_by(
                ScheduledJob.state, ScheduledJob.attempts
            )
        ).all()
    assert [tuple(row) for row in states] == [(JobState.DONE, 1, len(ids))]
