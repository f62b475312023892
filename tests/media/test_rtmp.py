"""RTMP (OBS classic output) into a show through ffmpeg: a push under a wrong stream key is
cut off with nothing published, the right one is published and a viewer plays it."""

from __future__ import annotations

import contextlib
import functools
import re
import socket
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth import service as auth_service
from crosslive.auth.models import Role
from crosslive.db import make_engine, make_session_factory, transaction
from crosslive.media.lab.netlab import SERVER_IP, NetLab
from crosslive.media.lab.nsexec import run_in_netns
from crosslive.media.tokens import authorize_publisher
from crosslive.settings import Settings
from tests.conftest import PASSWORD
from tests.media.conftest import (
    SHOW_SLUG,
    MediaApp,
    ShowGrant,
    app_running,
    publishers,
    replace_publish_token,
    staff_headers,
    wait_until,
    watch_page,
)

pytestmark = pytest.mark.e2e

RTMP_URL = "rtmp://127.0.0.1:19350/live/show-key"
WRONG_URL = "rtmp://127.0.0.1:19350/live/guessed-key"


def obs_push(url: str) -> list[str]:
    """ffmpeg standing in for OBS: a 640x360 test picture and a tone, H.264 + AAC over RTMP."""
    return [
        "ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
        "-f", "lavfi", "-i", "testsrc=size=640x360:rate=30",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
        "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "30",
        "-c:a", "aac", "-t", "60", "-f", "flv", url,
    ]  # fmt: skip


class Ingest:
    """`crosslive media rtmp` on RTMP_URL in the server's namespace, and ffmpeg pushes to
    it, all logging to one file."""

    def __init__(self, app: MediaApp, whip_url: str, token: str, log_path: Path) -> None:
        self.prefix = app.lab.prefix(app.lab.server_ns)
        self.log_path = log_path
        self.log = log_path.open("wb")
        command = [
            *self.prefix, sys.executable, "-c", "from crosslive.cli import main; main()",
            "media", "rtmp", "--listen", RTMP_URL, "--whip-url", whip_url, "--token", token,
        ]  # fmt: skip
        self.process = subprocess.Popen(command, stdout=self.log, stderr=self.log)
        self.push: subprocess.Popen[bytes] | None = None

    def keep_pushing(self, url: str) -> None:
        """Start a push to URL unless one is running (ffmpeg's listener needs a moment
        before a push can connect, so callers retry)."""
        if self.push is None or self.push.poll() is not None:
            command = [*self.prefix, *obs_push(url)]
            self.push = subprocess.Popen(command, stdout=self.log, stderr=self.log)

    def stop_pushing(self) -> None:
        if self.push is not None and self.push.poll() is None:
            self.push.kill()
        self.push = None

    def close(self) -> None:
        self.stop_pushing()
        if self.process.poll() is None:
            self.process.kill()
        self.log.close()
        print(self.log_path.read_text()[-3000:])


def test_an_rtmp_push_is_brought_into_the_show_and_plays(
    media_app: MediaApp,
    live_show: ShowGrant,
    owner: dict[str, str | int],
    browser_in: Callable[[str], Browser],
    tmp_path: Path,
) -> None:
    whip_url = f"{media_app.url}/whip/{SHOW_SLUG}"
    ingest = Ingest(media_app, whip_url, live_show.token, tmp_path / "rtmp.log")
    headers = staff_headers(media_app, owner)
    try:
        # A guessed key: ffmpeg itself would take it; the ingest cuts it off unpublished.
        def pushing_wrong() -> bool:
            ingest.keep_pushing(WRONG_URL)
            return "wrong stream key cut off" in ingest.log_path.read_text()

        wait_until(pushing_wrong, 40, "the push under a wrong key to be cut off")
        assert publishers(media_app, live_show.show_id, headers) == []
        assert "show-key" not in ingest.log_path.read_text()  # the real key is never logged
        ingest.stop_pushing()

        def pushing() -> bool:
            ingest.keep_pushing(RTMP_URL)
            return bool(publishers(media_app, live_show.show_id, headers))

        wait_until(pushing, 40, "the RTMP push to be published into the show")
        # An ingest that reaches the server by its network address publishes over WHIP.
        assert [p["kind"] for p in publishers(media_app, live_show.show_id, headers)] == ["whip"]
        viewer = watch_page(browser_in(media_app.lab.viewer_ns), media_app.url)
        viewer.wait_for_function("window.player.state.framesDecoded > 20", timeout=40_000)
        assert viewer.evaluate("window.player.state.width") == 640
    finally:
        ingest.close()


