"""A viewer held to 500 kbit/s: started on the top layer (by setting), it is moved to a lower
one by its own reports and keeps playing; its session record says so."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from sqlalchemy.orm import Session, sessionmaker

from crosslive.media.models import ViewerSession
from crosslive.settings import Settings
from tests.media.conftest import ShowGrant, publish_page, start_app, watch_page
from tests.media.netlab import NetLab

pytestmark = pytest.mark.e2e


def test_viewer_on_a_500_kbit_link_is_moved_down_and_keeps_playing(
    netlab: NetLab,
    settings: Settings,
    live_show: ShowGrant,
    session_factory: sessionmaker[Session],
    browser_in: Callable[[str], Browser],
    tmp_path: Path,
) -> None:
    app = start_app(netlab, settings, tmp_path / "app.log", CROSSLIVE_MEDIA_START_LAYER="2")
    try:
        netlab.limit_viewer_rate(500)
        publish_page(browser_in(netlab.server_ns), app.url, live_show)
        viewer = watch_page(browser_in(netlab.viewer_ns), app.url, every_s=2)
        viewer.wait_for_function("window.player.state.playing", timeout=40_000)
        viewer.wait_for_function(
            "window.player.state.layer !== null && window.player.state.layer < 2", timeout=60_000
        )
        frames = viewer.evaluate("window.player.state.framesDecoded")
        viewer.wait_for_function(
            f"window.player.state.framesDecoded >= {frames} + 90", timeout=40_000
        )
        layer = viewer.evaluate("window.player.state.layer")
        viewer.evaluate("window.player.stop()")
    finally:
        print(app.log())
        app.process.terminate()
        app.process.wait(10)
    with session_factory() as db:
        [record] = db.query(ViewerSession).all()
        assert record.show_id == live_show.show_id
        assert record.start_layer == 2
        assert record.final_layer == layer
        assert record.final_layer < 2
        assert record.layer_downs >= 1
        assert record.end_reason == "left"
        assert record.first_frame_ms is not None and record.first_frame_ms > 0
