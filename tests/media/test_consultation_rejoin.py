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

from tests.e2e.call_pages import (
    FRAME_CLOCK,
    HOST_VIDEO,
    JOINS,
    PLAYING_AGAIN,
    VIEWER_VIDEO,
    call_started,
)
from tests.factories import make_shop
from tests.media.conftest import MediaApp, wait_until

pytestmark = pytest.mark.e2e


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
    viewer, host = call_started(browser, media_app.url, shop.show_slug)
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
