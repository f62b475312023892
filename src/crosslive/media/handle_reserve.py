"""Janus handles attached before they are needed, for the rejoins after a Janus restart.

A restart ends every viewer's session, and their pages all join again within a second or
two, each join an attach, a join and Janus's offer. The attach needs no publisher, so as soon
as the new Janus has a session the gateway attaches as many handles as there were viewers,
while the hosts are still publishing again (one at a time, so as not to hold those up);
each rejoin then takes one and skips a round trip to Janus in the busiest second of the
recovery. Handles nobody took are detached
RESERVE_TTL_S later.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable

from crosslive.media.errors import MediaUnavailable
from crosslive.media.janus_client import JanusClient, JanusError

log = logging.getLogger(__name__)

# At most this many handles are attached ahead (a show with more viewers attaches the rest
# on demand, as before).
MAX_RESERVED = 200
# Attached one at a time: the hosts' publishing again (room, attach, join and configure) is
# the first thing every viewer waits for, and must not queue behind a burst of attaches in
# the app and in Janus (in one traced run, behind eight at a time, the console's publish
# took 0.44 s, against 0.16 s in a run without them).
RESERVE_TTL_S = 30.0


class HandleReserve:
    def __init__(self, janus: Callable[[], JanusClient]) -> None:
        self.janus = janus
        self.wanted = 0
        self._handles: list[int] = []
        self._until = 0.0
        self._filling: asyncio.Task[None] | None = None

    def __len__(self) -> int:
        return len(self._handles)

    def reset(self, wanted: int) -> None:
        """Janus went away (its handles with it) while WANTED viewers were watching."""
        if self._filling is not None:
            self._filling.cancel()
        self._filling = None
        self._handles.clear()
        # A rebuild that failed (no session yet) left its count: the larger one stands.
        self.wanted = min(max(self.wanted, wanted), MAX_RESERVED)

    def fill(self) -> None:
        """A new session is open: attach the handles wanted, in the background."""
        count, self.wanted = self.wanted, 0
        if count > 0:
            self._until = time.monotonic() + RESERVE_TTL_S
            self._filling = asyncio.create_task(self._fill(count), name="media-handle-reserve")

    async def _fill(self, count: int) -> None:
        try:
            client = self.janus()
            for _ in range(count):
                self._handles.append(await client.attach())
        except (JanusError, MediaUnavailable) as exc:
            log.info("no handles attached ahead: %s", exc)

    def take(self) -> int | None:
        """An attached handle, or None (the join attaches its own)."""
        return self._handles.pop() if self._handles else None

    async def expire(self, now: float) -> None:
        """Detach the handles nobody took within RESERVE_TTL_S."""
        if not self._handles or now < self._until:
            return
        if self._filling is not None and not self._filling.done():
            return
        handles, self._handles = self._handles, []
        with contextlib.suppress(MediaUnavailable):
            client = self.janus()
            for handle in handles:
                await client.detach(handle)
