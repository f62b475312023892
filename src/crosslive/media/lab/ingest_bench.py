"""`crosslive bench media --scenario rtmp-ingest`: what a show streamed from OBS costs the
media server. ffmpeg stands in for OBS (1280x720 at 30 fps, H.264 + AAC; on this machine,
so its encoder takes CPU too) and pushes into `crosslive media rtmp`, which publishes it in
turn:
three simulcast layers as RTP (next to the server, what the app's own ingests do) and one
layer over WHIP (an ingest elsewhere). For each: the CPU of the ingest and its ffmpeg, and
the frames it encoded and skipped (skipped: encoding fell behind real time)."""

from __future__ import annotations

import contextlib
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from crosslive.media.lab.netlab import SERVER_IP, NetLab
from crosslive.media.lab.subscribers import cpu_seconds

PUSH_S = 30
WARM_UP_S = 8.0
WINDOW_S = 15.0
RTMP_URL = "rtmp://127.0.0.1:19355/live/bench-key"
STOPPED = re.compile(r"(\d+) frames sent, (\d+) skipped")


def _push(lab: NetLab) -> list[str]:
    return [
        *lab.prefix(lab.server_ns), "ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
        "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
        "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "60",
        "-b:v", "3000k", "-c:a", "aac", "-t", str(PUSH_S), "-f", "flv", RTMP_URL,
    ]  # fmt: skip


def _descendants(pid: int) -> list[int]:
    found = []
    with open(f"/proc/{pid}/task/{pid}/children") as children:
        for child in children.read().split():
            found += [int(child), *_descendants(int(child))]
    return found


def _cpu(pid: int) -> float:
    """CPU seconds of PID and everything under it now."""
    total = 0.0
    for each in [pid, *_descendants(pid)]:
        with contextlib.suppress(FileNotFoundError):  # ended meanwhile
            total += cpu_seconds(each)
    return total


def _one(lab: NetLab, folder: Path, whip_url: str, token: str) -> dict[str, Any]:
    ingest_cmd = [
        *lab.prefix(lab.server_ns), sys.executable, "-c", "from crosslive.cli import main; main()",
        "media", "rtmp", "--listen", RTMP_URL, "--whip-url", whip_url, "--token", token,
    ]  # fmt: skip
    log_path = folder / f"ingest-{len(list(folder.glob('ingest-*.log')))}.log"
    with log_path.open("wb") as log:
        ingest = subprocess.Popen(ingest_cmd, stdout=log, stderr=log)
        push = None
        try:
            time.sleep(2)  # ffmpeg's listener up
            push = subprocess.Popen(_push(lab), stdout=log, stderr=log)
            time.sleep(WARM_UP_S)
            before, started = _cpu(ingest.pid), time.monotonic()
            time.sleep(WINDOW_S)
            used = _cpu(ingest.pid) - before
            elapsed = time.monotonic() - started
            push.wait(PUSH_S + 10)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and not STOPPED.search(log_path.read_text()):
                time.sleep(0.2)
        finally:
            for process in (push, ingest):
                if process is not None and process.poll() is None:
                    process.kill()
                    process.wait()
    counts = STOPPED.search(log_path.read_text())
    return {
        "ingest_cpu_pct": round(100 * used / elapsed, 1),
        "frames_sent": int(counts.group(1)) if counts else None,
        "frames_skipped": int(counts.group(2)) if counts else None,
    }


def measure_rtmp_ingest(
    lab: NetLab, folder: Path, port: int, show: str, token: str
) -> dict[str, Any]:
    layers = _one(lab, folder, f"http://127.0.0.1:{port}/whip/{show}", token)
    single = _one(lab, folder, f"http://{SERVER_IP}:{port}/whip/{show}", token)
    return {
        "scenario": "rtmp-ingest",
        "source": "1280x720 30 fps H.264 3 Mbit/s + AAC (ffmpeg testsrc2, on this machine)",
        "three_layers_rtp": layers,
        "one_layer_whip": {k: v for k, v in single.items() if k == "ingest_cpu_pct"},
        "window_s": WINDOW_S,
    }
