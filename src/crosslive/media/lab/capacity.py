"""`crosslive bench media --scenario capacity`: how many viewers one Janus serves at full
frame rate, and Janus's CPU per viewer. Lightweight subscribers (media/lab/subscribers.py:
real WebRTC sessions that count frames instead of decoding them) are added in steps from the
viewers' namespace until some viewer drops below full frame rate.

Without a node the ramp is against the single Janus of the two-namespace lab. With `--node
eu` (a region of the regions lab) it is against that region's edge: the lab is built with
that one region, the viewers join from its viewers' namespace through the app and the viewer
API beside the edge, and the report is per node: the edge's CPU per step and per viewer, and
the origin's, which forwards the show to the edge once whatever the edge's audience."""

from __future__ import annotations

import itertools
import json
import os
import statistics
import subprocess
import sys
from typing import Any

from crosslive.media.lab.netlab import NetLab
from crosslive.media.lab.region_net import COUNTRIES, RegionLab

FULL_FPS = 25.0
# With a reference viewer on the origin (an edge ramp), a step keeps up when its slowest
# viewer gets this share of the reference's frame rate: a host starved of CPU sends fewer
# frames, which no edge can add.
KEEPS_UP = 0.9
BUSY_PCT = 90.0
# The impairment links forward every packet in one Python process (one core at most).
LINKS_BUSY_PCT = 90.0
STEPS = (10, 25, 50, 75, 100, 150, 200, 250, 300)
NODES = tuple(COUNTRIES)
MAX_STEP = 1000


def keeps_up(row: dict[str, Any]) -> bool:
    """Whether the step's slowest viewer played at full frame rate, or (with a reference
    viewer on the origin) at the rate the show had before the edge."""
    source = row.get("source_fps")
    # A reference that got nothing (its session lost) says nothing of the show's rate.
    floor = FULL_FPS if not source else min(FULL_FPS, KEEPS_UP * source)
    return bool(row["min_fps"] >= floor)


def parse_steps(text: str) -> tuple[int, ...]:
    """`10,25,50` -> (10, 25, 50); an empty text is the default ramp. ValueError says why
    any other is refused (not whole numbers, not rising, out of 1..MAX_STEP)."""
    if not text.strip():
        return STEPS
    try:
        steps = tuple(int(part) for part in text.split(","))
    except ValueError:
        raise ValueError(f"steps must be whole numbers separated by commas, not {text!r}") from None
    if any(step < 1 or step > MAX_STEP for step in steps):
        raise ValueError(f"each step must be 1 to {MAX_STEP} viewers, not {text!r}")
    if any(b <= a for a, b in itertools.pairwise(steps)):
        raise ValueError(f"steps must rise, not {text!r}")
    return steps


def check_node(node: str) -> None:
    """ValueError unless NODE is an edge of the regions lab."""
    if node not in NODES:
        raise ValueError(f"unknown node {node!r}: the regions lab's edges are {', '.join(NODES)}")


def _ramp(prefix: list[str], url: str, show: str, janus_pid: int, args: list[str]) -> list[Any]:
    command = [
        *prefix, sys.executable, "-m", "crosslive.media.lab.subscribers", url, show,
        "--janus-pid", str(janus_pid), *args,
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=1800, check=False)
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    if not rows:
        raise RuntimeError(f"the subscribers produced no figures: {done.stderr[-2000:]}")
    if done.returncode:  # the steps so far stand; the next one never finished
        lines = done.stderr.strip().splitlines() or [f"exit status {done.returncode}"]
        rows[-1] = {**rows[-1], "ramp_failed": lines[-1][-300:]}
    return rows


def _ramp_args(steps: tuple[int, ...], seconds: float, layer: int) -> list[str]:
    return ["--steps", ",".join(map(str, steps)), "--seconds", str(seconds), "--layer", str(layer)]


def measure_capacity(
    lab: NetLab, url: str, show: str, janus_pid: int, layer: int = 1, seconds: float = 8.0,
    steps: tuple[int, ...] = STEPS,
) -> dict[str, Any]:  # fmt: skip
    rows = _ramp(lab.prefix(lab.viewer_ns), url, show, janus_pid, _ramp_args(steps, seconds, layer))
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


