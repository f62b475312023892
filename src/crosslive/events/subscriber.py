"""One viewer connected to this process's hub: where its frames go, what waits while its
backlog is sent, and how it is cut when it falls behind."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from dataclasses import dataclass, field

from starlette.websockets import WebSocket

from crosslive.events.frames import RawWriter

FALLBACK_QUEUE = 256


@dataclass(eq=False)
class Subscriber:
    """One connected viewer. Frames go to `writer` (raw transport) or to `queue` (fallback).
    A viewer without a socket (the demo's simulated ones) reads its `queue` itself."""

    websocket: WebSocket | None
    writer: RawWriter | None
    queue: asyncio.Queue[str | None] = field(
        default_factory=lambda: asyncio.Queue(maxsize=FALLBACK_QUEUE)
    )
    # While the backlog is being sent, live events wait here (id, frame) in order.
    pending: deque[tuple[int | None, bytes, bytes]] | None = field(default_factory=deque)
    last_seen: float = field(default_factory=time.monotonic)
    dropped: bool = False
    # The language the viewer reads chat in (translated messages come in it), or None.
    language: str | None = None

    def deliver(self, frame: bytes, data: bytes) -> bool:
        if self.writer is not None:
            return self.writer.write(frame)
        try:
            self.queue.put_nowait(data.decode())
        except asyncio.QueueFull:
            return False
        return True

    def cut(self) -> None:
        """Disconnect a viewer that fell behind or went idle."""
        self.dropped = True
        if self.writer is not None:
            self.writer.abort()
        else:
            with contextlib.suppress(asyncio.QueueFull):
                self.queue.put_nowait(None)
