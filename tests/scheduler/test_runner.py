"""The runner on a real database: due order, retries, failure, lease reclaim, dedupe."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction
from crosslive.scheduler import service
from crosslive.scheduler.models import JobState, ScheduledJob
from crosslive.scheduler.registry import JobRegistry
from crosslive.scheduler.runner import GAVE_OUT, JobRunner
from tests.scheduler.clock import FakeClock

LEASE = 300.0


def runner(
    factory: sessionmaker[Session], registry: JobRegistry, clock: FakeClock, **kw: Any
) -> JobRunner:
    return JobRunner(factory, registry, clock=clock, lease_seconds=LEASE, owner="test", **kw)


def add(factory: sessionmaker[Session], kind: str, due: Any, key: str, **payload: Any) -> None:
    with transaction(factory) as db:
        assert service.schedule(db, kind, due, payload, key=key)


def jobs(factory: sessionmaker[Session]) -> dict[str, ScheduledJob]:
    with transaction(factory) as db:
        return {job.key: job for job in db.scalars(select(ScheduledJob))}


def test_due_jobs_run_earliest_first_and_future_ones_wait(
    session_factory: sessionmaker[Session],
) -> None:
    clock = FakeClock()
    ran: list[str] = []
    registry = JobRegistry()
    registry.register("note", lambda db, payload: ran.append(payload["name"]))
    for name, offset in (("c", -10), ("a", -30), ("later", 60), ("b", -20), ("now", 0)):
        add(session_factory, "note", clock.now + timedelta(seconds=offset), name, name=name)

    lags: list[tuple[str, float]] = []
    worker = runner(session_factory, registry, clock, on_lag=lambda k, s: lags.append((k, s)))
    assert asyncio.run(worker.run_due()) == 4
    assert ran == ["a", "b", "c", "now"]
    assert lags == [("note", 30.0), ("note", 20.0), ("note", 10.0), ("note", 0.0)]
    stored = jobs(session_factory)
    assert {k: (j.state, j.attempts) for k, j in stored.items()} == {
        "a": (JobState.DONE, 1),
        "b": (JobState.DONE, 1),
        "c": (JobState.DONE, 1),
        "now": (JobState.DONE, 1),
        "later": (JobState.PENDING, 0),
    }
    assert stored["a"].finished_at == clock.now and stored["a"].lease_until is None
    assert asyncio.run(worker.run_due()) == 0  # done jobs never run again
    clock.advance(60)
    assert asyncio.run(worker.run_due()) == 1
    assert ran[-1] == "later"


def test_a_kind_no_handler_is_registered_for_is_left_for_a_process_that_has_one(
    session_factory: sessionmaker[Session],
) -> None:
    clock = FakeClock()
    add(session_factory, "elsewhere", clock.now, "k")
    assert asyncio.run(runner(session_factory, JobRegistry(), clock).run_due()) == 0
    assert jobs(session_factory)["k"].state is JobState.PENDING
    with transaction(session_factory) as db:
        assert service.due_counts(db, clock.now) == {"elsewhere": 1}


def test_the_same_key_schedules_one_job_and_a_rolled_back_caller_schedules_none(
    session_factory: sessionmaker[Session],
) -> None:
    clock = FakeClock()
    with transaction(session_factory) as db:
        assert service.schedule(db, "note", clock.now, {"n": 1}, key="order:1")
        assert not service.schedule(
            db, "note", clock.now + timedelta(hours=1), {"n": 2}, key="order:1"
        )
        assert service.schedule(db, "other", clock.now, {}, key="order:1")  # keys are per kind
    with pytest.raises(RuntimeError), transaction(session_factory) as db:
        service.schedule(db, "note", clock.now, {}, key="order:2")
        raise RuntimeError("the caller's change failed")
    with transaction(session_factory) as db:
        rows = db.execute(select(ScheduledJob.kind, ScheduledJob.key, ScheduledJob.payload)).all()
    assert sorted(map(tuple, rows)) == [("note", "order:1", {"n": 1}), ("other", "order:1", {})]


def test_a_failing_job_rolls_its_work_back_is_retried_with_backoff_then_failed(
    session_factory: sessionmaker[Session],
) -> None:
    clock = FakeClock()
    calls: list[int] = []

    def flaky(db: Session, payload: Mapping[str, Any]) -> None:
        calls.append(1)
        service.schedule(db, "side-effect", clock.now, {}, key=f"try-{len(calls)}")
        raise RuntimeError("boom")

    registry = JobRegistry()
    registry.register("flaky", flaky, max_attempts=3, retry_seconds=10)
    add(session_factory, "flaky", clock.now, "job")
    worker = runner(session_factory, registry, clock)
    start = clock.now

    assert asyncio.run(worker.run_due()) == 1
    job = jobs(session_factory)["job"]
    assert (job.state, job.attempts, job.last_error) == (JobState.PENDING, 1, "RuntimeError: boom")
    assert job.due_at == start + timedelta(seconds=10)
    assert asyncio.run(worker.run_due()) == 0  # not before its backoff
    clock.advance(10)
    assert asyncio.run(worker.run_due()) == 1
    assert jobs(session_factory)["job"].due_at == clock.now + timedelta(seconds=20)  # doubled
    clock.advance(20)
    assert asyncio.run(worker.run_due()) == 1
    job = jobs(session_factory)["job"]
    assert (job.state, job.attempts, job.finished_at) == (JobState.FAILED, 3, clock.now)
    clock.advance(3600)
    assert asyncio.run(worker.run_due()) == 0
    assert len(calls) == 3
    assert set(jobs(session_factory)) == {"job"}  # every try's own writes were rolled back


def test_a_job_that_fails_once_then_succeeds_is_done_and_its_error_cleared(
    session_factory: sessionmaker[Session],
) -> None:
    clock = FakeClock()
    calls: list[int] = []

    def once(db: Session, payload: Mapping[str, Any]) -> None:
        calls.append(1)
        if len(calls) == 1:
            raise ValueError("not yet")

    registry = JobRegistry()
    registry.register("once", once, retry_seconds=5)
    add(session_factory, "once", clock.now, "job")
    worker = runner(session_factory, registry, clock)
    asyncio.run(worker.run_due())
    clock.advance(5)
    asyncio.run(worker.run_due())
    job = jobs(session_factory)["job"]
    assert (job.state, job.attempts, job.last_error, len(calls)) == (JobState.DONE, 2, "", 2)


def test_a_job_whose_runner_died_is_taken_over_once_its_lease_runs_out(
    session_factory: sessionmaker[Session],
) -> None:
    clock = FakeClock()
    ran: list[str] = []
    registry = JobRegistry()
    registry.register("note", lambda db, payload: ran.append("ran"), max_attempts=2)
    add(session_factory, "note", clock.now, "job")
    with transaction(session_factory) as db:  # a runner claims it, then its process is killed
        dead = service.claim(
            db,
            jobs(session_factory)["job"].id,
            owner="dead",
            now=clock.now,
            lease=timedelta(seconds=LEASE),
        )
    assert dead is not None and dead.attempts == 1

    survivor = runner(session_factory, registry, clock)
    clock.advance(LEASE - 1)
    assert asyncio.run(survivor.run_due()) == 0  # still the dead runner's
    clock.advance(1)
    assert asyncio.run(survivor.run_due()) == 1
    job = jobs(session_factory)["job"]
    assert (job.state, job.attempts, ran) == (JobState.DONE, 2, ["ran"])
    with transaction(session_factory) as db:  # the old claim can no longer finish it
        assert service.finish(db, dead, clock.now) is False
        assert (
            service.fail(db, dead, "late", now=clock.now, max_attempts=2, retry_seconds=1) is None
        )
    assert jobs(session_factory)["job"].state is JobState.DONE


def test_a_job_whose_last_attempt_died_is_failed_not_run_again(
    session_factory: sessionmaker[Session],
) -> None:
    clock = FakeClock()
    ran: list[str] = []
    registry = JobRegistry()
    registry.register("note", lambda db, payload: ran.append("ran"), max_attempts=1)
    add(session_factory, "note", clock.now, "job")
    with transaction(session_factory) as db:
        service.claim(
            db,
            jobs(session_factory)["job"].id,
            owner="dead",
            now=clock.now,
            lease=timedelta(seconds=LEASE),
        )
    clock.advance(LEASE)
    asyncio.run(runner(session_factory, registry, clock).run_due())
    job = jobs(session_factory)["job"]
    assert (job.state, job.attempts, job.last_error, ran) == (JobState.FAILED, 2, GAVE_OUT, [])


def test_a_runner_that_lost_its_lease_mid_job_rolls_its_work_back(
    session_factory: sessionmaker[Session],
) -> None:
    """The slow runner's handler runs after another runner took the job over: its work and
    its "done" do not commit; the job is the other runner's to finish."""
    clock = FakeClock()
    effects: list[str] = []
    registry = JobRegistry()

    def slow(db: Session, payload: Mapping[str, Any]) -> None:
        effects.append("slow")
        service.schedule(db, "side-effect", clock.now, {}, key="slow")

    registry.register("note", slow)
    add(session_factory, "note", clock.now, "job")
    job_id = jobs(session_factory)["job"].id
    with transaction(session_factory) as db:
        stale = service.claim(db, job_id, owner="slow", now=clock.now, lease=timedelta(seconds=1))
    assert stale is not None
    clock.advance(2)
    with transaction(session_factory) as db:
        fresh = service.claim(db, job_id, owner="fresh", now=clock.now, lease=timedelta(seconds=60))
    assert fresh is not None
    worker = runner(session_factory, registry, clock)
    kind = registry.kind("note")
    assert kind is not None
    asyncio.run(worker._run(stale, kind))  # the slow runner finally gets to it
    assert effects == []  # it checked its claim before doing the work
    assert set(jobs(session_factory)) == {"job"}
    assert jobs(session_factory)["job"].state is JobState.RUNNING


def test_registering_a_kind_twice_or_with_no_attempts_is_refused() -> None:
    registry = JobRegistry()
    registry.register("note", lambda db, payload: None)
    with pytest.raises(ValueError, match="already registered"):
        registry.register("note", lambda db, payload: None)
    with pytest.raises(ValueError, match="max_attempts"):
        registry.register("other", lambda db, payload: None, max_attempts=0)
    assert registry.names() == {"note"}
