"""An origin and two edges (children of the app, in the lab's server namespace): the host
publishes three simulcast layers to the origin, each edge gets them by RTP forwarding, a
viewer of each region plays from their edge (a layer of their choosing), an edge that
stops answering mid-show is marked down and its viewers play from another node, and an edge
killed mid-show comes back with the show."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from aiortc.rtcdtlstransport import RTCDtlsTransport
from playwright.sync_api import Browser

from crosslive.media.lab import subscribers
from crosslive.media.lab.netlab import NetLab
from crosslive.media.lab.nsexec import run_in_netns
from crosslive.settings import Settings
from tests.media.conftest import (
    SHOW_SLUG,
    MediaApp,
    ShowGrant,
    app_running,
    publish_page,
    staff_headers,
    wait_until,
)

NODES = {
    "CROSSLIVE_MEDIA_NODES": "origin; eu<origin; us<origin",
    "CROSSLIVE_MEDIA_REGIONS": "DE=eu, FR=eu, US=us",
    "CROSSLIVE_MEDIA_NODE_CHECK_S": "0.5",
}


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """aiortc viewers that count RTP instead of decoding it (as the capacity bench's)."""
    monkeypatch.setattr(RTCDtlsTransport, "_handle_rtp_data", subscribers._count_only)
    yield
    subscribers.COUNTERS.clear()


class Viewer:
    def __init__(self, offer: dict[str, Any], pc: RTCPeerConnection, counter: Any) -> None:
        self.offer, self.pc, self.counter = offer, pc, counter

    @property
    def node(self) -> str:
        return str(self.offer["node"])

    async def rate(self, seconds: float = 3.0) -> tuple[int, float]:
        """(video frames, kbit/s) received over SECONDS."""
        frames, size = self.counter.frames, self.counter.bytes
        await asyncio.sleep(seconds)
        return self.counter.frames - frames, (self.counter.bytes - size) * 8 / 1000 / seconds


async def watch(http: httpx.AsyncClient, layer: int, **where: str) -> Viewer:
    response = await http.post(
        f"/api/v1/media/shows/{SHOW_SLUG}/viewers", params={"layer": layer, **where}
    )
    assert response.status_code == 201, response.text
    offer = response.json()
    pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
    await pc.setRemoteDescription(RTCSessionDescription(offer["sdp"], "offer"))
    await pc.setLocalDescription(await pc.createAnswer())
    counter = subscribers.Counter(subscribers._video_payload_types(offer["sdp"]))
    for transceiver in pc.getTransceivers():
        subscribers.COUNTERS[id(transceiver.receiver.transport)] = counter
    answer = {"sdp": pc.localDescription.sdp}
    reply = await http.post(f"/api/v1/media/viewers/{offer['viewer_id']}/answer", json=answer)
    assert reply.status_code == 204, reply.text
    return Viewer(offer, pc, counter)


def edge_janus_pid(lab: NetLab, node: str) -> int:
    for pid in lab.pids_named(lab.server_ns, "janus"):
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            if f"janus-edge-{node}".encode() in cmdline.read():
                return pid
    raise AssertionError(f"no Janus for edge {node}")


def nodes(app: MediaApp, headers: dict[str, str]) -> dict[str, dict[str, Any]]:
    response = app.request("GET", "/api/v1/media/nodes", headers=headers)
    assert response.status_code == 200, response.text
    return {node["name"]: node for node in response.json()}


@pytest.mark.e2e
def test_viewers_play_from_their_regions_edge_and_move_when_it_goes_down(
    netlab: NetLab,
    settings: Settings,
    tmp_path: Path,
    live_show: ShowGrant,
    owner: dict[str, str | int],
    counting: None,
    browser_in: Callable[[str], Browser],
) -> None:
    with app_running(netlab, settings, tmp_path / "app.log", **NODES) as app:
        headers = staff_headers(app, owner)
        before = nodes(app, headers)
        assert [(n, before[n]["role"], before[n]["up"]) for n in before] == [
            ("origin", "origin", True),
            ("eu", "edge", True),
            ("us", "edge", True),
        ]
        # The host's console in Chromium: 720p in three simulcast layers, over WHIP.
        host = publish_page(browser_in(app.lab.server_ns), app.url, live_show)
        wait_until(
            lambda: all(
                live_show.show_id in nodes(app, headers)[edge]["shows"] for edge in ("eu", "us")
            ),
            20,
            "the show to be forwarded to both edges",
        )
        try:
            run_in_netns(
                app.lab.viewer_ns, lambda: asyncio.run(_regions_and_fallback(app, headers))
            )
        finally:
            host.evaluate("window.publisher.stop()")
        # The publisher went: the edges let go of the show too.
        wait_until(
            lambda: all(not nodes(app, headers)[edge]["shows"] for edge in ("eu", "us")),
            20,
            "the edges to drop the ended show",
        )


async def _regions_and_fallback(app: MediaApp, headers: dict[str, str]) -> None:
    async with httpx.AsyncClient(base_url=app.url, timeout=30) as http:
        eu_top = await watch(http, 2, region="eu")
        eu_low = await watch(http, 0, country="FR")
        us = await watch(http, 1, country="us")
        home = await watch(http, 1, country="BR")
        assert [eu_top.node, eu_low.node, us.node, home.node] == ["eu", "eu", "us", "origin"]
        with pytest.raises(AssertionError):
            await watch(http, 1, region="mars")
        await asyncio.sleep(4)  # ICE, DTLS and the first keyframe
        rates = {}
        for name, viewer in [("eu_top", eu_top), ("eu_low", eu_low), ("us", us), ("home", home)]:
            # The top layer comes at a few frames a second until the browser's encoder has
            # ramped up: measured again (5 times at most) before it counts as playing nothing.
            for _ in range(5):
                rates[name] = await viewer.rate()
                if rates[name][0] > 20:
                    break
        print("frames, kbit/s over 3 s:", rates)
        for name, (frames, _) in rates.items():
            assert frames > 20, f"{name} plays no video: {rates}"
        # Every simulcast layer reached the edge: once the browser's encoder has ramped up,
        # the top layer there is far richer than the low one.
        for _ in range(8):
            top, low = (await eu_top.rate(2))[1], (await eu_low.rate(2))[1]
            if top > 2 * low:
                break
        print("eu edge kbit/s, top and low layer:", top, low)
        assert top > 2 * low

        # The eu edge's Janus hangs (stopped): marked down, its viewers told to reconnect.
        pid = edge_janus_pid(app.lab, "eu")
        os.kill(pid, signal.SIGSTOP)
        try:
            deadline = time.monotonic() + 20
            while (await _node(http, headers, "eu"))["up"]:
                assert time.monotonic() < deadline, "eu was not marked down"
                await asyncio.sleep(0.25)
            down = await _node(http, headers, "eu")
            assert down["reason"] == "its Janus does not answer"
            # Its viewers' next report tells them to reconnect; they leave, as the player does.
            for viewer in (eu_top, eu_low):
                viewer_url = f"/api/v1/media/viewers/{viewer.offer['viewer_id']}"
                advice = await http.post(
                    f"{viewer_url}/stats", json={"fps": 30, "kbps": 900, "available_kbps": 900}
                )
                assert advice.status_code == 200 and advice.json()["reconnect"] is True
                assert (await http.delete(viewer_url)).status_code == 204
            assert (await _node(http, headers, "eu"))["viewers"] == 0
            moved = await watch(http, 1, region="eu")
            assert moved.node == "origin"
            await asyncio.sleep(3)
            frames, _ = await moved.rate()
            assert frames > 20, "the viewer moved off the dead edge plays nothing"
            # The us edge never noticed.
            assert (await us.rate())[0] > 20
        finally:
            os.kill(pid, signal.SIGCONT)
        # Back up: eu has the show again and takes its region's viewers.
        deadline = time.monotonic() + 30
        while not (await _node(http, headers, "eu"))["shows"]:
            assert time.monotonic() < deadline, "eu did not come back"
            await asyncio.sleep(0.25)
        again = await watch(http, 1, country="DE")
        assert again.node == "eu"
        await asyncio.sleep(3)
        assert (await again.rate())[0] > 20

        # The eu edge's Janus is killed: its supervisor starts a fresh one, the show is
        # forwarded to it again, and its viewer, whose session died with it, plays again.
        old_pid = edge_janus_pid(app.lab, "eu")
        os.kill(old_pid, signal.SIGKILL)
        # The app learns it (a new Janus answering, or the health check): the session is gone.
        viewer_url = f"/api/v1/media/viewers/{again.offer['viewer_id']}"
        stats = {"fps": 0, "kbps": 0, "available_kbps": 0}
        deadline = time.monotonic() + 30
        while (await http.post(f"{viewer_url}/stats", json=stats)).status_code != 404:
            assert time.monotonic() < deadline, "the viewer's session outlived its edge's Janus"
            await asyncio.sleep(0.25)
        deadline = time.monotonic() + 30
        while True:
            node = await _node(http, headers, "eu")
            if node["up"] and node["shows"] and edge_janus_pid(app.lab, "eu") != old_pid:
                break
            assert time.monotonic() < deadline, f"eu did not come back after a kill: {node}"
            await asyncio.sleep(0.25)
        rejoined = await watch(http, 1, country="DE")
        deadline = time.monotonic() + 20
        while rejoined.node != "eu":  # a busy machine may still be forwarding the show to it
            assert time.monotonic() < deadline, "the restarted edge never took its region back"
            await rejoined.pc.close()
            await asyncio.sleep(0.5)
            rejoined = await watch(http, 1, country="DE")
        await asyncio.sleep(3)
        assert (await rejoined.rate())[0] > 20, "nothing plays from the restarted edge"
        for viewer in (eu_top, eu_low, us, home, moved, again, rejoined):
            await viewer.pc.close()


async def _node(http: httpx.AsyncClient, headers: dict[str, str], name: str) -> dict[str, Any]:
    response = await http.get("/api/v1/media/nodes", headers=headers)
    assert response.status_code == 200, response.text
    found: dict[str, Any] = next(n for n in response.json() if n["name"] == name)
    return found
