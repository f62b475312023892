"""Lightweight viewers for the capacity benchmark: real WebRTC subscribers that do not decode.

Each one joins through the viewer API like a browser (offer, answer, stats reports), and
aiortc does ICE, DTLS and SRTP; but received RTP is only counted (a video frame ends where
the marker bit is set), never parsed further, jitter-buffered or decoded. A viewer costs a
small fraction of what Janus spends on it, so Janus, not the load, runs out first.

Run inside the viewers' namespace:
`python -m crosslive.media.lab.subscribers URL SHOW --janus-pid PID --steps 10,20,40 --seconds 8`
prints one JSON object per step. With `--region eu` the viewers ask for that region's edge and
send their answers to the viewer API beside it when the offer names one, as the player does;
`--origin-pid` and `--link-pid` add the origin Janus's CPU and the impairment links' to each
step.
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
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from aiortc.rtcdtlstransport import RTCDtlsTransport

from crosslive.media.lab.capacity import keeps_up

TICKS = os.sysconf("SC_CLK_TCK")
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
    node: str = ""
    last_frames: int = 0
    last_bytes: int = 0
    last_at: float = field(default_factory=time.monotonic)
    stage: int = 0
    # Wall-clock marks of the join: offer in hand, answer acknowledged, ICE and DTLS up.
    marks: dict[str, float] = field(default_factory=dict)


async def join(http: httpx.AsyncClient, show: str, layer: int, region: str = "") -> Viewer:
    params: dict[str, str | int] = {"layer": layer, **({"region": region} if region else {})}
    response = await http.post(f"/api/v1/media/shows/{show}/viewers", params=params)
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
    if edge_api := offer.get("edge_api"):  # as the player does: beside the edge
        url = f"{edge_api['url']}/viewers/{offer['viewer_id']}/answer"
        reply = await http.post(url, json={**answer, "token": edge_api["token"]})
    else:
        reply = await http.post(f"/api/v1/media/viewers/{offer['viewer_id']}/answer", json=answer)
    reply.raise_for_status()
    marks["answered"] = time.time()
    stage = int(offer.get("stage") or 0)
    node = str(offer.get("node") or "")
    return Viewer(offer["viewer_id"], pc, counter, node=node, stage=stage, marks=marks)


async def until_on(http: httpx.AsyncClient, show: str, layer: int, region: str) -> None:
    """Wait (up to a minute) until the show has reached REGION's edge: a join lands there."""
    deadline = time.monotonic() + 60
    while True:
        viewer = await join(http, show, layer, region)
        await viewer.pc.close()
        with contextlib.suppress(httpx.HTTPError):
            await http.delete(f"/api/v1/media/viewers/{viewer.viewer_id}")
        if viewer.node == region:
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"the show never reached edge {region}")
        await asyncio.sleep(0.5)


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


async def keep_reporting(
    http: httpx.AsyncClient, viewers: list[Viewer], also: list[Viewer]
) -> None:
    """Every REPORT_EVERY_S, a report for each of VIEWERS (a list that grows) and ALSO."""
    while True:
        await asyncio.sleep(REPORT_EVERY_S)
        await asyncio.gather(*(report(http, viewer) for viewer in [*viewers, *also]))


