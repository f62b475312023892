"""The restart bench's own figures, from made-up samples: each kind of process's CPU over a
window, and the light viewers' event-loop lag after the kill."""

from __future__ import annotations

from crosslive.media.lab.cpu_share import CpuShare
from crosslive.media.lab.restart_bench import _lag


def test_cpu_share_counts_each_process_over_the_window_and_new_ones_from_zero() -> None:
    cpu = CpuShare()
    cpu.samples = [
        (99.0, {"1": ("janus", 4.0), "machine": ("machine", 40.0)}),
        (100.0, {"1": ("janus", 5.0), "2": ("app", 1.0), "machine": ("machine", 50.0)}),
        # Janus 1 was killed and Janus 3 started; app 2 used one second of two.
        (102.0, {"3": ("janus", 0.5), "2": ("app", 2.0), "machine": ("machine", 53.0)}),
    ]
    assert cpu.share(100.0, 102.0) == {"app": 50.0, "janus": 25.0, "machine": 150.0}
    # The samples just outside the window: 99 and 102; app 2 and Janus 3 count from zero.
    assert cpu.share(99.5, 101.0) == {"app": 66.7, "janus": 16.7, "machine": 433.3}
    assert cpu.share(103.0, 104.0) == {}  # no sample after the window: nothing to say


def test_loop_lag_is_summed_over_the_kill_to_the_last_recovery_only() -> None:
    lags = [[9.9, 500.0], [10.1, 10.0], [10.5, 30.0], [11.0, 200.0], [12.5, 900.0]]
    assert _lag(lags, killed=10.0, until_ms=1500) == {
        "p50": 30.0,
        "p95": 200.0,
        "max": 200.0,
        "total_s": 0.24,
    }
