"""`crosslive bench media --scenario regions`: an origin and three regions in namespaces
(`region_net.py`: each edge 150 ms RTT from the origin, its viewers 20 ms from it and 170 ms
from the origin), a browser host publishing 720p simulcast to the origin, and per region:

- browser viewers in the region's namespace, timed as the rtt scenarios time them (joins in
  fresh pages, then playback with the glass-to-glass oracle), once sent to their edge (their
  browser's Accept-Language names a country of the region) and once straight to the origin
  (a country no region has);
- a group of lightweight viewers on the edge, then on the origin: how many played, their
  first video packet, frame rate and bitrate, and that node's Janus CPU (for sizing edges).
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
from crosslive.media.lab.netlab import SERVER_IP
from crosslive.media.lab.nsexec import run_in_netns
from crosslive.media.lab.region_net import (
    EDGE_ONE_WAY_MS,
    LOCALES,
    VIEWER_ONE_WAY_MS,
    Region,
    RegionLab,
)
from crosslive.media.lab.stats import percentile

PORT = 8000  # as bench.py's
SHOW = "bench-show"
WATCH_S = 8.0
# Target per region with its edge (issue 18).
FIRST_FRAME_P95_MS = 500
OF_ORIGIN = 0.6
G2G_P95_MS = 250
# The address and round trip of the media path a page plays over (which node served it).
SERVED = """async () => { const r = await window.player.peer().getStats(); let pair = null;
const remote = {}; r.forEach((s) => { if (s.type === "remote-candidate") remote[s.id] = s.address;
if (s.type === "candidate-pair" && s.nominated && s.state === "succeeded") pair = s; });
return pair ? [remote[pair.remoteCandidateId], Math.round(1000 * pair.currentRoundTripTime)]
: [null, null]; }"""


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
    if edge_api := offer.get("edge_api"):  # as the player does: beside the edge
        url = f"{edge_api['url']}/viewers/{offer['viewer_id']}/answer"
        reply = await http.post(url, json={**answer, "token": edge_api["token"]})
    else:
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


async def _light(region: Region, count: int, pids: dict[str, int]) -> dict[str, Any]:
    """The region's lightweight groups: on its edge (once the show reached it), then on the
    origin."""
    RTCDtlsTransport._handle_rtp_data = subscribers._count_only  # type: ignore[method-assign,assignment]
    async with httpx.AsyncClient(base_url=f"http://{SERVER_IP}:{PORT}", timeout=30) as http:
        deadline = time.monotonic() + 60
        while True:
            node, pc, _, _ = await _join(http, region.name)
            await pc.close()
            if node == region.name:
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"the show never reached edge {region.name}")
            await asyncio.sleep(0.5)
        return {
            "edge": await _group(http, region.name, count, pids[region.name]),
            "origin": await _group(http, "origin", count, pids["origin"]),
        }


def _browser_path(
    browser: Browser, locale: str, open_page: Any, joins: Any, playback: Any
) -> dict[str, Any]:
    """First frame (joins in fresh pages) and playback of a viewer whose browser speaks
    LOCALE (its country picks the node)."""
    context = browser.new_context(locale=locale)
    try:
        timed = joins(context)
        page = open_page(context, "watch", f"show={SHOW}")
        play = playback(page)
        address, rtt = page.evaluate(f"({SERVED})()")
        g2g = play.pop("g2g")
    finally:
        context.close()
    return {
        **{k: v for k, v in timed.items() if k.endswith(("p50", "p95"))},
        "g2g_ms_p50": percentile(g2g, 0.5),
        "g2g_ms_p95": percentile(g2g, 0.95),
        "g2g_frames_read": len(g2g),
        "served_from": address,
        "media_rtt_ms": rtt,
        **{k: play[k] for k in ("fps", "freezes", "freeze_s", "layer", "width")},
        "first_frame_steps_ms": timed["first_frame_steps_ms"],
        "first_frame_ms_all": timed["first_frame_ms_all"],
    }


def _verdict(edge: dict[str, Any], origin: dict[str, Any]) -> dict[str, bool | None]:
    ff, straight, g2g = (
        edge.get("first_frame_ms_p95"),
        origin.get("first_frame_ms_p95"),
        edge.get("g2g_ms_p95"),
    )
    return {
        "first_frame_p95_le_500": None if ff is None else ff <= FIRST_FRAME_P95_MS,
        "first_frame_p95_le_60pct_of_origin": (
            None if ff is None or straight is None else ff <= OF_ORIGIN * straight
        ),
        "g2g_p95_le_250": None if g2g is None else g2g <= G2G_P95_MS,
    }


def measure_regions(
    lab: RegionLab, host: Browser, open_page: Any, launch: Any, joins: Any, playback: Any,
    token: str, count: int,
) -> dict[str, Any]:  # fmt: skip
    """LAUNCH(ns) a viewer browser there; JOINS(context) and PLAYBACK(page): bench.py's."""
    publisher = open_page(host, "publish", f"show={SHOW}&token={token}")
    publisher.wait_for_function("window.publisher?.state.connected", timeout=60_000)
    with contextlib.suppress(Exception):
        publisher.wait_for_timeout(3000)  # the encoder ramps up to its three layers
    [origin_pid] = lab.pids_named(lab.server_ns, "janus")
    regions: dict[str, Any] = {}
    for region in lab.regions:
        [edge_pid] = lab.pids_named(region.edge_ns, "janus")
        pids = {"origin": origin_pid, region.name: edge_pid}
        light = run_in_netns(region.viewer_ns, lambda: asyncio.run(_light(region, count, pids)))  # noqa: B023
        browser = launch(region.viewer_ns)
        try:
            edge = _browser_path(browser, LOCALES[region.name], open_page, joins, playback)
            origin = _browser_path(browser, LOCALES["origin"], open_page, joins, playback)
        finally:
            browser.close()
        regions[region.name] = {
            "edge": {**edge, "light": light["edge"]},
            "origin": {**origin, "light": light["origin"]},
            "targets": _verdict(edge, origin),
        }
    return {
        "scenario": "regions",
        "regions": regions,
        "light_viewers_per_group": count,
        "watched_s": WATCH_S,
        "topology": (
            f"origin and {len(lab.regions)} edges in namespaces; origin-edge RTT "
            f"{2 * EDGE_ONE_WAY_MS:.0f} ms, viewers-edge {2 * VIEWER_ONE_WAY_MS:.0f} ms, "
            f"viewers-origin {2 * (EDGE_ONE_WAY_MS + VIEWER_ONE_WAY_MS):.0f} ms (through the edge)"
        ),
        "edge_api": bool(lab.edge_apis),
        "cpu_count": os.cpu_count(),
        "load_average_1m": round(os.getloadavg()[0], 2),
    }
