"""RTMP (OBS classic output) into a show through ffmpeg: a viewer plays the pushed stream."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.media.conftest import (
    SHOW_SLUG,
    MediaApp,
    ShowGrant,
    publishers,
    staff_headers,
    wait_until,
    watch_page,
)

pytestmark = pytest.mark.e2e

RTMP_URL = "rtmp://127.0.0.1:19350/live/show-key"


def test_an_rtmp_push_is_brought_into_the_show_and_plays(
    media_app: MediaApp,
    live_show: ShowGrant,
    owner: dict[str, str | int],
    browser_in: Callable[[str], Browser],
    tmp_path: Path,
) -> None:
    prefix = media_app.lab.prefix(media_app.lab.server_ns)
    ingest_cmd = [
        *prefix, sys.executable, "-c", "from crosslive.cli import main; main()", "media", "rtmp",
        "--listen", RTMP_URL, "--whip-url", f"{media_app.url}/whip/{SHOW_SLUG}",
        "--token", live_show.token,
    ]  # fmt: skip
    push_cmd = [
        *prefix, "ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
        "-f", "lavfi", "-i", "testsrc=size=640x360:rate=30",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
        "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "30",
        "-c:a", "aac", "-t", "60", "-f", "flv", RTMP_URL,
    ]  # fmt: skip
    log = (tmp_path / "rtmp.log").open("wb")
    ingest = subprocess.Popen(ingest_cmd, stdout=log, stderr=log)
    push = None
    try:
        # ffmpeg's listener needs a moment before a push can connect; retry the push.
        def pushing() -> bool:
            nonlocal push
            if push is None or push.poll() is not None:
                push = subprocess.Popen(push_cmd, stdout=log, stderr=log)
            return bool(publishers(media_app, live_show.show_id, headers))

        headers = staff_headers(media_app, owner)
        wait_until(pushing, 40, "the RTMP push to be published into the show")
        viewer = watch_page(browser_in(media_app.lab.viewer_ns), media_app.url)
        viewer.wait_for_function("window.player.state.framesDecoded > 20", timeout=40_000)
        assert viewer.evaluate("window.player.state.width") == 640
    finally:
        for process in (push, ingest):
            if process is not None and process.poll() is None:
                process.kill()
        log.close()
        print((tmp_path / "rtmp.log").read_text()[-3000:])
