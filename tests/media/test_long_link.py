"""A viewer 200 ms (round trip) from the server: the player holds its own ICE checks back a
moment so Janus can be the DTLS server (a round trip sooner to the first frame), and plays.
On a short link it keeps Janus as the DTLS client."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from crosslive.media.lab.impairment import Leg
from crosslive.media.lab.netlab import NetLab
from crosslive.settings import Settings
from tests.media.conftest import (
    MediaApp,
    ShowGrant,
    app_running,
    publish_page,
    running_lab,
    watch_page,
)

pytestmark = pytest.mark.e2e

# The DTLS role the viewer took in its answer (Janus takes the other one).
ROLE = """() => window.player.peer().localDescription.sdp.match(/a=setup:(\\w+)/)[1]"""


@pytest.fixture
def far_lab() -> Iterator[NetLab]:
    with running_lab((Leg(100), Leg(100))) as lab:
        yield lab


def test_a_far_viewer_checks_late_takes_the_dtls_client_role_and_plays(
    far_lab: NetLab,
    settings: Settings,
    live_show: ShowGrant,
    browser_in: Callable[[str], Browser],
    tmp_path: Path,
) -> None:
    with app_running(far_lab, settings, tmp_path / "app.log") as app:
        publish_page(browser_in(far_lab.server_ns), app.url, live_show)
        viewer = watch_page(browser_in(far_lab.viewer_ns), app.url)
        viewer.wait_for_function("window.player.state.framesDecoded > 20", timeout=40_000)
        marks = viewer.evaluate("window.player.state.marks")
        assert "checks" in marks and marks["checks"] >= marks["answer_sent"]
        assert viewer.evaluate(f"({ROLE})()") == "active"
        viewer.evaluate("window.player.stop()")


def test_a_near_viewer_leaves_janus_the_dtls_client(
    media_app: MediaApp, live_show: ShowGrant, browser_in: Callable[[str], Browser]
) -> None:
    publish_page(browser_in(media_app.lab.server_ns), media_app.url, live_show)
    viewer = watch_page(browser_in(media_app.lab.viewer_ns), media_app.url)
    viewer.wait_for_function("window.player.state.framesDecoded > 20", timeout=40_000)
    assert "checks" not in viewer.evaluate("window.player.state.marks")
    assert viewer.evaluate(f"({ROLE})()") == "passive"
