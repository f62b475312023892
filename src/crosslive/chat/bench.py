"""Chat fan-out benchmark: V WebSocket viewers spread over N app processes, M chat messages a
second, one private Redis between the processes (N > 1).

The app processes run as in production (`chat/bench_processes.py`: a scratch store, a
redis-server of the bench's own). Viewers are minimal WebSocket clients in worker processes
(`chat/bench_viewers.py`, one per app process up to the machine's CPU count); the publisher
POSTs chat messages at the given rate to the app processes in turn, so a message posted to
one process must reach the viewers of all of them. Latency of one delivery = its arrival at
a viewer minus the moment its POST was sent, measured on every TIMED_EVERY-th viewer (the
others are counted, not timed: see `chat/bench_viewers.py`); every message must reach every
viewer.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from crosslive.chat import bench_processes as procs
from crosslive.chat.bench_viewers import unpack, viewer_worker
from crosslive.translation.languages import SUPPORTED

DRAIN_S = 10.0
TIMED_EVERY = 10
SOURCE_LANGUAGE = "en"


@dataclass
class Cluster:
    apps: list[subprocess.Popen[bytes]]
    ports: list[int]
    redis: subprocess.Popen[bytes] | None
    broker: str

    def pids(self) -> list[int]:
        return [app.pid for app in self.apps] + ([self.redis.pid] if self.redis else [])

    def cpu(self) -> list[float | None]:
        return [procs.cpu_seconds(pid) for pid in self.pids()]


@dataclass
class Workers:
    conns: list[Connection] = field(default_factory=list)
    processes: list[Any] = field(default_factory=list)

    async def receive_all(self, timeout: float) -> list[Any]:
        loop = asyncio.get_running_loop()

        def recv(conn: Connection) -> Any:
            if not conn.poll(timeout):
                raise RuntimeError("a viewer worker did not answer")
            return conn.recv()

        return list(
            await asyncio.gather(*(loop.run_in_executor(None, recv, c) for c in self.conns))
        )

    def send_all(self, message: Any) -> None:
        for conn in self.conns:
            conn.send(message)

    def stop(self) -> None:
        for process in self.processes:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
                process.join()


def _start_cluster(data_dir: Path, url: str, processes: int, translated: bool) -> Cluster:
    redis, broker_url = procs.start_redis(data_dir) if processes > 1 else (None, "")
    ports = [procs.free_port() for _ in range(processes)]
    apps = [
        procs.start_app(procs.app_environment(data_dir, url, port, broker_url), translated)
        for port in ports
    ]
    return Cluster(apps, ports, redis, "redis" if redis else "memory")


def _start_workers(
    cluster: Cluster, viewers: int, timed_every: int, languages: list[str]
) -> Workers:
    """One worker per app process, at most one per CPU; viewers spread evenly."""
    count = len(cluster.ports)
    shares = [viewers // count + (i < viewers % count) for i in range(count)]
    worker_count = max(1, min(count, os.cpu_count() or 1))
    context = multiprocessing.get_context("spawn")
    workers = Workers()
    for w in range(worker_count):
        targets = [(i, cluster.ports[i], shares[i]) for i in range(count) if i % worker_count == w]
        parent, child = context.Pipe()
        process = context.Process(
            target=viewer_worker, args=(child, targets, timed_every, languages), daemon=True
        )
        process.start()
        child.close()
        workers.conns.append(parent)
        workers.processes.append(process)
    return workers


async def _publish(
    bases: list[str], rate: float, seconds: float, sent_at: dict[int, float]
) -> tuple[int, int]:
    """Post RATE messages a second for SECONDS, to the app processes in turn; each post on
    its own task, so a slow answer does not delay the next message."""
    async with httpx.AsyncClient(timeout=30) as client:
        joined = await client.post(
            f"{bases[0]}/api/v1/live/{procs.SLUG}/viewers", json={"name": "Publisher"}
        )
        headers = {"X-Viewer-Token": joined.json()["token"]}
        count = int(rate * seconds)
        posts = []
        start = time.monotonic()
        for seq in range(count):
            delay = start + seq / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            sent_at[seq] = time.monotonic()
            url = f"{bases[seq % len(bases)]}/api/v1/live/{procs.SLUG}/messages"
            body = {"body": f"bench {seq}", "lang": SOURCE_LANGUAGE}
            posts.append(asyncio.create_task(client.post(url, json=body, headers=headers)))
        answers = await asyncio.gather(*posts, return_exceptions=True)
        # A post that failed still counts as sent: its viewers are expected to get it.
        return count, sum(1 for a in answers if not isinstance(a, httpx.Response) or a.is_error)


def _latency_figures(latencies: np.ndarray[Any, Any]) -> dict[str, float | None]:
    if latencies.size == 0:
        return {"p50_ms": None, "p95_ms": None, "p99_ms": None, "max_ms": None, "mean_ms": None}
    p50, p95, p99 = np.percentile(latencies, [50, 95, 99]) * 1000
    return {
        "p50_ms": round(float(p50), 1),
        "p95_ms": round(float(p95), 1),
        "p99_ms": round(float(p99), 1),
        "max_ms": round(float(latencies.max()) * 1000, 1),
        "mean_ms": round(float(latencies.mean()) * 1000, 1),
    }


def _per_process(
    results: list[dict[str, Any]], connected: dict[int, int], sent: int, sent_at: dict[int, float]
) -> tuple[list[dict[str, Any]], np.ndarray[Any, Any]]:
    """Figures per app process, and every timed delivery's latency in seconds."""
    sent_times = np.array([sent_at[seq] for seq in range(sent)], dtype=float)
    rows, every = [], []
    for result in results:
        for index, (seqs_b, times_b, counted, closed, translated) in result["arrivals"].items():
            seqs, times = unpack(seqs_b, times_b)
            latencies = np.frombuffer(times, dtype=float) - sent_times[np.frombuffer(seqs, "q")]
            every.append(latencies)
            deliveries = len(seqs) + counted
            row = {"process": index, "viewers": connected[index], "deliveries": deliveries}
            rows.append({**row, "lost": sent * connected[index] - deliveries, "closed": closed})
            rows[-1]["timed_translated"] = translated
            rows[-1].update(_latency_figures(latencies))
    rows.sort(key=lambda row: row["process"])
    return rows, np.concatenate(every) if every else np.array([], dtype=float)


