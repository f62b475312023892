"""An origin and three regions in namespaces (`region_net.py`: each edge 150 ms RTT from the
origin, its viewers 20 ms from it): the host publishes three simulcast layers to the origin,
each edge (a Janus the app reaches by URL, as on another machine) gets them by RTP
forwarding, a viewer in each region's namespace plays from its edge (every layer is there),
an edge killed mid-show is marked down and its viewer plays from the origin, and once a
fresh Janus answers there the show is forwarded to it again and it takes its region back.
A call of a viewer in eu is held on eu's edge and moves up to the origin when that edge dies.

Both tests run against one lab, started once (each with an app and a database of its own);
what a test killed is started again before the next (RegionLab.revive). The call's test runs
first: it kills only eu's Janus, quick to start again, where the viewers' test also kills
eu's viewer API."""

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
from sqlalchemy.orm import Session, sessionmaker

from crosslive.media.calls import CALL_ROOM_BASE
from crosslive.media.janus_client import JanusClient
from crosslive.media.lab import subscribers
from crosslive.media.lab.netlab import SERVER_IP, netns_available
from crosslive.media.lab.nsexec import run_in_netns
from crosslive.media.lab.region_net import COUNTRIES, LOCALES, Region, RegionLab
from crosslive.settings import Settings
from tests.e2e.call_pages import (
    HOST_VIDEO,
    PLAYING,
    VIEWER_VIDEO,
    asking_viewer,
    logged_in_console,
    take_call,
)
from tests.factories import make_shop
from tests.media.conftest import (
    APP_PORT,
    SHOW_SLUG,
    MediaApp,
    ShowGrant,
    app_running,
    publish_page,
    staff_headers,
    wait_until,
)


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """aiortc viewers that count RTP instead of decoding it (as the capacity bench's)."""
    monkeypatch.setattr(RTCDtlsTransport, "_handle_rtp_data", subscribers._count_only)
    yield
    subscribers.COUNTERS.clear()


@pytest.fixture(scope="module")
def _lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RegionLab]:
    """The namespaces, the edges and their viewer APIs, started once for this module's tests
    (each runs its own app, with a database of its own, against them). Each edge's Janus
    has candidates on its viewers' side and on the origin's: a call's host (at the origin)
    reaches it there, as a host reaches an edge's public address."""
    reason = netns_available()
    if reason:
        pytest.skip(reason)
    if os.environ.get("CROSSLIVE_TEST_DATABASE_URL"):
        pytest.skip("media tests run the app inside a namespace, which reaches SQLite only")
    folder = tmp_path_factory.mktemp("regions")
    lab = RegionLab()
    try:
        lab.up()
        lab.start_edges(folder / "edges", ice_interfaces="ev,eo")
        # The viewer API beside each edge, for the store pages the app serves.
        store = f"http://{SERVER_IP}:{APP_PORT}"
        lab.start_edge_apis(folder / "edge-apis", store, (store,))
        yield lab
    finally:
        lab.down()


@pytest.fixture
def regions_lab(_lab: RegionLab) -> RegionLab:
    """The module's lab with every edge's Janus and viewer API running: those an earlier test
    killed are started again."""
    revived = _lab.revive()
    if revived:
        print("started again:", ", ".join(revived))
    return _lab


