"""`crosslive bench media --scenario regions`: an origin and three edges (children of the app,
all in the lab's server namespace), a browser host publishing 720p simulcast to the origin,
and for every region a group of lightweight viewers sent to its edge, then the same number
straight to the origin. Per node: how many viewers played, the time from the join request to
their first video frame, the frames and bitrate each got, and the Janus's CPU.

All nodes share one host and one link here (no delay between origin and edges): the figures
say what an edge costs and that it serves, not what it saves a far viewer.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from typing import Any

import httpx
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from aiortc.rtcdtlstransport import RTCDtlsTransport
from playwright.sync_api import Browser

from crosslive.media.lab import subscribers
from crosslive.media.lab.netlab import SERVER_IP, NetLab
from crosslive.media.lab.nsexec import run_in_netns
from crosslive.media.lab.stats import percentile

PORT = 8000  # as bench.py's
SHOW = "bench-show"
EDGES = ("eu", "us", "ap")
NODES_ENV = {"CROSSLIVE_MEDIA_NODES": "origin; " + "; ".join(f"{e}<origin" for e in EDGES)}
WATCH_S = 8.0


def _janus_pids(lab: NetLab) -> dict[str, int]:
    """Node name -> its Janus's pid (the origin's folder is plain `janus`)."""
    found: dict[str, int] = {}
    for pid in lab.pids_named(lab.server_ns, "janus"):
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            args = cmdline.read().decode(errors="replace")
        name = next((e for e in EDGES if f"janus-edge-{e}" in args), "origin")
        found[name] = pid
    return found


async def _join(http: httpx.AsyncClient, region: str) -> tuple[str, Any, float, Any]:
    started = time.monotonic()
    response = await http.post(
        f"/api/v1/media/shows/{SHOW}/viewers", params={"layer": 1, "region": region}
    )
    response.raise_for_status()
    offer = response.json()
    pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
    await pc.setRemoteDescription(RTCSessionDescription(offer["sdp"], "offer"))
    await pc.setLocalDescription(await pc.createAnswer())
    counter = subscribers.Counter(subscribers._video_payload_types(offer["sdp"]))
    for transceiver in pc.getTransceivers():
        subscribers.COUNTERS[id(transceiver.receiver.transport)] = counter
    answer = {"sdp": pc.localDescription.sdp}
    reply = await http.post(f"/api/v1/media/viewers/{offer['viewer_id']}/answer", json=answer)
    reply.raise_for_status()
    return str(offer["node"]), pc, started, counter


async def _group(http: httpx.AsyncClient, region: str, count: int, pid: int) -> dict[str, Any]:
    joined = [await _join(http, region) for _ in range(count)]
    firsts: list[float] = []
    deadline = time.monotonic() + 20
    pending = list(joined)
    while pending and time.monotonic() < deadline:
        for viewer in list(pending):
            if viewer[3].frames:
                firsts.append((time.monotonic() - viewer[2]) * 1000)
                pending.remove(viewer)
        await asyncio.sleep(0.01)
    frames = [v[3].frames for v in joined]
    size = [v[3].bytes for v in joined]
    cpu = subscribers.cpu_seconds(pid)
    await asyncio.sleep(WATCH_S)
    cpu = subscribers.cpu_seconds(pid) - cpu
    fps = [(v[3].frames - f) / WATCH_S for v, f in zip(joined, frames, strict=True)]
    kbps = [(v[3].bytes - b) * 8 / 1000 / WATCH_S for v, b in zip(joined, size, strict=True)]
    for _, pc, _, _ in joined:
        await pc.close()
    return {
        "nodes": sorted({v[0] for v in joined}),
        "viewers": count,
        "playing": sum(1 for f in fps if f > 5),
        "first_frame_ms_p50": percentile(firsts, 0.5),
        "first_frame_ms_p95": percentile(firsts, 0.95),
        "fps_mean": round(sum(fps) / len(fps), 1) if fps else None,
        "kbps_mean": round(sum(kbps) / len(kbps), 1) if kbps else None,
        "janus_cpu_pct": round(100 * cpu / WATCH_S, 1),
    }


async def _measure(lab: NetLab, count: int) -> dict[str, Any]:
    RTCDtlsTransport._handle_rtp_data = subscribers._count_only  # type: ignore[method-assign,assignment]
    pids = _janus_pids(lab)
    async with httpx.AsyncClient(base_url=f"http://{SERVER_IP}:{PORT}", timeout=30) as http:
        deadline = time.monotonic() + 60
        for edge in EDGES:  # each edge has the show once a viewer of its region lands there
            while True:
                node, pc, _, _ = await _join(http, edge)
                await pc.close()
                if node == edge:
                    break
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the show never reached edge {edge}")
                await asyncio.sleep(0.5)
        regions: dict[str, Any] = {}
        for edge in EDGES:
            regions[edge] = {
                "edge": await _group(http, edge, count, pids[edge]),
                "origin": await _group(http, "origin", count, pids["origin"]),
            }
    return regions


def measure_regions(
    lab: NetLab, host: Browser, open_page: Any, token: str, count: int
) -> dict[str, Any]:
    publisher = open_page(host, "publish", f"show={SHOW}&token={token}")
    publisher.wait_for_function("window.publisher?.state.connected", timeout=60_000)
    with contextlib.suppress(Exception):
        publisher.wait_for_timeout(3000)  # the encoder ramps up to its three layers
    regions = run_in_netns(lab.viewer_ns, lambda: asyncio.run(_measure(lab, count)))
    return {
        "scenario": "regions",
        "regions": regions,
        "viewers_per_group": count,
        "watched_s": WATCH_S,
        "topology": "origin and edges on one host, no delay between them",
        "cpu_count": os.cpu_count(),
        "load_average_1m": round(os.getloadavg()[0], 2),
    }
