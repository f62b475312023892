"""Publishers inside namespaces: token refusal creates nothing, a non-browser (aiortc) WHIP
publisher plays in a browser, and a publisher that dies is evicted from the room."""

from __future__ import annotations

import asyncio
import json
import os
import signal
from collections.abc import Callable
from pathlib import Path
from socket import create_connection

import httpx
import pytest
from playwright.sync_api import Browser
from websockets.sync.client import ClientConnection, connect

from crosslive.media.janus_client import JanusClient
from crosslive.media.lab.nsexec import run_in_netns
from crosslive.media.publishers.broadcaster import start_demo_broadcaster
from crosslive.settings import Settings
from tests.media.conftest import (
    SHOW_SLUG,
    MediaApp,
    ShowGrant,
    publishers,
    staff_headers,
    start_broadcaster,
    wait_connected,
    wait_until,
    watch_page,
)

pytestmark = pytest.mark.e2e

OFFER = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"


def janus_rooms(app: MediaApp, data_dir: Path) -> list[int]:
    """Ask Janus itself (inside the namespace) which VideoRoom rooms exist, with the API
    secret of its current start (janus.jcfg is the app's own, readable here as root)."""
    config = (data_dir / "janus" / "janus.transport.http.jcfg").read_text()
    port = int(config.split("port = ")[1].split()[0])
    main = (data_dir / "janus" / "janus.jcfg").read_text()
    api_secret = json.loads(main.split("api_secret = ")[1].split("\n")[0])

    async def rooms() -> list[int]:
        client = JanusClient(f"http://127.0.0.1:{port}/janus", api_secret)
        await client.open()
        try:
            handle = await client.attach()
            data = await client.request(handle, {"request": "list"})
            return sorted(int(room["room"]) for room in data["list"])
        finally:
            await client.close()

    return run_in_netns(app.lab.server_ns, lambda: asyncio.run(rooms()))


def test_whip_post_without_valid_token_is_refused_and_creates_nothing(
    media_app: MediaApp, live_show: ShowGrant, owner: dict[str, str | int], settings
) -> None:
    headers = {"Content-Type": "application/sdp"}
    response = media_app.request("POST", f"/whip/{SHOW_SLUG}", content=OFFER, headers=headers)
    assert response.status_code == 401
    assert response.json() == {"detail": "send the show's publish token as a bearer token"}
    forged = live_show.token[:-4] + ("AAAA" if not live_show.token.endswith("AAAA") else "BBBB")
    for token in ("nonsense", forged):
        attempt = {**headers, "Authorization": f"Bearer {token}"}
        response = media_app.request("POST", f"/whip/{SHOW_SLUG}", content=OFFER, headers=attempt)
        assert response.status_code == 401
        assert response.json() == {"detail": "this publish token is not valid for this show"}
    # A valid token for this show does not open another show.
    response = media_app.request(
        "POST",
        "/whip/other-show",
        content=OFFER,
        headers={**headers, "Authorization": f"Bearer {live_show.token}"},
    )
    assert response.status_code == 401
    assert publishers(media_app, live_show.show_id, staff_headers(media_app, owner)) == []
    assert janus_rooms(media_app, settings.data_dir) == []


def test_aiortc_whip_publisher_plays_in_browser_and_dead_publisher_is_evicted(
    media_app: MediaApp,
    live_show: ShowGrant,
    owner: dict[str, str | int],
    browser_in: Callable[[str], Browser],
    tmp_path: Path,
    settings: Settings,
) -> None:
    headers = staff_headers(media_app, owner)
    process = start_broadcaster(media_app, live_show.token, tmp_path / "broadcaster.log")
    try:
        wait_connected(media_app, live_show.show_id, headers, "the aiortc publisher")
        viewer = watch_page(browser_in(media_app.lab.viewer_ns), media_app.url)
        viewer.wait_for_function("window.player.state.framesDecoded > 20", timeout=40_000)
        assert viewer.evaluate("window.player.state.width") == 640
        # The publisher dies without a goodbye: Janus keeps it until the gateway evicts it.
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        wait_until(
            lambda: publishers(media_app, live_show.show_id, headers) == [],
            30,
            "the dead publisher to be evicted",
        )
        assert janus_rooms(media_app, settings.data_dir) == [live_show.show_id]
    finally:
        if process.poll() is None:
            process.kill()
        print((tmp_path / "broadcaster.log").read_text()[-3000:])


