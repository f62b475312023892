"""The replay worker: a task the app owns that opens a replay for each recorded show once it
has ended, and makes its video in a thread (janus-pp-rec and ffmpeg can take minutes; no
database transaction stays open meanwhile), then keeps the outcome and tells the show's
event log. A failure fails that replay only."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from crosslive.db import utcnow
from crosslive.replays import processing, service
from crosslive.settings import Settings

log = logging.getLogger(__name__)
R = TypeVar("R")
Unit = Callable[[Callable[[Session], R]], Awaitable[R]]
POLL_SECONDS = 5.0
LEASE = timedelta(hours=6)


class ReplayWorker:
    def __init__(self, settings: Settings, unit: Callable[..., Awaitable[Any]]) -> None:
        self.settings = settings
        self._unit = unit
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    async def run_once(self) -> int:
        """Open what ended, then make every replay waiting; how many it made or failed."""
        settings = self.settings
        await self._unit(
            lambda db: service.open_ended(
                db, settings.recordings_dir, utcnow(), settings.replay_settle_seconds
            )
        )
        done = 0
        while True:
            claimed = await self._unit(lambda db: _claimed(db))
            if claimed is None:
                return done
            await self._make(*claimed)
            done += 1

    async def _make(self, replay_id: int, show_id: int) -> None:
        rec_dir = self.settings.recordings_dir / str(show_id)
        name = f"show-{show_id}-{replay_id}.mp4"
        work = self.settings.replays_dir / f".work-{replay_id}"
        try:
            segments, placed = await asyncio.to_thread(
                processing.render, rec_dir, self.settings.replays_dir / name, work
            )
        except processing.ProcessingFailed as exc:
            reason = str(exc)
            log.warning("replay %s could not be made: %s", replay_id, reason)
            await self._unit(lambda db: service.fail(db, replay_id, reason))
            return
        except Exception as exc:  # a bug here fails this replay, never the worker
            log.exception("replay %s could not be made", replay_id)
            kind = type(exc).__name__
            await self._unit(lambda db: service.fail(db, replay_id, kind))
            return
        finally:
            shutil.rmtree(work, ignore_errors=True)
        base = datetime.fromtimestamp(segments[0].first_us / 1e6, UTC)
        await self._unit(
            lambda db: service.finish(
                db, replay_id, file_name=name, recorded_from=base, placed=placed
            )
        )
        # The MP4 is the replay now: Janus's raw files would only fill the disk (a failed
        # replay keeps them, for a look at what went wrong).
        shutil.rmtree(rec_dir, ignore_errors=True)
        log.info("replay %s ready", replay_id, extra={"seconds": sum(p.length for p in placed)})

    async def _forever(self) -> None:
        while True:
            try:
                await self.run_once()
            except Exception:  # a database hiccup: try again next round
                log.exception("replay worker round failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), POLL_SECONDS)
            self._wake.clear()

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        self.settings.replays_dir.mkdir(parents=True, exist_ok=True)
        self._task = asyncio.create_task(self._forever(), name="replay-worker")
        try:
            yield
        finally:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None


def _claimed(db: Session) -> tuple[int, int] | None:
    replay = service.claim(db, utcnow(), LEASE)
    return None if replay is None else (replay.id, replay.show_id)


def replays_path(settings: Settings, file_name: str) -> Path | None:
    """The replay's video file, when it is there."""
    path = settings.replays_dir / file_name
    return path if file_name and path.is_file() else None
