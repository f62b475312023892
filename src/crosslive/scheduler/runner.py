"""The runner: an asyncio task the app lifespan owns that claims due jobs and runs them.

Every round it lists the jobs of its registered kinds that are due (or whose runner's lease
ran out), earliest first, claims each with a conditional UPDATE and runs the kind's handler in
its own transaction, in which the job is also marked done. A handler that raises rolls its work
back; the job is tried again after a backoff, and marked failed after the kind's attempts.
Database work runs in worker threads, never on the event loop. Once an hour a round also
deletes the jobs that finished (done, or failed for good) more than `keep_finished` ago.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import run_in_transaction, utcnow
from crosslive.scheduler import service
from crosslive.scheduler.models import JobState
from crosslive.scheduler.registry import JobKind, JobRegistry

log = logging.getLogger(__name__)
Result = TypeVar("Result")
LagObserver = Callable[[str, float], None]
GAVE_OUT = "its runner stopped during the last attempt (the lease ran out)"


class UnitOfWork(Protocol):
    """Runs WORK in one transaction and commits it (the app passes `commit_then_publish`,
    so events a handler records reach viewers once its work has committed)."""

    def __call__(self, work: Callable[[Session], Result], /) -> Awaitable[Result]: ...


class LeaseLost(Exception):
    """Another runner took the job over after this one's lease ran out."""


def default_owner() -> str:
    return f"{socket.gethostname()[:24]}:{os.getpid()}"


class JobRunner:
    def __init__(
        self,
        factory: sessionmaker[Session],
        registry: JobRegistry,
        *,
        unit: UnitOfWork | None = None,
        owner: str | None = None,
        clock: Callable[[], datetime] = utcnow,
        lease_seconds: float = 300.0,
        poll_seconds: float = 1.0,
        batch: int = 20,
        on_lag: LagObserver | None = None,
        keep_finished: timedelta | None = timedelta(days=30),
        prune_every: timedelta = timedelta(hours=1),
    ) -> None:
        self._factory = factory
        self._registry = registry
        self._unit = unit or self._plain_unit
        self.owner = owner or default_owner()
        self._clock = clock
        self._lease = timedelta(seconds=lease_seconds)
        self._poll = poll_seconds
        self._batch = batch
        self._on_lag = on_lag
        self._keep_finished = keep_finished
        self._prune_every = prune_every
        self._next_prune: datetime | None = None
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    @property
    def registry(self) -> JobRegistry:
        return self._registry

    def _plain_unit(self, work: Callable[[Session], Result]) -> Awaitable[Result]:
        return run_in_transaction(self._factory, work)

    async def run_due(self) -> int:
        """One round: claim and run up to a batch of due jobs; returns how many it claimed."""
        kinds = self._registry.names()
        now = self._clock()
        due = await run_in_transaction(
            self._factory, lambda db: service.due_ids(db, kinds, now, self._batch)
        )
        claimed = 0
        for job_id in due:
            claim = await self._claim(job_id)
            if claim is None:
                continue  # another runner has it
            claimed += 1
            kind = self._registry.kind(claim.kind)
            assert kind is not None  # only registered kinds are listed
            await self._run(claim, kind)
        return claimed

    async def prune(self) -> int:
        """Delete jobs finished (done or failed) longer than keep_finished ago, a batch at a
        time; how many. Without keep_finished it keeps them all."""
        if self._keep_finished is None:
            return 0
        before = self._clock() - self._keep_finished
        pruned = 0
        while True:
            batch = await run_in_transaction(
                self._factory, lambda db: service.prune_finished(db, before)
            )
            pruned += batch
            if batch < 1000:
                return pruned

    async def _prune_when_due(self) -> None:
        now = self._clock()
        if self._next_prune is not None and now < self._next_prune:
            return
        self._next_prune = now + self._prune_every
        pruned = await self.prune()
        if pruned:
            log.info("pruned %s finished jobs", pruned)

    async def _claim(self, job_id: int) -> service.Claim | None:
        now = self._clock()
        claim = await run_in_transaction(
            self._factory,
            lambda db: service.claim(db, job_id, owner=self.owner, now=now, lease=self._lease),
        )
        if claim is not None and self._on_lag is not None:
            self._on_lag(claim.kind, max((now - claim.due_at).total_seconds(), 0.0))
        return claim

    async def _run(self, claim: service.Claim, kind: JobKind) -> None:
        if claim.attempts > kind.max_attempts:
            await self._failed(claim, kind, GAVE_OUT)
            return

        def work(db: Session) -> None:
            if not service.finish(db, claim, self._clock()):
                raise LeaseLost(claim.id)
            kind.handler(db, claim.payload)

        try:
            await self._unit(work)
        except LeaseLost:
            log.warning("job %s (%s): lease lost to another runner", claim.id, claim.kind)
        except Exception as exc:
            log.warning(
                "job %s (%s) failed, attempt %s",
                claim.id,
                claim.kind,
                claim.attempts,
                exc_info=True,
            )
            await self._failed(claim, kind, f"{type(exc).__name__}: {exc}")

    async def _failed(self, claim: service.Claim, kind: JobKind, error: str) -> None:
        now = self._clock()
        state = await run_in_transaction(
            self._factory,
            lambda db: service.fail(
                db,
                claim,
                error,
                now=now,
                max_attempts=kind.max_attempts,
                retry_seconds=kind.retry_seconds,
            ),
        )
        if state is JobState.FAILED:
            log.error(
                "job %s (%s) failed for good after %s attempts",
                claim.id,
                claim.kind,
                claim.attempts,
            )

    def start(self) -> None:
        self._stopping.clear()
        self._task = asyncio.create_task(self._loop(), name="crosslive-scheduler")

    async def stop(self) -> None:
        """Ask the loop to finish and wait for it (a job in flight completes first)."""
        self._stopping.set()
        if self._task is not None:
            await self._task
            self._task = None

    async def _loop(self) -> None:
        while not self._stopping.is_set():
            claimed = 0
            try:
                claimed = await self.run_due()
                await self._prune_when_due()
            except Exception:
                log.exception("scheduler round failed")
            if claimed >= self._batch:
                continue  # more may be due: no pause
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), timeout=self._poll)

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Run jobs while the block runs (the app lifespan enters this)."""
        self.start()
        try:
            yield
        finally:
            await self.stop()