def _stage_events(socket: ClientConnection, count: int) -> list[dict[str, int]]:
    """The next COUNT `stage` events of the show's event log (other events skipped)."""
    found: list[dict[str, int]] = []
    while len(found) < count:
        event = json.loads(socket.recv(timeout=30))
        if event["kind"] == "stage":
            assert event["id"] is None  # announced, not kept
            found.append(event["data"])
    return found


def test_publish_replaces_the_same_hosts_previous_session(
    media_app: MediaApp, live_show: ShowGrant, owner: dict[str, str | int], tmp_path: Path
) -> None:
    headers = staff_headers(media_app, owner)
    # The show's pages hear every change of its publishers over the event log.
    address = httpx.URL(media_app.url)
    tcp = run_in_netns(
        media_app.lab.server_ns, lambda: create_connection((address.host, address.port))
    )
    ws_url = f"ws://{address.host}:{address.port}/live/{SHOW_SLUG}/ws"
    with connect(ws_url, sock=tcp) as socket:
        first = start_broadcaster(media_app, live_show.token, tmp_path / "first.log")
        second = None
        try:
            wait_until(
                lambda: len(publishers(media_app, live_show.show_id, headers)) == 1, 30, "first"
            )
            feed = publishers(media_app, live_show.show_id, headers)[0]["feed_id"]
            second = start_broadcaster(media_app, live_show.token, tmp_path / "second.log")
            wait_until(
                lambda: (
                    [p["feed_id"] for p in publishers(media_app, live_show.show_id, headers)]
                    not in ([feed], [])
                ),
                30,
                "the second publish to replace the first",
            )
            [on_air] = publishers(media_app, live_show.show_id, headers)
            # The first, its media no longer answered, asks before publishing again, learns
            # it was replaced and stops: the two never take turns on the stage.
            wait_until(
                lambda: "replaced by a newer publish" in (tmp_path / "first.log").read_text(),
                30,
                "the first publisher to learn it was replaced",
            )
            # The same feed is still the only one (its `connected` may have turned true since).
            still = [p["feed_id"] for p in publishers(media_app, live_show.show_id, headers)]
            assert still == [on_air["feed_id"]]
            # On air, replaced (the first evicted, then the second on air): three stages.
            assert _stage_events(socket, 3) == [
                {"publishers": 1, "stage": 1},
                {"publishers": 0, "stage": 2},
                {"publishers": 1, "stage": 3},
            ]
        finally:
            for process in (first, second):
                if process is not None and process.poll() is None:
                    process.kill()


def _event_socket(app: MediaApp) -> ClientConnection:
    address = httpx.URL(app.url)
    tcp = run_in_netns(app.lab.server_ns, lambda: create_connection((address.host, address.port)))
    return connect(f"ws://{address.host}:{address.port}/live/{SHOW_SLUG}/ws", sock=tcp)


def _next_event(socket: ClientConnection, kind: str) -> dict[str, object]:
    while True:
        event: dict[str, object] = json.loads(socket.recv(timeout=30))
        if event["kind"] == kind:
            return event


def test_demo_broadcaster_publishes_again_after_a_janus_restart_and_stop_ends_its_session(
    media_app: MediaApp, live_show: ShowGrant, owner: dict[str, str | int], settings: Settings
) -> None:
    headers = staff_headers(media_app, owner)
    demo_settings = settings.model_copy(update={"base_url": media_app.url})
    # Started from a thread inside the namespace, the broadcaster's own thread lives there too.
    demo = run_in_netns(
        media_app.lab.server_ns,
        lambda: start_demo_broadcaster(demo_settings, SHOW_SLUG, live_show.token),
    )
    try:
        with _event_socket(media_app) as socket:
            wait_connected(media_app, live_show.show_id, headers, "the demo broadcaster")
            [feed] = [p["feed_id"] for p in publishers(media_app, live_show.show_id, headers)]
            [janus_pid] = media_app.janus_pids()
            os.kill(janus_pid, signal.SIGKILL)
            # The show's pages are told; the broadcaster (a WHIP client: nobody can tell it)
            # notices the silence and posts a new offer, which the new Janus takes.
            restart = _next_event(socket, "media_restart")
            assert restart["id"] is None and restart["data"] == {"generation": 2}
            wait_until(
                lambda: (
                    [
                        (p["feed_id"] != feed, p["connected"])
                        for p in publishers(media_app, live_show.show_id, headers)
                    ]
                    == [(True, True)]
                ),
                30,
                "the broadcaster to publish into the new Janus",
            )
    finally:
        demo.stop()
    assert not demo.thread.is_alive()
    assert demo.status.attempts == 2
    # stop() ends the WHIP session with DELETE before it returns.
    assert publishers(media_app, live_show.show_id, headers) == []
