"""GStreamer's webrtcbin as a WHIP publisher (gst_whip_publisher.py, on Debian's GStreamer
1.22): it publishes VP8 + Opus into the show and a browser viewer plays the picture."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.media.conftest import (
    SHOW_SLUG,
    MediaApp,
    ShowGrant,
    staff_headers,
    wait_connected,
    watch_page,
)

pytestmark = pytest.mark.e2e

SYSTEM_PYTHON = "/usr/bin/python3"
PUBLISHER = Path(__file__).with_name("gst_whip_publisher.py")


def _has_webrtcbin() -> bool:
    probe = (
        "import gi; gi.require_version('Gst', '1.0'); gi.require_version('GstWebRTC', '1.0');"
        "from gi.repository import Gst; Gst.init(None);"
        "assert Gst.ElementFactory.find('webrtcbin') and Gst.ElementFactory.find('vp8enc')"
    )
    done = subprocess.run([SYSTEM_PYTHON, "-c", probe], capture_output=True, check=False)
    return done.returncode == 0


def test_a_gstreamer_webrtcbin_whip_client_publishes_and_a_viewer_plays(
    media_app: MediaApp,
    live_show: ShowGrant,
    owner: dict[str, str | int],
    browser_in: Callable[[str], Browser],
    tmp_path: Path,
) -> None:
    if not _has_webrtcbin():
        pytest.skip("GStreamer webrtcbin for Debian's python3 is missing (scripts/setup.sh)")
    headers = staff_headers(media_app, owner)
    command = [
        *media_app.lab.prefix(media_app.lab.server_ns), SYSTEM_PYTHON, str(PUBLISHER),
        f"{media_app.url}/whip/{SHOW_SLUG}", live_show.token, "60",
    ]  # fmt: skip
    log_path = tmp_path / "gst-publisher.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=log)
    try:
        wait_connected(media_app, live_show.show_id, headers, "the GStreamer publisher")
        viewer = watch_page(browser_in(media_app.lab.viewer_ns), media_app.url)
        viewer.wait_for_function("window.player.state.framesDecoded > 20", timeout=40_000)
        assert viewer.evaluate("window.player.state.width") == 640
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        print(log_path.read_text(errors="replace")[-3000:])
