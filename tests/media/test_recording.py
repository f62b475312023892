"""A show's room records its publisher (Janus VideoRoom `record` into the show's recordings
folder), and janus-pp-rec and ffmpeg make that recording into the replay's MP4."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import pytest

from crosslive.replays import processing
from crosslive.settings import Settings
from tests.media.conftest import (
    MediaApp,
    ShowGrant,
    staff_headers,
    start_broadcaster,
    wait_connected,
)

pytestmark = pytest.mark.e2e


def test_a_published_show_is_recorded_and_made_into_a_replay_video(
    media_app: MediaApp,
    live_show: ShowGrant,
    owner: dict[str, str | int],
    tmp_path: Path,
    settings: Settings,
) -> None:
    headers = staff_headers(media_app, owner)
    process = start_broadcaster(media_app, live_show.token, tmp_path / "broadcaster.log")
    try:
        wait_connected(media_app, live_show.show_id, headers, "the aiortc publisher")
        time.sleep(3)  # three seconds of show
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
    rec_dir = settings.recordings_dir / str(live_show.show_id)
    segments = processing.find_segments(rec_dir)
    assert [(s.audio is not None, s.video is not None) for s in segments] == [(True, True)]
    assert (segments[0].video.codec, segments[0].audio.codec) == ("vp8", "opus")  # type: ignore[union-attr]
    out = tmp_path / "replay.mp4"
    _, placed = processing.render(rec_dir, out, tmp_path / "work")
    assert 2.0 < placed[0].length < 30.0
    probe = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-show_entries",
            "stream=codec_name",
            "-of",
            "csv=p=0",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.split() == ["h264", "aac"]
