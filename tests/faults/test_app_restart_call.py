"""kill -9 the app process in the middle of a one-to-one video call (its Janus, a child, ends
with it), then start it again on the same port, as systemd would. The new app knows no call
room; the two call pages (the viewer's live room and the host's console, never reloaded)
find the app again with their heartbeat, which says their publishers are gone, get fresh
passes, publish and watch again, and play each other's camera again. The silence check that
came due while the app was down ends nothing: the call goes on. The gap each page saw is
printed (no target: the machine's load decides it)."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from sqlalchemy.orm import Session, sessionmaker

from crosslive.consultations.models import Consultation
from crosslive.db import transaction
from crosslive.media.lab.netlab import NetLab
from crosslive.settings import Settings
from tests.e2e.call_pages import (
    FRAME_CLOCK,
    HOST_VIDEO,
    JOINS,
    PLAYING_AGAIN,
    VIEWER_VIDEO,
    call_started,
)
from tests.factories import make_shop
from tests.media.conftest import MediaApp, start_app, wait_until

# Chromium decoding live video through Janus: with the machine to itself, as tests/media.
pytestmark = [pytest.mark.faults, pytest.mark.alone]


def _gap(page: Page, killed_at: float) -> tuple[float, float]:
    shown: list[float] = page.evaluate("() => window.shown")
    return max((b - a, b) for a, b in itertools.pairwise(shown) if b > killed_at)


def _kill(app: MediaApp) -> None:
    app.process.kill()
    app.process.wait()


def test_app_killed_mid_call_and_both_pages_play_each_other_again_without_reload(
    netlab: NetLab,
    settings: Settings,
    session_factory: sessionmaker[Session],
    owner: dict[str, str | int],
    browser_in: Callable[[str], Browser],
    tmp_path: Path,
) -> None:
    shop = make_shop(session_factory)
    log = tmp_path / "app.log"
    app = start_app(netlab, settings, log)
    try:
        viewer, host = call_started(browser_in(netlab.viewer_ns), app.url, shop.show_slug)
        pages = [(viewer, VIEWER_VIDEO, "viewer"), (host, HOST_VIDEO, "host")]
        for page, selector, _ in pages:
            page.evaluate(FRAME_CLOCK, selector)
        documents = [page.evaluate("() => performance.timeOrigin") for page, _, _ in pages]
        [janus_pid] = app.janus_pids()

        killed_at = time.time() * 1000
        _kill(app)
        app = start_app(netlab, settings, log)  # same port, as systemd would
        back_at = time.time() * 1000
        wait_until(lambda: janus_pid not in app.janus_pids(), 10, "the old Janus to end")
        for page, selector, _ in pages:
            page.wait_for_function(PLAYING_AGAIN, arg=[selector, killed_at], timeout=90_000)

        print(f"after the kill the app answered in {back_at - killed_at:.0f} ms")
        for page, _, who in pages:
            gap, again = _gap(page, killed_at)
            print(
                f"the {who} played the other side again at {again - killed_at:.0f} ms; "
                f"its picture stood still for {gap:.0f} ms"
            )
        # Each page joined again, the call is the one it was, and no page was reloaded.
        assert viewer.evaluate(JOINS, VIEWER_VIDEO) >= 2
        assert host.evaluate(JOINS, HOST_VIDEO) >= 2
        assert [page.evaluate("() => performance.timeOrigin") for page, _, _ in pages] == documents
        with transaction(session_factory) as db:
            call = db.get(
                Consultation, int(viewer.get_attribute(".consult-dialog", "data-consultation") or 0)
            )
            assert call is not None
            assert (call.state.value, call.end_reason) == ("accepted", "")
    finally:
        print("---- app log\n", app.log())
        app.process.terminate()
        app.process.wait(10)
