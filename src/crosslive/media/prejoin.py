"""Subscriptions made before a viewer asks: a joining viewer takes a ready Janus offer.

Joining as a Janus subscriber costs an attach, a join and the wait for Janus's offer: most
of the server's share of the time to the first frame. For every show that has viewers, a few
subscriptions on the current line-up are kept joined and waiting, so a viewer's
`POST .../viewers` hands one out at once and another is joined in the background.
A change of line-up, a Janus restart or old age throws the waiting ones away.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from crosslive.media.errors import MediaUnavailable, NotLive
from crosslive.media.janus_client import JanusClient, JanusError

log = logging.getLogger(__name__)

# A waiting subscription is renewed after this long: Janus keeps it, but an offer that old
# describes a line-up nobody checked for minutes.
MAX_AGE_S = 120.0
# After a viewer took one, the next is joined this much later: Janus's VideoRoom handles
# requests one at a time, and the viewer's own answer should not queue behind a join.
REFILL_DELAY_S = 0.5


@dataclass(frozen=True)
class Joined:
    """A Janus subscriber handle joined on `feeds`, with Janus's offer not yet answered."""

    handle_id: int
    feeds: tuple[int, ...]
    layer: int
    offer_sdp: str
    main_mid: str
    made: float


async def join_subscriber(
    client: JanusClient, room: int, feeds: tuple[int, ...], layer: int, handle: int | None = None
) -> Joined:
    """Attach (unless given a HANDLE attached already) and join as a subscriber of `feeds`
    (the first on `layer`, the rest low)."""
    streams = [{"feed": feeds[0], "substream": layer}]
    streams += [{"feed": feed, "substream": 0} for feed in feeds[1:]]
    body = {"request": "join", "ptype": "subscriber", "room": room, "streams": streams}
    if handle is None:
        handle = await client.attach()
    try:
        data, offer = await client.message(handle, body)
    except JanusError as exc:
        await client.detach(handle)
        raise NotLive(f"the show is not playable right now ({exc.reason})") from exc
    if offer is None:
        await client.detach(handle)
        raise NotLive("the show is not playable right now")
    main_mid = next(
        (
            str(s["mid"])
            for s in data.get("streams", [])
            if s.get("type") == "video" and s.get("feed_id") == feeds[0]
        ),
        "1",
    )
    return Joined(handle, feeds, layer, str(offer["sdp"]), main_mid, time.monotonic())


class PrejoinPool:
    """Up to `depth` waiting subscriptions per show, all on one start layer."""

    def __init__(self, janus: Callable[[], JanusClient], depth: int, layer: int) -> None:
        self.janus = janus
        self.depth = depth
        self.layer = layer
        self._ready: dict[int, list[Joined]] = {}
        self._filling: dict[int, asyncio.Task[None]] = {}

    def waiting(self, show_id: int) -> int:
        return len(self._ready.get(show_id, []))

    def take(self, show_id: int, feeds: tuple[int, ...], layer: int) -> Joined | None:
        """A waiting subscription on exactly this line-up and layer, and a refill started."""
        if self.depth == 0:
            return None
        ready = self._ready.get(show_id, [])
        taken = next((j for j in ready if j.feeds == feeds and j.layer == layer), None)
        if taken is not None:
            ready.remove(taken)
        self.fill(show_id, feeds, delay=REFILL_DELAY_S)
        return taken

    def fill(self, show_id: int, feeds: tuple[int, ...], delay: float = 0.0) -> None:
        """Join subscriptions in the background until `depth` are waiting (one task a show)."""
        if self.depth == 0 or not feeds:
            return
        task = self._filling.get(show_id)
        if task is not None and not task.done():
            return
        self._filling[show_id] = asyncio.create_task(
            self._fill(show_id, feeds, delay), name=f"media-prejoin-{show_id}"
        )

    async def _fill(self, show_id: int, feeds: tuple[int, ...], delay: float) -> None:
        ready = self._ready.setdefault(show_id, [])
        await asyncio.sleep(delay)
        try:
            client = self.janus()
            while len([j for j in ready if j.feeds == feeds]) < self.depth:
                joined = await join_subscriber(client, show_id, feeds, self.layer)
                if self._ready.get(show_id) is not ready:  # flushed while it joined
                    await client.detach(joined.handle_id)
                    return
                ready.append(joined)
        except (NotLive, MediaUnavailable, JanusError) as exc:
            log.info("no waiting subscription for show %s: %s", show_id, exc)

    async def flush(self, show_id: int) -> None:
        """The line-up changed: throw the show's waiting subscriptions away. A fill still
        running notices the new list and stops; a new one may start at once."""
        self._filling.pop(show_id, None)
        for joined in self._ready.pop(show_id, []):
            await self._detach(joined)

    async def expire(self, now: float) -> None:
        for show_id, ready in list(self._ready.items()):
            old = [j for j in ready if now - j.made > MAX_AGE_S]
            for joined in old:
                ready.remove(joined)
                await self._detach(joined)
            if old:
                self.fill(show_id, old[0].feeds)

    def reset(self) -> None:
        """Janus went away, and every handle with it: forget, detach nothing."""
        for task in self._filling.values():
            task.cancel()
        self._filling.clear()
        self._ready.clear()

    async def close(self) -> None:
        for show_id in list(self._ready):
            await self.flush(show_id)

    async def _detach(self, joined: Joined) -> None:
        with contextlib.suppress(JanusError, MediaUnavailable):
            await self.janus().detach(joined.handle_id)
