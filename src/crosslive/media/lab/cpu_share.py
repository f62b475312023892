"""Who had the CPU during a benchmark window: every process on the machine sampled from
/proc twice a second, its CPU time summed by what it is (Janus, the app, the light viewers,
the browsers, the publishers, the bench itself, anything else), so a figure measured on a
shared machine says how much of it was the server and how much the load around it."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")
SAMPLE_EVERY_S = 0.5
# /proc/PID/stat fields after the command name: ppid (4), utime, stime (14, 15), nice (19).
PPID, UTIME, STIME, NICE = 1, 11, 12, 16

_KINDS: dict[str, str] = {}


def _kind(pid: str, parents: dict[str, str], nice: int, bench: int) -> str:
    """What process PID is: "other" unless the bench started it (the bench's process among
    its ancestors), else by its command line (the host's browser runs at nice 10)."""
    if pid not in _KINDS:
        ancestor, seen = pid, 0
        while ancestor not in {str(bench), "0", "1", ""} and seen < 64:
            ancestor, seen = parents.get(ancestor, ""), seen + 1
        ours = ancestor == str(bench)
        _KINDS[pid] = _kind_of(pid, nice) if ours else "other"
    return _KINDS[pid]


def _kind_of(pid: str, nice: int) -> str:
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "other"
    words = [w.decode(errors="replace") for w in argv if w]
    line = " ".join(words)
    name = Path(words[0]).name if words else ""
    if name == "janus":
        return "janus"
    if "uvicorn" in line and "crosslive.app" in line:
        return "app"
    if "crosslive.media.lab.rejoining" in line or "crosslive.media.lab.subscribers" in line:
        return "light_viewers"
    if "media broadcast" in line:
        return "whip_client"
    if name == "ffmpeg" or "media rtmp" in line:
        return "rtmp"
    if "chrom" in name or "--type=" in line:  # its children run as /proc/self/exe --type=...
        return "browser_host" if nice > 0 else "browser_viewer"
    return "bench"  # Playwright's driver, the wrappers


def sample(bench: int) -> dict[str, tuple[str, float]]:
    """CPU seconds used so far by every live process ({pid: (kind, seconds)}); "machine" is
    every core's busy time since boot (the processes that already ended included, and
    "steal", the time a virtual machine's hypervisor ran something else)."""
    stats: dict[str, list[str]] = {}
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            with contextlib.suppress(OSError):
                stats[pid] = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    parents = {pid: fields[PPID] for pid, fields in stats.items()}
    found: dict[str, tuple[str, float]] = {}
    for pid, fields in stats.items():
        with contextlib.suppress(ValueError, IndexError):
            used = (int(fields[UTIME]) + int(fields[STIME])) / TICKS
            found[pid] = (_kind(pid, parents, int(fields[NICE]), bench), used)
    with open("/proc/stat") as stat:
        ticks = [int(v) for v in stat.readline().split()[1:]]
    found["machine"] = ("machine", (sum(ticks) - ticks[3] - ticks[4]) / TICKS)
    # Time the hypervisor gave this VM's cores to someone else (busy, yet nobody here ran).
    found["steal"] = ("steal", ticks[7] / TICKS if len(ticks) > 7 else 0.0)
    return found


class CpuShare:
    """Samples in a thread from start() to stop(); share(a, b) is each kind's CPU between
    wall-clock times A and B (the samples just outside them), in percent of one core; a
    process that ended in between counts in "machine" only, the whole machine's busy time."""

    def __init__(self) -> None:
        self.samples: list[tuple[float, dict[str, tuple[str, float]]]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._bench = os.getpid()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(5)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append((time.time(), sample(self._bench)))
            self._stop.wait(SAMPLE_EVERY_S)

    def share(self, start: float, end: float) -> dict[str, float]:
        before = [s for s in self.samples if s[0] <= start]
        after = [s for s in self.samples if s[0] >= end]
        if not before or not after:
            return {}
        (t0, first), (t1, last) = before[-1], after[0]
        seconds = max(t1 - t0, 0.001)
        used: dict[str, float] = {}
        for pid, (kind, at_end) in last.items():
            # A process that started in the window counts from zero; one that ended, nowhere.
            at_start = first[pid][1] if pid in first and first[pid][0] == kind else 0.0
            used[kind] = used.get(kind, 0.0) + max(at_end - at_start, 0.0)
        return {kind: round(cpu / seconds * 100, 1) for kind, cpu in sorted(used.items())}
