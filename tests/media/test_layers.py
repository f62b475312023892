"""A viewer held to 500 kbit/s: started on the top layer (by setting), it is moved to a lower
one by its own reports and keeps playing; its session record says so."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from sqlalchemy.orm import Session, sessionmaker

from crosslive.media.lab.netlab import NetLab
from crosslive.media.models import ViewerSession
from crosslive.settings import Settings
from tests.media.conftest import ShowGrant, app_running, publish_page, watch_page

pytestmark = pytest.mark.e2e


def test_viewer_on_a_500_kbit_link_is_moved_down_and_keeps_playing(
    netlab: NetLab,
    settings: Settings,
    live_show: ShowGrant,
    session_factory: sessionmaker[Session],
    browser_in: Callable[[str], Browser],
    tmp_path: Path,
) -> None:
    with app_running(
        netlab, settings, tmp_path / "app.log", CROSSLIVE_MEDIA_START_LAYER="2"
    ) as app:
        netlab.limit_viewer_rate(500)
        publish_page(browser_in(netlab.server_ns), app.url, live_show)
        viewer = watch_page(browser_in(netlab.viewer_ns), app.url, every_s=2)
        viewer.wait_for_function("window.player.state.playing", timeout=40_000)
        viewer.wait_for_function(
            "window.player.state.layer !== null && window.player.state.layer < 2", timeout=60_000
        )
        # Keeps playing: three reports in a row with a moving picture on a lower layer.
        viewer.wait_for_function(
            "window.stats.length >= 3 && window.stats.slice(-3).every("
            "(s) => s.fps >= 8 && s.layer < 2 && s.width > 0 && s.width < 1280)",
            timeout=60_000,
        )
        layer = viewer.evaluate("window.player.state.layer")
        viewer.evaluate("window.player.stop()")
    with session_factory() as db:
        # One record per playback; a stall-triggered reconnect would add one more.
        record = db.query(ViewerSession).order_by(ViewerSession.id.desc()).first()
        assert record is not None
        assert record.show_id == live_show.show_id
        sessions = db.query(ViewerSession).order_by(ViewerSession.id).all()
        assert sessions[0].start_layer == 2
        # Moved down: by a layer switch in a session, or, when a stall on the thin link made
        # the player rejoin first, by the rejoin starting below the top layer.
        assert any(s.layer_downs >= 1 for s in sessions) or any(
            s.start_layer is not None and s.start_layer < 2 for s in sessions[1:]
        ), [(s.start_layer, s.layer_downs, s.final_layer) for s in sessions]
        assert record.final_layer == layer
        assert record.final_layer < 2
        assert record.end_reason == "left"
        assert record.first_frame_ms is not None and record.first_frame_ms > 0
