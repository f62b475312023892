"""Replays fixtures: a real 120 s replay video (made once per session), encoded as the
replay worker encodes (H.264 with a keyframe every 2 s, AAC), small and fast to make."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

LENGTH_S = 120


@pytest.fixture(scope="session")
def replay_video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is not installed")
    out = tmp_path_factory.mktemp("replay-video") / "r.mp4"
    args = ["ffmpeg", "-y", "-v", "error", "-f", "lavfi", "-i"]
    args += [f"testsrc=size=160x90:rate=10:duration={LENGTH_S}", "-f", "lavfi", "-i"]
    args += [f"sine=frequency=440:sample_rate=48000:duration={LENGTH_S}"]
    args += [
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-g",
        "20",
        "-sc_threshold",
        "0",
        "-pix_fmt",
        "yuv420p",
    ]
    args += ["-c:a", "aac", "-b:a", "32k", "-shortest", "-movflags", "+faststart", str(out)]
    subprocess.run(args, check=True, timeout=120)
    return out


def probe_duration(path: Path) -> float:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout.strip())
