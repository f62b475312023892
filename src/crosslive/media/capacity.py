"""`crosslive bench media --scenario capacity`: viewers one Janus serves at full frame rate,
and Janus's CPU per viewer. Viewer pages are added in steps; each step is watched for a few
seconds. On a small machine the viewer browsers, not Janus, run out of CPU first, so the
viewer count is a lower bound; Janus CPU per viewer is the figure that carries over."""

from __future__ import annotations

import os
import time
from typing import Any

from playwright.sync_api import Browser, Page

FULL_FPS = 25.0
TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def _frames(pages: list[Page]) -> list[int]:
    return [len(page.evaluate("window.frameTimes")) for page in pages]


def measure_capacity(
    viewers: Browser,
    open_viewer: Any,
    janus_pid: int,
    steps: tuple[int, ...] = (1, 2, 4, 6, 8, 12),
    seconds: float = 8.0,
) -> dict[str, Any]:
    """Add viewers (on the middle layer) step by step; stop when they drop below full fps."""
    pages: list[Page] = []
    rows = []
    for count in steps:
        while len(pages) < count:
            page = open_viewer(viewers)
            page.wait_for_function("window.player.state.playing", timeout=60_000)
            pages.append(page)
        time.sleep(2)
        frames, cpu, t0 = _frames(pages), _cpu_seconds(janus_pid), time.monotonic()
        time.sleep(seconds)
        elapsed = time.monotonic() - t0
        fps = [(b - a) / elapsed for a, b in zip(frames, _frames(pages), strict=True)]
        janus_cpu = (_cpu_seconds(janus_pid) - cpu) / elapsed * 100
        rows.append(
            {
                "viewers": count,
                "min_fps": round(min(fps), 1),
                "janus_cpu_pct": round(janus_cpu, 1),
                "janus_cpu_pct_per_viewer": round(janus_cpu / count, 2),
            }
        )
        if min(fps) < FULL_FPS:
            break
    served = max((r["viewers"] for r in rows if r["min_fps"] >= FULL_FPS), default=0)
    return {
        "scenario": "capacity",
        "viewers_at_full_fps": served,
        "janus_cpu_pct_per_viewer": rows[-1]["janus_cpu_pct_per_viewer"],
        "steps": rows,
        "cpu_count": os.cpu_count(),
        "load_average_1m": round(os.getloadavg()[0], 2),
    }
