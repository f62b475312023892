"""Lightweight viewers for the capacity benchmark: real WebRTC subscribers that do not decode.

Each one joins through the viewer API like a browser (offer, answer, stats reports), and
aiortc does ICE, DTLS and SRTP; but received RTP is only counted (a video frame ends where
the marker bit is set), never parsed further, jitter-buffered or decoded. A viewer costs a
small fraction of what Janus spends on it, so Janus, not the load, runs out first.

Run inside the viewers' namespace:
`python -m crosslive.media.lab.subscribers URL SHOW --janus-pid PID --steps 10,20,40 --seconds 8`
prints one JSON object per step.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
import websockets
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from aiortc.rtcdtlstransport import RTCDtlsTransport

TICKS = os.sysconf("SC_CLK_TCK")
FULL_FPS = 25.0
REPORT_EVERY_S = 3.0


@dataclass
class Counter:
    video_pts: set[int]
    frames: int = 0
    bytes: int = 0
    # Set with the first video frame (a page's requestVideoFrameCallback, not a poll).
    first: asyncio.Event = field(default_factory=asyncio.Event)
    first_at: float = 0.0


COUNTERS: dict[int, Counter] = {}


async def _count_only(transport: RTCDtlsTransport, data: bytes, arrival_time_ms: int) -> None:
    """Stands in for aiortc's RTP handling: count, do not parse, buffer or decode."""
    counter = COUNTERS.get(id(transport))
    if counter is None:
        return
    counter.bytes += len(data)
    if data[1] & 0x80 and data[1] & 0x7F in counter.video_pts:
        counter.frames += 1
        if counter.frames == 1:
            counter.first_at = time.time()
            counter.first.set()


def _video_payload_types(sdp: str) -> set[int]:
    pts: set[int] = set()
    in_video = False
    for line in sdp.splitlines():
        if line.startswith("m="):
            in_video = line.startswith("m=video")
            if in_video:
                pts.update(int(pt) for pt in line.split()[3:])
    return pts


def machine_busy() -> tuple[int, int]:
    """(busy, total) clock ticks of all cores since boot."""
    with open("/proc/stat") as stat:
        ticks = [int(v) for v in stat.readline().split()[1:]]
    idle = ticks[3] + ticks[4]  # idle + iowait
    return sum(ticks) - idle, sum(ticks)


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


@dataclass
class Viewer:
    viewer_id: str
    pc: RTCPeerConnection
    counter: Counter
    last_frames: int = 0
    last_bytes: int = 0
    last_at: float = field(default_factory=time.monotonic)
    stage: int = 0
    # Wall-clock marks of the join (restart bench): offer in hand, answer acknowledged,
    # ICE and DTLS connected.
    marks: dict[str, float] = field(default_factory=dict)


async def join(http: httpx.AsyncClient, show: str, layer: int) -> Viewer:
    response = await http.post(f"/api/v1/media/shows/{show}/viewers", params={"layer": layer})
    response.raise_for_status()
    marks = {"offer": time.time()}
    offer = response.json()
    pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))

    @pc.on("connectionstatechange")
    def _connected() -> None:
        if pc.connectionState == "connected":
            marks.setdefault("connected", time.time())

    await pc.setRemoteDescription(RTCSessionDescription(offer["sdp"], "offer"))
    await pc.setLocalDescription(await pc.createAnswer())
    counter = Counter(_video_payload_types(offer["sdp"]))
    for transceiver in pc.getTransceivers():
        COUNTERS[id(transceiver.receiver.transport)] = counter
    answer = {"sdp": pc.localDescription.sdp}
    reply = await http.post(f"/api/v1/media/viewers/{offer['viewer_id']}/answer", json=answer)
    reply.raise_for_status()
    marks["answered"] = time.time()
    stage = int(offer.get("stage") or 0)
    return Viewer(offer["viewer_id"], pc, counter, stage=stage, marks=marks)


async def report(http: httpx.AsyncClient, viewer: Viewer) -> None:
    """What the viewer page reports; the frame rate and bitrate are the ones counted here.
    A counted bitrate is all this viewer knows of its link, so it is also the headroom."""
    now = time.monotonic()
    seconds = max(now - viewer.last_at, 0.001)
    fps = (viewer.counter.frames - viewer.last_frames) / seconds
    kbps = (viewer.counter.bytes - viewer.last_bytes) * 8 / 1000 / seconds
    viewer.last_frames, viewer.last_bytes, viewer.last_at = (
        viewer.counter.frames,
        viewer.counter.bytes,
        now,
    )
    body = {"fps": round(fps, 1), "kbps": round(kbps, 1), "available_kbps": round(kbps, 1)}
    with contextlib.suppress(httpx.HTTPError):
        await http.post(f"/api/v1/media/viewers/{viewer.viewer_id}/stats", json=body)


async def keep_reporting(http: httpx.AsyncClient, viewers: list[Viewer]) -> None:
    while True:
        await asyncio.sleep(REPORT_EVERY_S)
        await asyncio.gather(*(report(http, viewer) for viewer in list(viewers)))


