"""Lightweight viewers that behave like the live room's player after a fault, for the
restart benchmarks (`crosslive bench media --scenario janus-restart`): each one rejoins at
once when the show's event log says the media server restarted, after STALL_GRACE_S without
inbound media otherwise, and, while the show has no picture, when a `stage` event says a
publisher came. As the player, a reconnect ends the old session (DELETE, close) without
waiting for it. All of them share one process and one event loop, whose lag is sampled.

Run inside the viewers' namespace:
`python -m crosslive.media.lab.rejoining URL SHOW --viewers N --seconds S` prints
`{"ready": N}` once all play, then, S seconds later, when each one's joins started and
played (wall clock), when the event log brought each restart and stage, and the loop lag.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import time
from typing import Any

import httpx
import websockets
from aiortc.rtcdtlstransport import RTCDtlsTransport

from crosslive.media.lab.subscribers import (
    COUNTERS,
    REPORT_EVERY_S,
    Viewer,
    _count_only,
    join,
    report,
)


class Rejoining:
    """One viewer that behaves like the player after a fault (see above); keeps the
    wall-clock time of every join's start, steps and first frame."""

    def __init__(self, http: httpx.AsyncClient, show: str) -> None:
        self.http = http
        self.show = show
        self.viewer: Viewer | None = None
        self.first_frames: list[float] = []
        # Every join tried (wall clock): its start, its marks and first frame, or its status.
        self.tries: list[dict[str, Any]] = []
        self.rejoin = asyncio.Event()
        self.restarted = asyncio.Event()
        self.retry = asyncio.Event()
        self.stopped = False

    async def _leave(self) -> None:
        viewer, self.viewer = self.viewer, None
        if viewer is not None:
            await _end(self.http, viewer)

    def _leave_later(self) -> None:
        """As the player reconnects: its old session ends meanwhile, nobody waits for it."""
        viewer, self.viewer = self.viewer, None
        if viewer is not None:
            ending = asyncio.create_task(_end(self.http, viewer))
            ENDING.add(ending)
            ending.add_done_callback(ENDING.discard)

    async def _first_frame(self, viewer: Viewer, timeout: float) -> bool:
        """Waits for the join's first frame; as the player does, a rejoin asked for meanwhile
        (a new line-up) waits for it too, and happens right after. A restart ends the wait."""
        waits = {asyncio.ensure_future(e.wait()) for e in (viewer.counter.first, self.restarted)}
        try:
            await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for wait in waits:
                wait.cancel()
        if viewer.counter.frames == 0 or self.stopped or self.restarted.is_set():
            return False
        self.first_frames.append(viewer.counter.first_at)
        return True

    async def _watch(self, viewer: Viewer) -> None:
        """Until this connection is to be dropped: a restart, a stage change or a stall."""
        seen, flowing_at = viewer.counter.bytes, time.monotonic()
        while not self.stopped and not self.rejoin.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.rejoin.wait(), STALL_CHECK_S)
            if viewer.counter.bytes != seen:
                seen, flowing_at = viewer.counter.bytes, time.monotonic()
            if time.monotonic() - flowing_at > STALL_GRACE_S:
                return

    async def run(self, layer: int) -> None:
        backoff = 0.3
        while not self.stopped:
            self.rejoin.clear()
            self.restarted.clear()
            self.retry.clear()
            tried: dict[str, Any] = {"start": time.time()}
            self.tries.append(tried)
            try:
                self.viewer = await join(self.http, self.show, layer)
                tried["marks"] = self.viewer.marks  # "connected" comes later
                if await self._first_frame(self.viewer, 10.0):
                    tried["frame"] = self.first_frames[-1]
                    backoff = 0.3
                    await self._watch(self.viewer)
            except httpx.HTTPStatusError as exc:
                tried["status"] = exc.response.status_code
                if exc.response.status_code in {404, 503}:
                    backoff = max(backoff, 1.0)
            except (httpx.HTTPError, ValueError, KeyError) as exc:
                tried["status"] = type(exc).__name__
            self._leave_later()
            if self.stopped:
                return
            if not self.restarted.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.retry.wait(), backoff)
                backoff = min(backoff * 2, 4.0)


async def _end(http: httpx.AsyncClient, viewer: Viewer) -> None:
    for transceiver in viewer.pc.getTransceivers():
        COUNTERS.pop(id(transceiver.receiver.transport), None)
    with contextlib.suppress(httpx.HTTPError):
        await http.delete(f"/api/v1/media/viewers/{viewer.viewer_id}")
    await viewer.pc.close()


