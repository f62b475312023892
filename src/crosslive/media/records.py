"""Viewer-session rows written in the background.

A join must not wait for the database: one SQLite commit took 427 ms in a benchmark run,
and done on the event loop it held up every viewer's signalling with it.
Writes are queued and run one at a time in a worker thread, so a session's row is always
created before its figures are recorded.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Callable

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction
from crosslive.media import service
from crosslive.media.service import Audience, SessionFigures, ShowRef

log = logging.getLogger(__name__)

Write = Callable[[Session], object]


class SessionRecords:
    def __init__(self, factory: sessionmaker[Session]) -> None:
        self.factory = factory
        self._queue: asyncio.Queue[Write] = asyncio.Queue()
        self._writer: asyncio.Task[None] | None = None

    def started(
        self,
        show: ShowRef,
        viewer_key: str,
        layer: int,
        viewer_id: str | None = None,
        audience: Audience = Audience(),
    ) -> None:
        self._put(
            functools.partial(
                service.start_viewer_session,
                show=show,
                viewer_key=viewer_key,
                layer=layer,
                viewer_id=viewer_id,
                audience=audience,
            )
        )

    def identified(self, viewer_key: str, viewer_id: str) -> None:
        self._put(
            functools.partial(
                service.identify_viewer_session, viewer_key=viewer_key, viewer_id=viewer_id
            )
        )

    def figures(self, viewer_key: str, figures: SessionFigures, end_reason: str = "") -> None:
        self._put(
            functools.partial(
                service.record_viewer_figures,
                viewer_key=viewer_key,
                figures=figures,
                end_reason=end_reason,
            )
        )

    async def flush(self) -> None:
        """Wait until everything queued so far is written."""
        await self._queue.join()

    async def close(self) -> None:
        await self.flush()
        if self._writer is not None:
            self._writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._writer
            self._writer = None

    def _put(self, write: Write) -> None:
        self._queue.put_nowait(write)
        if self._writer is None or self._writer.done():
            self._writer = asyncio.get_running_loop().create_task(
                self._write_forever(), name="viewer-session-records"
            )

    async def _write_forever(self) -> None:
        while True:
            write = await self._queue.get()
            try:
                await asyncio.to_thread(self._write, write)
            except SQLAlchemyError:
                log.exception("could not record a viewer session")
            finally:
                self._queue.task_done()

    def _write(self, write: Write) -> None:
        with transaction(self.factory) as db:
            # Positional db, keywords bound above: the service functions take (db, ...).
            write(db)
