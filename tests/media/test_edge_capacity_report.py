"""The capacity ramp against one edge: its per-node report from made-up steps, and the CLI's
--node and --steps refused with a clear message before anything is built."""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from crosslive.cli import app
from crosslive.media.lab import bench
from crosslive.media.lab.capacity import STEPS, _limit, keeps_up, per_node


def _row(viewers: int, min_fps: float, edge: float, origin: float, **more: float) -> dict[str, Any]:
    return {
        "viewers": viewers,
        "min_fps": min_fps,
        "median_fps": 30.0,
        "kbps_per_viewer": 250.0,
        "janus_cpu_pct": edge,
        "janus_cpu_pct_per_viewer": round(edge / viewers, 3),
        "load_cpu_pct": 40.0,
        "origin_janus_cpu_pct": origin,
        "links_cpu_pct": 30.0,
        "source_fps": 30.0,
        "machine_busy_pct": 60.0 + viewers / 10,
        "off_node": 0,
        **more,
    }


ROWS = [_row(10, 29.8, 5.0, 2.1), _row(50, 28.1, 20.0, 2.5), _row(100, 19.0, 45.0, 2.2)]


def test_per_node_report_splits_the_edge_and_the_origin() -> None:
    nodes = per_node(ROWS, "eu")
    assert set(nodes) == {"eu", "origin"}
    edge = nodes["eu"]
    assert edge["role"] == "edge"
    # 100 viewers got a slowest viewer under 25 fps: 50 is the last step at full frame rate,
    # and its CPU is the one to size with (20 % for 50 viewers of 250 kbit/s: 12.5 Mbit/s).
    assert (edge["viewers_at_full_fps"], edge["viewers_at_source_fps"]) == (50, 50)
    assert edge["janus_cpu_pct_per_viewer"] == 0.4
    assert edge["janus_cpu_pct_per_mbit_s"] == 1.6
    assert edge["steps"] == [
        {"viewers": 10, "janus_cpu_pct": 5.0, "janus_cpu_pct_per_viewer": 0.5,
         "kbps_per_viewer": 250.0, "min_fps": 29.8, "source_fps": 30.0, "machine_busy_pct": 61.0},
        {"viewers": 50, "janus_cpu_pct": 20.0, "janus_cpu_pct_per_viewer": 0.4,
         "kbps_per_viewer": 250.0, "min_fps": 28.1, "source_fps": 30.0, "machine_busy_pct": 65.0},
        {"viewers": 100, "janus_cpu_pct": 45.0, "janus_cpu_pct_per_viewer": 0.45,
         "kbps_per_viewer": 250.0, "min_fps": 19.0, "source_fps": 30.0, "machine_busy_pct": 70.0},
    ]  # fmt: skip
    origin = nodes["origin"]
    assert (origin["role"], origin["plays_to"], origin["forwards_to"]) == ("origin", 1, ["eu"])
    assert origin["viewers_at_full_fps"] == 50
    assert (origin["janus_cpu_pct_median"], origin["janus_cpu_pct_spread"]) == (2.2, 0.4)
    assert [s["janus_cpu_pct"] for s in origin["steps"]] == [2.1, 2.5, 2.2]
    assert "janus_cpu_pct_per_viewer" not in origin["steps"][0]


def test_a_starved_host_is_not_the_edges_fault() -> None:
    """The host sends 12 fps: viewers at 11.5 keep up with it (0.9 of 12 is 10.8), at 9 not."""
    rows = [
        _row(5, 11.5, 2.0, 1.5, source_fps=12.0),
        _row(10, 11.2, 4.0, 1.5, source_fps=12.0),
        _row(20, 9.0, 8.0, 1.6, source_fps=12.0),
    ]
    edge = per_node(rows, "ap")["ap"]
    assert (edge["viewers_at_full_fps"], edge["viewers_at_source_fps"]) == (0, 10)
    assert edge["janus_cpu_pct_per_viewer"] == 0.4
    assert (keeps_up(rows[1]), keeps_up(rows[2])) == (True, False)
    assert _limit(rows[:2]) == "steps ran out"
    # Without a reference viewer (the origin-only ramp), or with one that got nothing, full
    # frame rate is 25 fps.
    assert not keeps_up({k: v for k, v in rows[0].items() if k != "source_fps"})
    assert not keeps_up({**rows[0], "source_fps": 0.0})


def test_no_step_keeping_up_sizes_from_the_first_step() -> None:
    nodes = per_node([_row(10, 12.0, 8.0, 2.0)], "us")
    assert (nodes["us"]["viewers_at_full_fps"], nodes["us"]["viewers_at_source_fps"]) == (0, 0)
    assert nodes["us"]["janus_cpu_pct_per_viewer"] == 0.8
    assert nodes["origin"]["janus_cpu_pct_spread"] == 0.0


def test_what_stopped_the_ramp() -> None:
    assert _limit(ROWS[:2]) == "steps ran out"
    assert _limit([_row(100, 19.0, 45.0, 2.2, links_cpu_pct=95.0)]) == "impairment links"
    assert _limit([_row(100, 19.0, 45.0, 2.2, machine_busy_pct=97.0)]) == "machine cpu"
    assert _limit(ROWS) == "janus"
    failed = [*ROWS[:1], {**ROWS[1], "ramp_failed": "httpx.ReadTimeout"}]
    assert _limit(failed) == "load generator failed after this step"
    origin_only = {k: v for k, v in ROWS[2].items() if k not in {"links_cpu_pct", "source_fps"}}
    assert _limit([origin_only]) == "janus"


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What run_bench was asked to run (nothing is built)."""
    calls: list[dict[str, Any]] = []

    def fake(scenario: str, **kwargs: Any) -> dict[str, Any]:
        calls.append({"scenario": scenario, **kwargs})
        return {"scenario": scenario}

    monkeypatch.setattr(bench, "run_bench", fake)
    return calls


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--node", "mars"], "unknown node 'mars': the regions lab's edges are eu, us, ap"),
        (["--node", "origin"], "unknown node 'origin'"),
        (["--steps", "10,x"], "steps must be whole numbers separated by commas, not '10,x'"),
        (["--steps", "50,25"], "steps must rise, not '50,25'"),
        (["--steps", "0,10"], "each step must be 1 to 1000 viewers"),
    ],
)
def test_bad_node_or_steps_are_refused_and_nothing_runs(
    runs: list[dict[str, Any]], args: list[str], message: str
) -> None:
    result = CliRunner().invoke(app, ["bench", "media", "--scenario", "capacity", *args])
    assert result.exit_code == 2
    assert message in " ".join(result.output.replace("│", " ").split())
    assert runs == []


def test_node_only_with_the_capacity_scenario(runs: list[dict[str, Any]]) -> None:
    result = CliRunner().invoke(app, ["bench", "media", "--scenario", "regions", "--node", "eu"])
    assert result.exit_code == 2
    assert "--node and --steps go with --scenario capacity only" in " ".join(
        result.output.replace("│", " ").split()
    )
    assert runs == []


def test_node_and_steps_reach_the_bench(runs: list[dict[str, Any]]) -> None:
    args = ["bench", "media", "--scenario", "capacity", "--node", "eu", "--steps", "5,20,40"]
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    assert [(c["scenario"], c["node"], c["steps"]) for c in runs] == [
        ("capacity", "eu", (5, 20, 40))
    ]
    result = CliRunner().invoke(app, ["bench", "media", "--scenario", "capacity", "--json"])
    assert result.exit_code == 0, result.output
    assert (runs[-1]["node"], runs[-1]["steps"]) == ("", STEPS)