class Viewer:
    def __init__(self, offer: dict[str, Any], pc: RTCPeerConnection, counter: Any) -> None:
        self.offer, self.pc, self.counter = offer, pc, counter

    @property
    def node(self) -> str:
        return str(self.offer["node"])

    async def frames(self, seconds: float = 3.0) -> tuple[int, float]:
        """(video frames, kbit/s) received over SECONDS."""
        frames, size = self.counter.frames, self.counter.bytes
        await asyncio.sleep(seconds)
        return self.counter.frames - frames, (self.counter.bytes - size) * 8 / 1000 / seconds

    async def playing(self, enough: int = 21) -> int:
        """Frames in a 3 s window, measured again (5 windows at most) while the host's
        encoder ramps up or the first keyframe is on its way; a window ends as soon as ENOUGH
        frames arrived in it."""
        loop = asyncio.get_running_loop()
        for _ in range(5):
            start, ends = self.counter.frames, loop.time() + 3.0
            while self.counter.frames - start < enough and loop.time() < ends:
                await asyncio.sleep(0.05)
            frames = self.counter.frames - start
            if frames >= enough:
                break
        return frames


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
    edge_api = offer.get("edge_api")
    if edge_api:
        # As the player does: to the viewer API beside the edge, with the origin's pass.
        url = f"{edge_api['url']}/viewers/{offer['viewer_id']}/answer"
        body = {**answer, "token": edge_api["token"]}
        async with httpx.AsyncClient(timeout=30) as edge:
            reply = await edge.post(url, json=body)
    else:
        reply = await http.post(f"/api/v1/media/viewers/{offer['viewer_id']}/answer", json=answer)
    assert reply.status_code == 204, reply.text
    return Viewer(offer, pc, counter)


def nodes(app: MediaApp, headers: dict[str, str]) -> dict[str, dict[str, Any]]:
    response = app.request("GET", "/api/v1/media/nodes", headers=headers)
    assert response.status_code == 200, response.text
    return {node["name"]: node for node in response.json()}


# Frames the <video> shows in 3 s (counting stops at 11: more than 10 is what is asked).
FRAMES_IN_3S = """async (selector) => {
  const v = document.querySelector(selector);
  let frames = 0;
  await new Promise((resolve) => {
    const count = () => {
      frames += 1;
      if (frames > 10) resolve(); else v.requestVideoFrameCallback(count);
    };
    v.requestVideoFrameCallback(count);
    setTimeout(resolve, 3000);
  });
  return frames;
}"""
NEW_STREAM = """(selector) => { const v = document.querySelector(selector);
  return !!v.srcObject && v.srcObject !== window.before && v.videoWidth > 0; }"""


def _is_watch(response: Any) -> bool:
    return (
        response.url.endswith("/watch")
        and response.request.method == "POST"
        and response.status == 201
    )


async def _call_room_on(url: str, secret: str, room: int) -> bool:
    """Whether the Janus at URL has the call's room (asked there directly)."""
    client = JanusClient(url, secret)
    await client.open()
    try:
        handle = await client.attach()
        data = await client.request(handle, {"request": "exists", "room": room})
        return bool(data["exists"])
    finally:
        await client.close()


@pytest.mark.e2e
def test_a_call_with_a_viewer_in_eu_is_held_on_eus_edge_and_moves_up_when_it_dies(
    regions_lab: RegionLab,
    settings: Settings,
    tmp_path: Path,
    owner: dict[str, str | int],
    session_factory: sessionmaker[Session],
    browser_in: Callable[[str], Browser],
) -> None:
    shop = make_shop(session_factory)
    eu = regions_lab.region("eu")
    env = {**regions_lab.app_env(), "CROSSLIVE_MEDIA_NODE_CHECK_S": "0.5"}
    with app_running(regions_lab, settings, tmp_path / "app.log", **env) as app:
        headers = staff_headers(app, owner)
        wait_until(lambda: all(n["up"] for n in nodes(app, headers).values()), 20, "the edges up")
        # The viewer's browser in eu's viewers' namespace, in German (so the eu region).
        viewer = asking_viewer(
            browser_in(eu.viewer_ns), app.url, shop.show_slug, "DE", locale=LOCALES["eu"]
        )
        call = int(viewer.get_attribute(".consult-dialog", "data-consultation") or 0)
        # The host takes it in the console, at the origin.
        host = logged_in_console(browser_in(regions_lab.server_ns), app.url, shop.show_slug)
        with viewer.expect_response(_is_watch, timeout=60_000) as first:
            take_call(host)
            viewer.wait_for_function(PLAYING, arg=VIEWER_VIDEO, timeout=60_000)
        host.wait_for_function(PLAYING, arg=HOST_VIDEO, timeout=60_000)
        # Janus's offer came from eu's edge, 20 ms from the viewer, and the room is there.
        offer = first.value.text()
        assert eu.edge_viewer_ip in offer and SERVER_IP not in offer
        room = CALL_ROOM_BASE + call
        secret = regions_lab.edge_secret
        assert run_in_netns(
            regions_lab.server_ns, lambda: asyncio.run(_call_room_on(eu.url, secret, room))
        )
        us = regions_lab.region("us")
        assert not run_in_netns(
            regions_lab.server_ns, lambda: asyncio.run(_call_room_on(us.url, secret, room))
        )

        # eu's Janus dies mid-call: both pages are told by their heartbeat and join again,
        # one node up (the origin).
        for page, remote in ((viewer, VIEWER_VIDEO), (host, HOST_VIDEO)):
            page.evaluate(f"window.before = document.querySelector('{remote}').srcObject")
        with viewer.expect_response(_is_watch, timeout=90_000) as moved:
            regions_lab.edges["eu"].send_signal(signal.SIGKILL)
            viewer.wait_for_function(NEW_STREAM, arg=VIEWER_VIDEO, timeout=90_000)
        host.wait_for_function(NEW_STREAM, arg=HOST_VIDEO, timeout=90_000)
        assert SERVER_IP in moved.value.text() and eu.edge_viewer_ip not in moved.value.text()
        # (The call may move before the health check marks eu down: the app's session with
        # eu's Janus is lost at once.)
        wait_until(lambda: nodes(app, headers)["eu"]["up"] is False, 30, "eu marked down")
        assert viewer.evaluate(FRAMES_IN_3S, VIEWER_VIDEO) > 10
        assert host.evaluate(FRAMES_IN_3S, HOST_VIDEO) > 10

        viewer.click(".consult-actions .secondary:not([hidden])")
        host.wait_for_selector(".consult-call", state="hidden")


