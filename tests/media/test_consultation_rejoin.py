"""Janus killed in the middle of a one-to-one video call: the supervisor starts a new one that
knows no call room, each call page learns from its heartbeat (asked at once when the other
side's picture stalls) that its publisher is gone, gets a fresh pass, publishes and watches
again, and both pages play the other's camera again without a reload. The gap each page saw
is printed (no target: the machine's load decides it)."""

from __future__ import annotations

import itertools
import os
import signal
import time
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page
from sqlalchemy.orm import Session, sessionmaker

from tests.factories import make_shop
from tests.media.conftest import MediaApp, wait_until
from tests.media.test_consultation_browser import PLAYING, logged_in_console

pytestmark = pytest.mark.e2e

VIEWER_VIDEO = ".consult-dialog .consult-remote"
HOST_VIDEO = ".consult-call .consult-remote"
# Wall-clock time of every frame the call's <video> shows (whichever stream it holds).
FRAME_CLOCK = """(selector) => { window.shown = []; const v = document.querySelector(selector);
  const tick = () => { window.shown.push(performance.timeOrigin + performance.now());
    v.requestVideoFrameCallback(tick); };
  v.requestVideoFrameCallback(tick); }"""
PLAYING_AGAIN = """([selector, killedAt]) => {
  const v = document.querySelector(selector);
  const live = !!v.srcObject && v.srcObject.getVideoTracks().some((t) => t.readyState === "live");
  return live && Number(v.dataset.joins) >= 2
    && window.shown.filter((t) => t > killedAt + 500).length >= 15; }"""
JOINS = "(selector) => Number(document.querySelector(selector).dataset.joins)"


def _gap(page: Page, killed_at: float) -> float:
    shown: list[float] = page.evaluate("() => window.shown")
    return max(b - a for a, b in itertools.pairwise(shown) if b > killed_at)


def test_janus_killed_mid_call_and_both_pages_play_each_other_again_without_reload(
    media_app: MediaApp,
    owner: dict[str, str | int],
    session_factory: sessionmaker[Session],
    browser_in: Callable[[str], Browser],
) -> None:
    shop = make_shop(session_factory)
    browser = browser_in(media_app.lab.viewer_ns)
    viewer = browser.new_context().new_page()
    viewer.set_default_timeout(30_000)
    viewer.on("console", lambda m: print(f"[viewer] {m.text}"))
    viewer.goto(f"{media_app.url}/live/{shop.show_slug}?country=US")
    viewer.get_by_role("button", name="Video call with the store").click()
    viewer.get_by_role("button", name="Ask for a call").click()
    viewer.wait_for_selector(".consult-dialog[data-state=waiting]")
    host = logged_in_console(browser, media_app.url, shop.show_slug)
    host.get_by_role("button", name="Take the call").click()
    viewer.wait_for_function(PLAYING, arg=VIEWER_VIDEO, timeout=45_000)
    host.wait_for_function(PLAYING, arg=HOST_VIDEO, timeout=45_000)
    assert (viewer.evaluate(JOINS, VIEWER_VIDEO), host.evaluate(JOINS, HOST_VIDEO)) == (1, 1)
    pages = [(viewer, VIEWER_VIDEO, "viewer"), (host, HOST_VIDEO, "host")]
    for page, selector, _ in pages:
        page.evaluate(FRAME_CLOCK, selector)
    documents = [page.evaluate("() => performance.timeOrigin") for page, _, _ in pages]
    [janus_pid] = media_app.janus_pids()

    killed_at = time.time() * 1000
    os.kill(janus_pid, signal.SIGKILL)
    wait_until(lambda: media_app.janus_pids() not in ([], [janus_pid]), 20, "a new Janus")
    for page, selector, _ in pages:
        page.wait_for_function(PLAYING_AGAIN, arg=[selector, killed_at], timeout=60_000)

    for page, _, who in pages:
        gap = _gap(page, killed_at)
        print(f"the {who}'s picture of the other side stood still for {gap:.0f} ms")
    # Each page joined again exactly once, and the call is the one it was (no reload).
    assert (viewer.evaluate(JOINS, VIEWER_VIDEO), host.evaluate(JOINS, HOST_VIDEO)) == (2, 2)
    assert [page.evaluate("() => performance.timeOrigin") for page, _, _ in pages] == documents
    assert viewer.get_attribute(".consult-dialog", "data-state") == "accepted"
