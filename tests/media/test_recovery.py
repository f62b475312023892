"""Janus killed mid-show: the supervisor starts a new one, and the host page and the viewer
page reconnect by themselves (no reload) and play again."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser

from tests.media.conftest import MediaApp, ShowGrant, publish_page, wait_until, watch_page

pytestmark = pytest.mark.e2e


def test_janus_killed_mid_show_and_the_viewer_plays_again_without_reload(
    media_app: MediaApp, live_show: ShowGrant, browser_in: Callable[[str], Browser]
) -> None:
    lab = media_app.lab
    host = publish_page(browser_in(lab.server_ns), media_app.url, live_show)
    viewer = watch_page(browser_in(lab.viewer_ns), media_app.url)
    viewer.wait_for_function("window.player.state.framesDecoded > 20", timeout=40_000)
    viewer.evaluate("window.firstPage = performance.timeOrigin")
    [janus_pid] = media_app.janus_pids()

    os.kill(janus_pid, signal.SIGKILL)
    wait_until(lambda: media_app.janus_pids() not in ([], [janus_pid]), 20, "a new Janus")

    viewer.wait_for_function(
        "window.player.state.reconnects >= 1 && window.player.state.playing", timeout=60_000
    )
    viewer.wait_for_function("window.player.state.framesDecoded > 20", timeout=30_000)
    assert host.evaluate("window.publisher.state.attempts") >= 2
    assert host.evaluate("window.publisher.state.connected") is True
    # Same document throughout: the page was never reloaded.
    assert viewer.evaluate("window.firstPage === performance.timeOrigin") is True