@pytest.mark.e2e
def test_each_regions_viewer_plays_from_its_edge_and_moves_when_it_is_killed(
    regions_lab: RegionLab,
    settings: Settings,
    tmp_path: Path,
    live_show: ShowGrant,
    owner: dict[str, str | int],
    counting: None,
    browser_in: Callable[[str], Browser],
) -> None:
    env = {**regions_lab.app_env(), "CROSSLIVE_MEDIA_NODE_CHECK_S": "0.5"}
    with app_running(regions_lab, settings, tmp_path / "app.log", **env) as app:
        headers = staff_headers(app, owner)
        edges = [r.name for r in regions_lab.regions]
        wait_until(lambda: all(n["up"] for n in nodes(app, headers).values()), 20, "the edges up")
        # The host's console in Chromium at the origin: 720p in three simulcast layers.
        host = publish_page(browser_in(regions_lab.server_ns), app.url, live_show)
        wait_until(
            lambda: all(live_show.show_id in nodes(app, headers)[e]["shows"] for e in edges),
            30,
            "the show to be forwarded to every edge",
        )
        try:
            for region in regions_lab.regions:
                # A viewer in the region's own namespace, sent there by their country.
                run_in_netns(
                    region.viewer_ns,
                    lambda: asyncio.run(_plays_from_edge(app, region, region.name == "eu")),  # noqa: B023
                )
            eu = regions_lab.region("eu")
            run_in_netns(
                eu.viewer_ns,
                lambda: asyncio.run(_edge_killed(app, headers, regions_lab)),
            )
        finally:
            host.evaluate("window.publisher.stop()")


async def _plays_from_edge(app: MediaApp, region: Region, layers: bool) -> None:
    """A viewer of REGION plays from its edge (its offer names the edge's address); with
    LAYERS, a second one on the low layer shows that every layer reached the edge."""
    async with httpx.AsyncClient(base_url=app.url, timeout=30) as http:
        top = await watch(http, 2, country=COUNTRIES[region.name])
        assert top.node == region.name and top.offer["edge"] is True
        # Its answer went to the viewer API beside the edge, 20 ms away (watch).
        assert top.offer["edge_api"]["url"] == region.api_url
        assert region.edge_viewer_ip in top.offer["sdp"]
        assert await top.playing() > 20, f"nothing plays from the {region.name} edge"
        if not layers:
            await top.pc.close()
            return
        low = await watch(http, 0, country=COUNTRIES[region.name])
        assert low.node == region.name
        assert await low.playing() > 20, "the low layer plays nothing at the edge"
        # Every simulcast layer reached the edge: the top layer there is far richer than the
        # low one (once the browser's encoder has ramped up).
        for _ in range(8):
            top_kbps, low_kbps = (await top.frames(2))[1], (await low.frames(2))[1]
            if top_kbps > 2 * low_kbps:
                break
        print(f"{region.name} edge kbit/s, top and low layer:", top_kbps, low_kbps)
        assert top_kbps > 2 * low_kbps
        for viewer in (top, low):
            await viewer.pc.close()


