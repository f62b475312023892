"""Janus killed mid-show: the supervisor starts a new one, the server says so on the show's
event log, and the host's page publishes again and the live room plays again by itself (no
reload). The gap the viewer saw is printed; its target lives in the benchmark
(`crosslive bench media --scenario janus-restart`)."""

from __future__ import annotations

import itertools
import os
import signal
import time
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction
from crosslive.shows.models import Show, ShowState
from tests.media.conftest import (
    SHOW_SLUG,
    MediaApp,
    ShowGrant,
    open_test_page,
    wait_until,
)

pytestmark = pytest.mark.e2e

# The host console's publishing, as host.js wires it: publisher.js, told by the event log.
PUBLISH_PAGE = """<!doctype html><html><body><video id="self" muted playsinline></video>
<script type="module">
import { startPublishing } from "/static/media/publisher.js";
import { ShowSocket, withStore } from "/static/live/socket.js";
window.publisher = await startPublishing({
  showSlug: %(slug)r, token: %(token)r, video: document.getElementById("self"),
});
new ShowSocket(withStore("/live/%(slug)s/ws", "acme"), (event) => {
  if (event.kind === "media_restart") window.publisher.republish();
});
</script></body></html>"""
# Wall-clock time of every frame the live room's video shows.
FRAME_CLOCK = """() => { window.shown = []; const v = document.querySelector("#video");
  const tick = () => { window.shown.push(performance.timeOrigin + performance.now());
    v.requestVideoFrameCallback(tick); };
  v.requestVideoFrameCallback(tick); }"""
# (Functions, not expressions: the live room's Content-Security-Policy forbids eval.)
PLAYING = """() => document.querySelector("#video").currentTime > 0.5"""
PLAYING_AGAIN = """(killedAt) => window.shown.filter((t) => t > killedAt + 500).length >= 15"""


def _go_live(session_factory: sessionmaker[Session], show_id: int) -> None:
    with transaction(session_factory) as db:
        show = db.get(Show, show_id)
        assert show is not None
        show.state = ShowState.LIVE


def test_janus_killed_mid_show_and_the_live_room_plays_again_without_reload(
    media_app: MediaApp,
    live_show: ShowGrant,
    browser_in: Callable[[str], Browser],
    session_factory: sessionmaker[Session],
) -> None:
    lab = media_app.lab
    _go_live(session_factory, live_show.show_id)
    html = PUBLISH_PAGE % {"slug": SHOW_SLUG, "token": live_show.token}
    host = open_test_page(browser_in(lab.server_ns), media_app.url, html)
    host.wait_for_function("window.publisher?.state.connected", timeout=30_000)
    viewer = browser_in(lab.viewer_ns).new_page()
    viewer.goto(f"{media_app.url}/live/{SHOW_SLUG}?store=acme")
    viewer.wait_for_function(PLAYING, timeout=30_000)
    viewer.evaluate(FRAME_CLOCK)
    first_page = viewer.evaluate("() => performance.timeOrigin")
    [janus_pid] = media_app.janus_pids()

    killed_at = time.time() * 1000
    os.kill(janus_pid, signal.SIGKILL)
    wait_until(lambda: media_app.janus_pids() not in ([], [janus_pid]), 20, "a new Janus")
    viewer.wait_for_function(PLAYING_AGAIN, arg=killed_at, timeout=30_000)

    shown: list[float] = viewer.evaluate("() => window.shown")
    gap = max(b - a for a, b in itertools.pairwise(shown) if b > killed_at)
    print(f"the viewer's picture stood still for {gap:.0f} ms around the kill")
    assert host.evaluate("window.publisher.state.attempts") >= 2
    assert host.evaluate("window.publisher.state.connected") is True
    # Same document throughout: the page was never reloaded.
    assert viewer.evaluate("() => performance.timeOrigin") == first_page