def measure_edge_capacity(
    lab: RegionLab, url: str, show: str, node: str, layer: int = 1, seconds: float = 8.0,
    steps: tuple[int, ...] = STEPS,
) -> dict[str, Any]:  # fmt: skip
    """The ramp against NODE's edge, once the show is live on the origin. The links' CPU is
    this process's: the impairment links forward in its threads."""
    region = lab.region(node)
    [origin_pid] = lab.pids_named(lab.server_ns, "janus")
    [edge_pid] = lab.pids_named(region.edge_ns, "janus")
    load_before = round(os.getloadavg()[0], 2)
    args = [
        *_ramp_args(steps, seconds, layer), "--region", node,
        "--origin-pid", str(origin_pid), "--link-pid", str(os.getpid()),
    ]  # fmt: skip
    rows = _ramp(lab.prefix(region.viewer_ns), url, show, edge_pid, args)
    return {
        "scenario": "capacity",
        "node": node,
        "layer": layer,
        "nodes": per_node(rows, node),
        "limited_by": _limit(rows),
        "steps": rows,
        "cpu_count": os.cpu_count(),
        "load_average_1m_before": load_before,
        "load_average_1m": round(os.getloadavg()[0], 2),
    }


def per_node(rows: list[dict[str, Any]], node: str) -> dict[str, Any]:
    """Each node's share of an edge ramp's ROWS (one per step, as subscribers.py prints
    them): NODE's edge plays to every viewer; the origin plays to none but the reference
    viewer and forwards the show to the edge once, so its CPU should not follow the viewers.
    The edge's per-viewer and per-Mbit/s CPU are those of the last step that kept up."""
    at_full = max((r["viewers"] for r in rows if r["min_fps"] >= FULL_FPS), default=0)
    up = [r for r in rows if keeps_up(r)]
    sizing = (up or rows)[-1]
    mbit_s = sizing["viewers"] * sizing["kbps_per_viewer"] / 1000

    def step(row: dict[str, Any], cpu: float, per_viewer: bool) -> dict[str, Any]:
        shared = {"viewers": row["viewers"], "janus_cpu_pct": cpu}
        if per_viewer:
            shared["janus_cpu_pct_per_viewer"] = round(cpu / row["viewers"], 3)
            shared["kbps_per_viewer"] = row["kbps_per_viewer"]
        return {
            **shared,
            "min_fps": row["min_fps"],
            "source_fps": row.get("source_fps"),
            "machine_busy_pct": row["machine_busy_pct"],
        }

    origin = [r["origin_janus_cpu_pct"] for r in rows]
    return {
        node: {
            "role": "edge",
            "viewers_at_full_fps": at_full,
            "viewers_at_source_fps": max((r["viewers"] for r in up), default=0),
            "janus_cpu_pct_per_viewer": sizing["janus_cpu_pct_per_viewer"],
            "janus_cpu_pct_per_mbit_s": round(sizing["janus_cpu_pct"] / mbit_s, 2)
            if mbit_s
            else None,
            "steps": [step(r, r["janus_cpu_pct"], True) for r in rows],
        },
        "origin": {
            "role": "origin",
            "plays_to": 1,  # the reference viewer
            "forwards_to": [node],
            # Its viewers are the edge's: each of them got the show through this node.
            "viewers_at_full_fps": at_full,
            "janus_cpu_pct_median": round(statistics.median(origin), 1),
            "janus_cpu_pct_spread": round(max(origin) - min(origin), 1),
            "steps": [step(r, r["origin_janus_cpu_pct"], False) for r in rows],
        },
    }


def _limit(rows: list[dict[str, Any]]) -> str:
    """What stopped the ramp: on a small machine Janus shares the cores with the host's
    browser and the load generator, and the machine as a whole runs out first; behind the
    regions lab's links, their forwarding process may run out before either. A generator
    that failed (a join refused or timed out) marks its last step with `ramp_failed`."""
    last = rows[-1]
    if "ramp_failed" in last:
        return "load generator failed after this step"
    if keeps_up(last):
        return "steps ran out"
    if last.get("links_cpu_pct", 0.0) >= LINKS_BUSY_PCT:
        return "impairment links"
    if last["machine_busy_pct"] >= BUSY_PCT:
        return "machine cpu"
    return "janus"
