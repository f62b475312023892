"""The capacity benchmark's lightweight viewers: real WebRTC sessions through the viewer API
that count the frames Janus sends them, with Janus's CPU measured beside them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from crosslive.media.lab.capacity import _limit
from tests.media.conftest import (
    SHOW_SLUG,
    MediaApp,
    ShowGrant,
    publishers,
    staff_headers,
    start_broadcaster,
    wait_until,
)

pytestmark = pytest.mark.e2e


def test_lightweight_viewers_receive_the_show_and_janus_cpu_is_measured(
    media_app: MediaApp, live_show: ShowGrant, owner: dict[str, str | int], tmp_path: Path
) -> None:
    headers = staff_headers(media_app, owner)
    host = start_broadcaster(media_app, live_show.token, tmp_path / "host.log")
    try:
        wait_until(lambda: len(publishers(media_app, live_show.show_id, headers)) == 1, 30, "host")
        [janus_pid] = media_app.janus_pids()
        command = [
            *media_app.lab.prefix(media_app.lab.viewer_ns), sys.executable, "-m",
            "crosslive.media.lab.subscribers", media_app.url, SHOW_SLUG, "--janus-pid",
            str(janus_pid), "--steps", "2,3", "--seconds", "3",
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr[-3000:]
        rows = [json.loads(line) for line in done.stdout.splitlines()]
    finally:
        host.kill()
    assert [row["viewers"] for row in rows] == [2, 3]
    for row in rows:
        assert row["min_fps"] > 5, row  # frames arrive at every viewer
        assert row["kbps_per_viewer"] > 20, row
        assert row["janus_cpu_pct"] > 0, row
        assert row["load_cpu_pct"] > 0, row
        assert 0 < row["machine_busy_pct"] <= 100, row
    # Every viewer session was ended by the generator, with a stats report on record.
    response = media_app.request(
        "GET", f"/api/v1/media/shows/{live_show.show_id}/viewer-sessions", headers=headers
    )
    sessions = response.json()
    assert len(sessions) == 3
    assert all(s["end_reason"] == "left" and s["reports"] >= 1 for s in sessions)


def test_the_limit_is_the_whole_machine_when_its_cores_are_busy_else_janus() -> None:
    row = {"min_fps": 30.0, "janus_cpu_pct": 50.0, "machine_busy_pct": 60.0}
    assert _limit([row]) == "steps ran out"
    assert _limit([row, {**row, "min_fps": 12.0}]) == "janus"
    assert _limit([row, {**row, "min_fps": 12.0, "machine_busy_pct": 97.0}]) == "machine cpu"