def _cpu_report(
    before: list[float | None], after: list[float | None], apps: int, generator_s: float
) -> dict[str, Any]:
    used = [
        round(b - a, 2) if a is not None and b is not None else None
        for a, b in zip(before, after, strict=True)
    ]
    return {
        "apps_s": used[:apps],
        "redis_s": used[apps] if len(used) > apps else None,
        "viewers_s": round(generator_s, 2),
    }


def reader_languages(count: int) -> list[str]:
    """The first COUNT supported languages other than the bench messages' own."""
    return [code for code in SUPPORTED if code != SOURCE_LANGUAGE][:count]


async def _run(
    viewers: int, rate: float, seconds: float, processes: int, timed_every: int, languages: int
) -> dict[str, Any]:
    readers = reader_languages(languages)
    with tempfile.TemporaryDirectory(prefix="crosslive-bench-") as tmp:
        data_dir = Path(tmp)
        url = procs.prepare_store(data_dir)
        cluster = _start_cluster(data_dir, url, processes, bool(readers))
        bases = [f"http://127.0.0.1:{port}" for port in cluster.ports]
        workers = Workers()
        try:
            deadline = time.monotonic() + 90
            await asyncio.gather(*(procs.wait_healthy(base, deadline) for base in bases))
            workers = _start_workers(cluster, viewers, timed_every, readers)
            connected: dict[int, int] = {}
            for part in await workers.receive_all(timeout=300):
                connected.update(part)
            await asyncio.sleep(1.0)
            cpu_before, wall_before = cluster.cpu(), time.monotonic()
            sent_at: dict[int, float] = {}
            sent, failed = await _publish(bases, rate, seconds, sent_at)
            workers.send_all((sent, DRAIN_S))
            results = await workers.receive_all(timeout=DRAIN_S + 60)
            cpu_after, wall = cluster.cpu(), time.monotonic() - wall_before
        finally:
            workers.stop()
            procs.stop(cluster.apps)  # before Redis, which they are connected to
            procs.stop([cluster.redis] if cluster.redis else [])
    rows, latencies = _per_process(results, connected, sent, sent_at)
    deliveries = sum(row["deliveries"] for row in rows)
    cpu = _cpu_report(cpu_before, cpu_after, processes, sum(r["cpu_s"] for r in results))
    app_cpu = sum(s for s in cpu["apps_s"] if s is not None)
    return {
        "processes": processes,
        "broker": cluster.broker,
        "viewers": viewers,
        "connected": sum(connected.values()),
        "rate": rate,
        "seconds": seconds,
        "messages": sent,
        "posts_failed": failed,
        "deliveries": deliveries,
        "lost": sent * sum(connected.values()) - deliveries,
        "timed_every": timed_every,
        "timed_deliveries": int(latencies.size),
        "languages": readers,
        # Viewers read the languages in turn; each message is translated once per language
        # by an in-memory provider (no real translation, no provider's latency).
        "translation": "in-memory bench provider" if readers else "off",
        "timed_translated": sum(row["timed_translated"] for row in rows),
        **_latency_figures(latencies),
        "per_process": rows,
        # CPU seconds used while posting and draining: each app process, Redis, the viewers'
        # worker processes (from their start); app CPU per delivery in microseconds.
        "cpu": cpu,
        "wall_s": round(wall, 2),
        "server_us_per_delivery": round(app_cpu / deliveries * 1e6, 1) if deliveries else None,
        "load_average": round(os.getloadavg()[0], 2),
    }


def run(
    viewers: int,
    rate: float,
    seconds: float,
    processes: int = 1,
    timed_every: int = TIMED_EVERY,
    languages: int = 0,
) -> dict[str, Any]:
    bench = _run(viewers, rate, seconds, processes, timed_every, languages)
    try:
        import uvloop

        return uvloop.run(bench)
    except ImportError:  # pragma: no cover - uvloop comes with uvicorn[standard]
        return asyncio.run(bench)
