"""A viewer behind a link that loses 10 % of packets each way at 100 ms round trip: the
player holds frames about three round trips so retransmissions arrive in time, and keeps a
moving picture."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from crosslive.media.lab.impairment import Leg
from crosslive.media.lab.netlab import NetLab
from crosslive.settings import Settings
from tests.media.conftest import ShowGrant, app_running, publish_page, running_lab, watch_page

pytestmark = [pytest.mark.e2e, pytest.mark.impairment]

HOLD = """() => window.player.peer().getReceivers()
  .filter((r) => r.track.kind === "video").map((r) => r.jitterBufferTarget)"""


@pytest.fixture
def lossy_lab() -> Iterator[NetLab]:
    with running_lab((Leg(50, 0.10), Leg(50, 0.10))) as lab:
        yield lab


def test_a_lossy_link_makes_the_player_hold_frames_and_keep_playing(
    lossy_lab: NetLab,
    settings: Settings,
    live_show: ShowGrant,
    browser_in: Callable[[str], Browser],
    tmp_path: Path,
) -> None:
    with app_running(lossy_lab, settings, tmp_path / "app.log") as app:
        publish_page(browser_in(lossy_lab.server_ns), app.url, live_show)
        viewer = watch_page(browser_in(lossy_lab.viewer_ns), app.url, every_s=2)
        viewer.wait_for_function("window.player.state.playing", timeout=60_000)
        viewer.wait_for_function("window.player.state.holdMs > 0", timeout=30_000)
        hold = viewer.evaluate("window.player.state.holdMs")
        # About three round trips of 100 ms (RTT as the browser measures it, plus 100 ms).
        assert 300 <= hold <= 800
        assert viewer.evaluate(f"({HOLD})()") == [hold]
        # Still a moving picture with the hold in place.
        viewer.wait_for_function(
            "window.stats.length >= 2 && window.stats.slice(-2).every((s) => s.fps >= 10)",
            timeout=30_000,
        )
        viewer.evaluate("window.player.stop()")
