"""The demo's simulated viewers (demo.viewers_data) are in the live room they chat in: while
its show is live each of them is one of the show's audience in the hub, joined as a real
viewer's socket joins it (events.api.event_socket), reading chat in their own language. So the
dashboard's viewers watching, the host console's counters and the room's languages (what chat
and captions are translated into) count them like anyone else. They leave when the show ends
(someone pressed End show) and when the app stops.

Like a real viewer's page, each one reads what the room sends it (and drops it: nobody looks)
and so stays seen; one the hub cuts all the same joins again at the next look, as a page
reconnects. They play no video: the insights' viewer sessions (media playback) do not count
them, as they count no real viewer who only reads the chat.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass

from crosslive.demo.viewers_data import VIEWERS, DemoViewer
from crosslive.events.hub import Hub
from crosslive.events.subscriber import Subscriber


@dataclass
class _Present:
    subscriber: Subscriber
    reader: asyncio.Task[None]


class Presence:
    """Which show the simulated viewers are in (none, or the live one) and their places in it."""

    def __init__(self, hub: Hub, viewers: tuple[DemoViewer, ...] = VIEWERS) -> None:
        self._hub = hub
        self._viewers = viewers
        self._show_id: int | None = None
        self._present: dict[str, _Present] = {}

    @property
    def show_id(self) -> int | None:
        return self._show_id

    def count(self) -> int:
        """The simulated viewers in the room now."""
        return sum(1 for p in self._present.values() if not p.subscriber.dropped)

    async def follow(self, show_id: int | None) -> None:
        """Be in SHOW_ID's room (None: the show is not live, be in none); join again whoever
        the hub cut."""
        if show_id != self._show_id:
            await self.leave()
            self._show_id = show_id
        if show_id is None:
            return
        for viewer in self._viewers:
            present = self._present.get(viewer.name)
            if present is not None and not present.subscriber.dropped:
                continue
            if present is not None:
                await self._drop(present)
            self._present[viewer.name] = await self._join(show_id, viewer)

    async def leave(self) -> None:
        """Everyone out of the room they are in."""
        present, self._present = list(self._present.values()), {}
        for one in present:
            await self._drop(one)
        self._show_id = None

    async def _join(self, show_id: int, viewer: DemoViewer) -> _Present:
        sub = Subscriber(websocket=None, writer=None, language=viewer.language)
        await self._hub.join(show_id, sub)
        # No backlog to read: from now on events come as they are published.
        self._hub.go_live(sub, 0)
        reader = asyncio.create_task(_read(sub), name=f"demo-viewer-{viewer.language}")
        return _Present(sub, reader)

    async def _drop(self, present: _Present) -> None:
        present.reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await present.reader
        if self._show_id is not None:
            await self._hub.leave(self._show_id, present.subscriber)


async def _read(sub: Subscriber) -> None:
    """What the room sends this viewer, read as it comes (heartbeats included), so the hub
    neither finds them idle nor falls behind with them; None is the hub cutting them."""
    while not sub.dropped:
        frame = await sub.queue.get()
        if frame is None:
            return
        sub.last_seen = time.monotonic()