def test_the_console_opens_an_rtmp_server_for_a_host_and_obs_streams_into_the_show(
    netlab: NetLab,
    settings: Settings,
    live_show: ShowGrant,
    owner: dict[str, str | int],
    browser_in: Callable[[str], Browser],
    tmp_path: Path,
) -> None:
    with app_running(
        netlab, settings, tmp_path / "app.log", CROSSLIVE_MEDIA_RTMP_PORTS="19360-19361"
    ) as app:
        headers = staff_headers(app, owner)
        url = f"/api/v1/media/shows/{live_show.show_id}/rtmp"
        assert app.request("GET", url, headers=headers).status_code == 404
        # Both ports taken by other programs: refused, and the host's publish token is kept.
        ports = (19360, 19361)
        held = [run_in_netns(netlab.server_ns, functools.partial(_listen, p)) for p in ports]
        full = app.request("POST", url, headers=headers)
        assert full.status_code == 409, full.text
        assert full.json()["detail"] == "every RTMP port is in use; try again when a show ends"
        for sock in held:
            sock.close()
        with transaction(make_session_factory(make_engine(settings.resolved_database_url))) as db:
            assert authorize_publisher(db, SHOW_SLUG, live_show.token).show_id == live_show.show_id
        # A double click: both answers carry the one listener (and the token it publishes
        # with is not revoked by a second one: the push below proves it).
        with ThreadPoolExecutor(2) as pool:
            both = list(pool.map(lambda _: app.request("POST", url, headers=headers), range(2)))
        assert [r.status_code for r in both] == [201, 201], [r.text for r in both]
        ingest = both[0].json()
        assert both[1].json() == ingest
        assert ingest["server_url"] == f"rtmp://{SERVER_IP}:19360/live"
        assert len(ingest["stream_key"]) >= 32
        # The listener runs, and no process's command line shows the key (any local user
        # can read those).
        wait_until(_ffmpeg_listening, 20, "ffmpeg to listen")
        assert not any(ingest["stream_key"].encode() in c for c in _cmdlines())
        # Another store's staff cannot open one for this show.
        assert app.request("POST", url, headers=_other_store(app, settings)).status_code == 404

        # The host console shows the running listener.
        console = browser_in(netlab.viewer_ns).new_context().new_page()
        console.set_default_timeout(30_000)
        console.goto(f"{app.url}/admin/login")
        console.get_by_label("Email").fill(str(owner["email"]))
        console.get_by_label("Password").fill(PASSWORD)
        console.get_by_role("button", name="Log in").click()
        console.wait_for_url(re.compile(r"/admin"))
        console.goto(f"{app.url}/host/{SHOW_SLUG}")
        console.get_by_text("Stream from OBS instead (RTMP)").click()
        key_field = console.get_by_label("Stream key")
        # A function, not an expression: the console's policy refuses Playwright's eval.
        console.wait_for_function("() => document.querySelector('[data-rtmp=stream_key]').value")
        assert key_field.input_value() == ingest["stream_key"]
        assert console.get_by_label("RTMP server").input_value() == ingest["server_url"]
        assert ingest["on_air"] is False
        console.get_by_text("Waiting for OBS").wait_for()

        # OBS (ffmpeg here) pushes from the viewer's side of the lab, as a host's PC would.
        log_path = tmp_path / "obs.log"
        push = None

        def pushing() -> bool:
            nonlocal push
            if push is None or push.poll() is not None:
                command = obs_push(f"{ingest['server_url']}/{ingest['stream_key']}")
                with log_path.open("ab") as log:
                    push = subprocess.Popen(
                        [*netlab.prefix(netlab.viewer_ns), *command], stdout=log, stderr=log
                    )
            return bool(publishers(app, live_show.show_id, headers))

        try:
            wait_until(pushing, 60, "OBS's push to be published into the show")
            assert [p["kind"] for p in publishers(app, live_show.show_id, headers)] == ["rtp"]
            assert app.request("GET", url, headers=headers).json()["on_air"] is True
            console.get_by_text("OBS is on air").wait_for()  # the console polls
            viewer = watch_page(browser_in(netlab.viewer_ns), app.url)
            viewer.wait_for_function("window.player.state.framesDecoded > 20", timeout=40_000)
            # The app's own ingest sends three layers (RTP, rtp_publish.py): a viewer starts
            # on the middle one, half of OBS's 640x360.
            assert viewer.evaluate("window.player.state.width") == 320
            viewer.evaluate("window.player.stop()")
            # Closing the server in the console ends the push; the publisher goes with it.
            console.get_by_role("button", name="Close the RTMP server").click()
            wait_until(
                lambda: app.request("GET", url, headers=headers).status_code == 404,
                10,
                "the listener to close",
            )
            wait_until(
                lambda: publishers(app, live_show.show_id, headers) == [],
                30,
                "the RTMP publisher to leave",
            )
        finally:
            if push is not None and push.poll() is None:
                push.kill()
        # Opened again: a new stream key.
        console.get_by_role("button", name="Get server and stream key").click()
        console.wait_for_function(
            f"() => !['', {ingest['stream_key']!r}].includes("
            "document.querySelector('[data-rtmp=stream_key]').value)"
        )
        assert (
            key_field.input_value() == app.request("GET", url, headers=headers).json()["stream_key"]
        )