async def _edge_killed(app: MediaApp, headers: dict[str, str], lab: RegionLab) -> None:
    async with httpx.AsyncClient(base_url=app.url, timeout=30) as http:
        viewer = await watch(http, 1, country="DE")
        assert viewer.node == "eu"
        assert await viewer.playing() > 20
        # The eu edge's Janus dies mid-show (on another machine: nobody restarts it).
        lab.edges["eu"].send_signal(signal.SIGKILL)
        deadline = time.monotonic() + 20
        while (node := await _node(http, headers, "eu"))["up"]:
            assert time.monotonic() < deadline, "eu was not marked down"
            await asyncio.sleep(0.25)
        assert node["reason"] == "its Janus does not answer"
        # The viewer's next report tells it to reconnect; it leaves, as the player does, and
        # its region's next join goes to the origin.
        viewer_url = f"/api/v1/media/viewers/{viewer.offer['viewer_id']}"
        advice = await http.post(f"{viewer_url}/stats", json={"fps": 0, "kbps": 0})
        assert advice.status_code == 200 and advice.json()["reconnect"] is True, advice.text
        await http.delete(viewer_url)
        await viewer.pc.close()
        moved = await watch(http, 1, country="DE")
        assert moved.node == "origin" and SERVER_IP in moved.offer["sdp"]
        assert moved.offer["edge"] is False and moved.offer["edge_api"] is None
        assert await moved.playing() > 20, "the viewer moved off the dead edge plays nothing"
        await moved.pc.close()

        # A fresh Janus answers there again: the show is forwarded to it, it takes its region
        # back.
        assert lab.revive() == ["eu"]
        deadline = time.monotonic() + 30
        while not ((node := await _node(http, headers, "eu"))["up"] and node["shows"]):
            assert time.monotonic() < deadline, f"eu did not come back: {node}"
            await asyncio.sleep(0.25)
        # "shows" lists a show as soon as its forwarding starts; the region's joins go back to
        # the edge once every publisher of the show reaches it (MediaRegions.serving).
        while (back := await watch(http, 1, country="DE")).node != "eu":
            await http.delete(f"/api/v1/media/viewers/{back.offer['viewer_id']}")
            await back.pc.close()
            assert time.monotonic() < deadline, f"eu did not take its region back: {back.node}"
            await asyncio.sleep(0.5)
        assert await back.playing() > 20, "nothing plays from the edge that came back"
        await back.pc.close()
        await http.delete(f"/api/v1/media/viewers/{back.offer['viewer_id']}")

        # The viewer API beside the edge dies: the edge is as good as dead for new viewers.
        lab.edge_apis["eu"].send_signal(signal.SIGKILL)
        deadline = time.monotonic() + 20
        while (node := await _node(http, headers, "eu"))["up"]:
            assert time.monotonic() < deadline, "eu was not marked down with its API dead"
            await asyncio.sleep(0.25)
        assert node["reason"] == "its viewer API does not answer"
        elsewhere = await watch(http, 1, country="DE")
        assert elsewhere.node == "origin" and elsewhere.offer["edge_api"] is None
        assert await elsewhere.playing() > 20
        await elsewhere.pc.close()


async def _node(http: httpx.AsyncClient, headers: dict[str, str], name: str) -> dict[str, Any]:
    response = await http.get("/api/v1/media/nodes", headers=headers)
    assert response.status_code == 200, response.text
    found: dict[str, Any] = next(n for n in response.json() if n["name"] == name)
    return found