ENDING: set[asyncio.Task[None]] = set()
STALL_GRACE_S = 2.0
STALL_CHECK_S = 0.5
PING_EVERY_S = 20.0
LAG_EVERY_S = 0.02
# Wall clock of each media_restart and stage event heard; (wall clock, ms late) of each tick.
HEARD: dict[str, list[float]] = {}
LAGS: list[tuple[float, float]] = []


async def _sample_lag() -> None:
    """How late the event loop (all the viewers') runs a task: time spent waiting here."""
    loop = asyncio.get_running_loop()
    while True:
        due = loop.time() + LAG_EVERY_S
        await asyncio.sleep(LAG_EVERY_S)
        LAGS.append((time.time(), (loop.time() - due) * 1000))


async def _ping_every(socket: Any, seconds: float) -> None:
    while True:
        await asyncio.sleep(seconds)
        await socket.send("ping")


async def follow_events(ws_url: str, viewers: list[Rejoining]) -> None:
    """The show's event log, as every page hears it (one socket stands in for all of them):
    `media_restart` drops every connection at once, `stage` wakes viewers waiting to retry
    and makes the others re-subscribe to the new line-up."""
    while True:
        try:
            async with websockets.connect(ws_url) as socket:
                # As the page: the log back after a drop (the app may have restarted) wakes
                # the viewers waiting to retry.
                for viewer in viewers:
                    viewer.retry.set()
                # As the page (socket.js), a ping every 20 s: the server drops a socket that
                # says nothing for a minute, and these viewers would then miss media_restart.
                pinger = asyncio.create_task(_ping_every(socket, PING_EVERY_S))
                try:
                    async for message in socket:
                        event = json.loads(message)
                        kind, stage = event.get("kind"), event.get("data", {}).get("stage", 0)
                        if kind in {"media_restart", "stage"}:
                            HEARD.setdefault(kind, []).append(time.time())
                        for viewer in viewers:
                            # As the player: a stage its offer already had changes nothing.
                            joined = viewer.viewer
                            if kind == "media_restart" or (
                                kind == "stage" and joined is not None and stage > joined.stage
                            ):
                                viewer.rejoin.set()
                            if kind == "media_restart":
                                viewer.restarted.set()
                            if kind in {"media_restart", "stage"}:
                                viewer.retry.set()
                finally:
                    pinger.cancel()
        except (OSError, websockets.WebSocketException):
            await asyncio.sleep(0.25)


async def run_restart(url: str, show: str, count: int, seconds: float, layer: int) -> None:
    """COUNT viewers join and play; prints {"ready": n} once they all have a picture, then,
    SECONDS later, {"first_frames": [[t, ...] per viewer]} (wall-clock seconds)."""
    RTCDtlsTransport._handle_rtp_data = _count_only  # type: ignore[method-assign,assignment]
    ws_url = url.replace("http", "ws", 1) + f"/live/{show}/ws"
    async with httpx.AsyncClient(base_url=url, timeout=30) as http:
        viewers = [Rejoining(http, show) for _ in range(count)]
        tasks = [asyncio.create_task(follow_events(ws_url, viewers))]
        tasks.append(asyncio.create_task(_sample_lag()))
        tasks += [asyncio.create_task(viewer.run(layer)) for viewer in viewers]
        tasks.append(asyncio.create_task(keep_reporting_all(http, viewers)))
        while sum(1 for v in viewers if v.first_frames) < count:
            await asyncio.sleep(0.1)
        print(json.dumps({"ready": count}), flush=True)
        await asyncio.sleep(seconds)
        firsts, tries = [v.first_frames for v in viewers], [v.tries for v in viewers]
        lags = [[round(t, 3), round(ms, 1)] for t, ms in LAGS]
        said = {"first_frames": firsts, "tries": tries, "heard": HEARD, "lags": lags}
        print(json.dumps(said), flush=True)
        for viewer in viewers:
            viewer.stopped = True
            viewer.rejoin.set()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for viewer in viewers:
            await viewer._leave()


async def keep_reporting_all(http: httpx.AsyncClient, viewers: list[Rejoining]) -> None:
    """Stats reports, as the pages send them (the server ends a session without them)."""
    while True:
        await asyncio.sleep(REPORT_EVERY_S)
        current = [v.viewer for v in viewers if v.viewer is not None]
        await asyncio.gather(*(report(http, viewer) for viewer in current))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("show")
    parser.add_argument("--viewers", type=int, required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--layer", type=int, default=1)
    args = parser.parse_args()
    asyncio.run(run_restart(args.url, args.show, args.viewers, args.seconds, args.layer))


if __name__ == "__main__":
    main()
