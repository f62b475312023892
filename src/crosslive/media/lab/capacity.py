"""`crosslive bench media --scenario capacity`: how many viewers one Janus serves at full
frame rate, and Janus's CPU per viewer. Lightweight subscribers (media/lab/subscribers.py:
real WebRTC sessions that count frames instead of decoding them) are added in steps from the
viewers' namespace until some viewer drops below full frame rate."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from crosslive.media.lab.netlab import NetLab

FULL_FPS = 25.0
BUSY_PCT = 90.0
STEPS = (10, 25, 50, 75, 100, 150, 200, 250, 300)


def measure_capacity(
    lab: NetLab, url: str, show: str, janus_pid: int, layer: int = 1, seconds: float = 8.0
) -> dict[str, Any]:
    command = [
        *lab.prefix(lab.viewer_ns), sys.executable, "-m", "crosslive.media.lab.subscribers",
        url, show, "--janus-pid", str(janus_pid), "--steps", ",".join(map(str, STEPS)),
        "--seconds", str(seconds), "--layer", str(layer),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    if not rows:
        raise RuntimeError(f"the subscribers produced no figures: {done.stderr[-2000:]}")
    full = [r for r in rows if r["min_fps"] >= FULL_FPS]
    return {
        "scenario": "capacity",
        "layer": layer,
        "viewers_at_full_fps": max((r["viewers"] for r in full), default=0),
        "janus_cpu_pct_per_viewer": (full or rows)[-1]["janus_cpu_pct_per_viewer"],
        "limited_by": _limit(rows),
        "steps": rows,
        "cpu_count": os.cpu_count(),
        "load_average_1m": round(os.getloadavg()[0], 2),
    }


def _limit(rows: list[dict[str, Any]]) -> str:
    """What stopped the ramp: on a small machine Janus shares the cores with the host's
    browser and the load generator, and the machine as a whole runs out first."""
    last = rows[-1]
    if last["min_fps"] >= FULL_FPS:
        return "steps ran out"
    if last["machine_busy_pct"] >= BUSY_PCT:
        return "machine cpu"
    return "janus"