def _other_store(app: MediaApp, settings: Settings) -> dict[str, str]:
    factory = make_session_factory(make_engine(settings.resolved_database_url))
    with transaction(factory) as db:
        seller = auth_service.create_seller(db, slug="globex", name="Globex")
        auth_service.create_staff(
            db, seller, email="owner@globex.test", name="Gil", password=PASSWORD, role=Role.OWNER
        )
    return staff_headers(app, {"email": "owner@globex.test"})


def _listen(port: int) -> socket.socket:
    sock = socket.socket()
    sock.bind(("0.0.0.0", port))
    sock.listen()
    return sock


def _cmdlines() -> list[bytes]:
    lines = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                lines.append((entry / "cmdline").read_bytes())
    return lines


def _ffmpeg_listening() -> bool:
    return any(b"-listen" in line and b":19360/" in line for line in _cmdlines())


def test_an_ingest_whose_token_is_replaced_stops_taking_pushes(
    media_app: MediaApp,
    live_show: ShowGrant,
    owner: dict[str, str | int],
    session_factory: sessionmaker[Session],
    tmp_path: Path,
) -> None:
    """Next to the server (RTP, three layers); the console's camera taking a new token for
    the host must end OBS's ingest, not leave it reconnecting."""
    whip_url = f"http://127.0.0.1:8000/whip/{SHOW_SLUG}"
    ingest = Ingest(media_app, whip_url, live_show.token, tmp_path / "rtmp.log")
    headers = staff_headers(media_app, owner)
    try:

        def pushing() -> bool:
            ingest.keep_pushing(RTMP_URL)
            return bool(publishers(media_app, live_show.show_id, headers))

        wait_until(pushing, 40, "the RTMP push to be published into the show")
        replace_publish_token(session_factory, live_show)
        assert ingest.process.wait(20) == 0
    finally:
        ingest.close()