async def run(
    url: str, show: str, janus_pid: int, steps: list[int], seconds: float, layer: int
) -> None:
    RTCDtlsTransport._handle_rtp_data = _count_only  # type: ignore[method-assign,assignment]
    viewers: list[Viewer] = []
    async with httpx.AsyncClient(base_url=url, timeout=30) as http:
        reporter = asyncio.create_task(keep_reporting(http, viewers))
        try:
            for count in steps:
                while len(viewers) < count:
                    batch = min(10, count - len(viewers))
                    joins = (join(http, show, layer) for _ in range(batch))
                    viewers += await asyncio.gather(*joins)
                await asyncio.sleep(3)  # connected, keyframes in
                row = await _measure(viewers, janus_pid, seconds)
                print(json.dumps(row), flush=True)
                if row["min_fps"] < FULL_FPS:
                    break
        finally:
            reporter.cancel()
            for viewer in viewers:
                with contextlib.suppress(httpx.HTTPError):
                    await http.delete(f"/api/v1/media/viewers/{viewer.viewer_id}")
                await viewer.pc.close()


async def _measure(viewers: list[Viewer], janus_pid: int, seconds: float) -> dict[str, Any]:
    frames = [v.counter.frames for v in viewers]
    sent = sum(v.counter.bytes for v in viewers)
    janus0, own0, t0 = cpu_seconds(janus_pid), cpu_seconds(os.getpid()), time.monotonic()
    busy0, total0 = machine_busy()
    await asyncio.sleep(seconds)
    elapsed = time.monotonic() - t0
    fps = sorted((v.counter.frames - f) / elapsed for v, f in zip(viewers, frames, strict=True))
    janus_pct = (cpu_seconds(janus_pid) - janus0) / elapsed * 100
    own_pct = (cpu_seconds(os.getpid()) - own0) / elapsed * 100
    mbps = (sum(v.counter.bytes for v in viewers) - sent) * 8 / 1e6 / elapsed
    busy1, total1 = machine_busy()
    return {
        "viewers": len(viewers),
        "min_fps": round(fps[0], 1),
        "median_fps": round(fps[len(fps) // 2], 1),
        "kbps_per_viewer": round(mbps * 1000 / len(viewers), 1),
        "janus_cpu_pct": round(janus_pct, 1),
        "janus_cpu_pct_per_viewer": round(janus_pct / len(viewers), 3),
        "load_cpu_pct": round(own_pct, 1),
        "machine_busy_pct": round((busy1 - busy0) / max(total1 - total0, 1) * 100, 1),
    }


class Rejoining:
    """One viewer that behaves like the player after a fault: it rejoins at once when the
    show's event log says the media server restarted, after STALL_GRACE_S without inbound
    media otherwise, and, while the show has no picture to join, retries when a stage event
    says a publisher came (or after a growing pause). Keeps the wall-clock time of every
    join's first frame."""

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
        if viewer is None:
            return
        for transceiver in viewer.pc.getTransceivers():
            COUNTERS.pop(id(transceiver.receiver.transport), None)
        with contextlib.suppress(httpx.HTTPError):
            await self.http.delete(f"/api/v1/media/viewers/{viewer.viewer_id}")
        await viewer.pc.close()

    async def _first_frame(self, viewer: Viewer, timeout: float) -> bool:
        """Waits for the join's first frame; as the player does, a rejoin asked for meanwhile
        (a new line-up) waits for it too, and happens right after. A restart ends the wait."""
        waits = [
            asyncio.ensure_future(viewer.counter.first.wait()),
            asyncio.ensure_future(self.restarted.wait()),
        ]
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
            await self._leave()
            if self.stopped:
                return
            if not self.restarted.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.retry.wait(), backoff)
                backoff = min(backoff * 2, 4.0)


STALL_GRACE_S = 2.0
STALL_CHECK_S = 0.5
PING_EVERY_S = 20.0
LAG_EVERY_S = 0.02
# When the event log brought each media_restart and stage event (wall clock).
HEARD: dict[str, list[float]] = {}
# (wall clock, ms) of every LAG_EVERY_S tick: how late this process's event loop ran it.
LAGS: list[tuple[float, float]] = []


async def _sample_lag() -> None:
    """How late the event loop runs a task here (all the viewers share it): the time a
    viewer's packets and replies wait on this process rather than on the server."""
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
    parser.add_argument("--janus-pid", type=int)
    parser.add_argument("--steps", default="10,20,40,80,120,160,200")
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--layer", type=int, default=1)
    parser.add_argument(
        "--restart-viewers", type=int, default=0, help="play with N rejoining viewers instead"
    )
    args = parser.parse_args()
    if args.restart_viewers:
        asyncio.run(run_restart(args.url, args.show, args.restart_viewers, args.seconds, 1))
        return
    if args.janus_pid is None:
        parser.error("--janus-pid is needed for the capacity steps")
    steps = [int(step) for step in args.steps.split(",")]
    asyncio.run(run(args.url, args.show, args.janus_pid, steps, args.seconds, args.layer))


if __name__ == "__main__":
    main()