async def run(
    url: str, show: str, janus_pid: int, steps: list[int], seconds: float, layer: int,
    region: str = "", others: dict[str, int] | None = None,
) -> None:  # fmt: skip
    """Ramp to each of STEPS viewers (of REGION's edge when given, with one reference viewer
    on the origin: the frame rate the show has before the edge); OTHERS: more processes whose
    CPU each step reports, as NAME_cpu_pct."""
    RTCDtlsTransport._handle_rtp_data = _count_only  # type: ignore[method-assign,assignment]
    viewers: list[Viewer] = []
    reference: Viewer | None = None
    async with httpx.AsyncClient(base_url=url, timeout=30) as http:
        if region:
            await until_on(http, show, layer, region)
            reference = await join(http, show, layer, "origin")
        # The reference reports too: the app ends a viewer session that stops reporting.
        also = [reference] if reference else []
        reporter = asyncio.create_task(keep_reporting(http, viewers, also))
        try:
            for count in steps:
                while len(viewers) < count:
                    batch = min(10, count - len(viewers))
                    joins = (join(http, show, layer, region) for _ in range(batch))
                    viewers += await asyncio.gather(*joins)
                await asyncio.sleep(3)  # connected, keyframes in
                row = await _measure(viewers, janus_pid, seconds, others or {}, reference)
                if region:  # a viewer the app sent elsewhere (the edge was down) is no load
                    row["off_node"] = sum(1 for v in viewers if v.node != region)
                print(json.dumps(row), flush=True)
                if not keeps_up(row):
                    break
        finally:
            reporter.cancel()
            if reference:
                viewers.append(reference)
            for viewer in viewers:
                with contextlib.suppress(httpx.HTTPError):
                    await http.delete(f"/api/v1/media/viewers/{viewer.viewer_id}")
                await viewer.pc.close()


async def _measure(
    viewers: list[Viewer], janus_pid: int, seconds: float, others: dict[str, int],
    reference: Viewer | None = None,
) -> dict[str, Any]:  # fmt: skip
    frames = [v.counter.frames for v in viewers]
    source = reference.counter.frames if reference else 0
    sent = sum(v.counter.bytes for v in viewers)
    janus0, own0, t0 = cpu_seconds(janus_pid), cpu_seconds(os.getpid()), time.monotonic()
    others0 = {name: cpu_seconds(pid) for name, pid in others.items()}
    busy0, total0 = machine_busy()
    await asyncio.sleep(seconds)
    elapsed = time.monotonic() - t0
    fps = sorted((v.counter.frames - f) / elapsed for v, f in zip(viewers, frames, strict=True))
    janus_pct = (cpu_seconds(janus_pid) - janus0) / elapsed * 100
    own_pct = (cpu_seconds(os.getpid()) - own0) / elapsed * 100
    extra = {
        f"{name}_cpu_pct": round((cpu_seconds(pid) - others0[name]) / elapsed * 100, 1)
        for name, pid in others.items()
    }
    mbps = (sum(v.counter.bytes for v in viewers) - sent) * 8 / 1e6 / elapsed
    busy1, total1 = machine_busy()
    if reference:
        extra["source_fps"] = round((reference.counter.frames - source) / elapsed, 1)
    return {
        "viewers": len(viewers),
        "min_fps": round(fps[0], 1),
        "median_fps": round(fps[len(fps) // 2], 1),
        "kbps_per_viewer": round(mbps * 1000 / len(viewers), 1),
        "janus_cpu_pct": round(janus_pct, 1),
        "janus_cpu_pct_per_viewer": round(janus_pct / len(viewers), 3),
        "load_cpu_pct": round(own_pct, 1),
        **extra,
        "machine_busy_pct": round((busy1 - busy0) / max(total1 - total0, 1) * 100, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("show")
    parser.add_argument("--janus-pid", type=int, required=True)
    parser.add_argument("--steps", default="10,20,40,80,120,160,200")
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--layer", type=int, default=1)
    parser.add_argument("--region", default="", help="join this region's edge")
    parser.add_argument("--origin-pid", type=int, help="the origin Janus (with --region)")
    parser.add_argument("--link-pid", type=int, help="the impairment links' process")
    args = parser.parse_args()
    steps = [int(step) for step in args.steps.split(",")]
    others = {"origin_janus": args.origin_pid, "links": args.link_pid}
    others = {name: pid for name, pid in others.items() if pid}
    asyncio.run(
        run(
            args.url,
            args.show,
            args.janus_pid,
            steps,
            args.seconds,
            args.layer,
            args.region,
            others,
        )
    )


if __name__ == "__main__":
    main()
