"""Chat fan-out benchmark: N WebSocket viewers, M chat messages a second, one app process.

The app runs as its own process (as in production); this process is the load generator: N
minimal WebSocket clients (raw asyncio protocols, cheap enough to share the machine) and a
publisher that POSTs chat messages at the given rate. Latency of one delivery = its arrival at
a viewer minus the moment its POST was sent; every message must reach every viewer.
"""

from __future__ import annotations

import asyncio
import base64
import os
import re
import secrets
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from crosslive import migrate
from crosslive.auth import service as auth_service
from crosslive.auth.models import Role
from crosslive.db import make_engine, make_session_factory, transaction, utcnow
from crosslive.shows.models import Show

SLUG = "bench-show"
_SEQ = re.compile(rb'"body":"bench (\d+)"')


@dataclass
class Tally:
    sent_at: dict[int, float] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    received: int = 0
    closed: int = 0


class ViewerClient(asyncio.Protocol):
    """A WebSocket viewer that only reads: parses unmasked server frames, answers pings."""

    def __init__(self, request: bytes, tally: Tally, opened: asyncio.Future[bool]) -> None:
        self.request = request
        self.tally = tally
        self.opened = opened
        self.buffer = b""
        self.upgraded = False
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports are not asyncio.Transport subclasses, so no isinstance check.
        self.transport = transport  # type: ignore[assignment]
        transport.write(self.request)  # type: ignore[attr-defined]

    def connection_lost(self, exc: Exception | None) -> None:
        self.tally.closed += 1
        if not self.opened.done():
            self.opened.set_result(False)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if not self.upgraded:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            ok = self.buffer.startswith(b"HTTP/1.1 101")
            self.buffer = self.buffer[end + 4 :]
            self.upgraded = ok
            self.opened.set_result(ok)
            if not ok:
                return
        self._frames()

    def _frames(self) -> None:
        buf = self.buffer
        pos = 0
        now = time.perf_counter()
        while len(buf) - pos >= 2:
            opcode, length = buf[pos] & 0x0F, buf[pos + 1] & 0x7F
            head = 2
            if length == 126:
                if len(buf) - pos < 4:
                    break
                (length,) = struct.unpack_from("!H", buf, pos + 2)
                head = 4
            elif length == 127:
                if len(buf) - pos < 10:
                    break
                (length,) = struct.unpack_from("!Q", buf, pos + 2)
                head = 10
            if len(buf) - pos < head + length:
                break
            payload = buf[pos + head : pos + head + length]
            pos += head + length
            if opcode == 0x1:
                self._message(payload, now)
            elif opcode == 0x9 and self.transport is not None:
                # Pong, masked with a zero key (client frames must be masked).
                self.transport.write(bytes((0x8A, 0x80 | len(payload))) + b"\0\0\0\0" + payload)
        self.buffer = buf[pos:]

    def _message(self, payload: bytes, now: float) -> None:
        match = _SEQ.search(payload)
        if match is None:
            return
        sent = self.tally.sent_at.get(int(match.group(1)))
        if sent is not None:
            self.tally.received += 1
            self.tally.latencies.append(now - sent)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _prepare_store(data_dir: Path) -> str:
    url = f"sqlite:///{data_dir / 'crosslive.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with transaction(make_session_factory(engine)) as db:
        seller = auth_service.create_seller(db, slug="bench", name="Bench Store")
        auth_service.create_staff(
            db,
            seller,
            email="owner@bench.test",
            name="Bench",
            password=secrets.token_hex(8),
            role=Role.OWNER,
        )
        db.add(Show(seller_id=seller.id, slug=SLUG, title="Benchmark", scheduled_at=utcnow()))
    engine.dispose()
    return url


def _start_server(data_dir: Path, url: str, port: int) -> subprocess.Popen[bytes]:
    # Only the bench's own scratch store and settings: a CROSSLIVE_DATABASE_URL (or any other
    # setting) of the shell the bench runs in must never reach a production database.
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("CROSSLIVE_")}
    env = {
        **inherited,
        "CROSSLIVE_DATA_DIR": str(data_dir),
        "CROSSLIVE_DATABASE_URL": url,
        "CROSSLIVE_PORT": str(port),
        "CROSSLIVE_HOST": "127.0.0.1",
        "CROSSLIVE_LOG_LEVEL": "WARNING",
        # The publisher speaks for many viewers; the chat limits are not what is measured.
        "CROSSLIVE_CHAT_RATE_MESSAGES": "1000000",
        "CROSSLIVE_CHAT_RATE_ADDRESS_MESSAGES": "1000000",
        "CROSSLIVE_CHAT_IDLE_SECONDS": "3600",
    }
    code = (
        "import uvicorn; from crosslive.app import create_app; from crosslive.settings import "
        "Settings; s=Settings(); uvicorn.run(create_app(s), host=s.host, port=s.port, "
        "log_level='warning', backlog=4096)"
    )
    return subprocess.Popen([sys.executable, "-c", code], env=env)


async def _wait_healthy(base: str, deadline: float) -> None:
    async with httpx.AsyncClient() as client:
        while time.monotonic() < deadline:
            try:
                if (await client.get(f"{base}/api/v1/health")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError("the app did not start")


async def _connect_viewers(port: int, viewers: int, tally: Tally) -> int:
    loop = asyncio.get_running_loop()

    async def one() -> bool:
        key = base64.b64encode(secrets.token_bytes(16)).decode()
        request = (
            f"GET /live/{SLUG}/ws HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        ).encode()
        opened: asyncio.Future[bool] = loop.create_future()
        await loop.create_connection(
            lambda: ViewerClient(request, tally, opened), "127.0.0.1", port
        )
        return await asyncio.wait_for(opened, 30)

    connected = 0
    for start in range(0, viewers, 100):
        batch = await asyncio.gather(*(one() for _ in range(min(100, viewers - start))))
        connected += sum(batch)
    return connected


async def _publish(base: str, rate: float, seconds: float, tally: Tally) -> int:
    async with httpx.AsyncClient(base_url=base) as client:
        joined = await client.post(f"/api/v1/live/{SLUG}/viewers", json={"name": "Publisher"})
        headers = {"X-Viewer-Token": joined.json()["token"]}
        count = int(rate * seconds)
        start = time.perf_counter()
        for seq in range(count):
            delay = start + seq / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tally.sent_at[seq] = time.perf_counter()
            response = await client.post(
                f"/api/v1/live/{SLUG}/messages", json={"body": f"bench {seq}"}, headers=headers
            )
            response.raise_for_status()
        return count


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process (Linux /proc), None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, round(fraction * (len(sorted_values) - 1)))
    return sorted_values[index]


async def _run(viewers: int, rate: float, seconds: float) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="crosslive-bench-") as tmp:
        data_dir = Path(tmp)
        url = _prepare_store(data_dir)
        port = _free_port()
        server = _start_server(data_dir, url, port)
        base = f"http://127.0.0.1:{port}"
        try:
            await _wait_healthy(base, time.monotonic() + 60)
            tally = Tally()
            connected = await _connect_viewers(port, viewers, tally)
            await asyncio.sleep(1.0)
            cpu_before = _cpu_seconds(server.pid)
            sent = await _publish(base, rate, seconds, tally)
            expected = sent * connected
            drain_until = time.monotonic() + 10
            while tally.received < expected and time.monotonic() < drain_until:
                await asyncio.sleep(0.1)
            cpu_after = _cpu_seconds(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
    latencies = sorted(tally.latencies)
    return {
        "viewers": viewers,
        "connected": connected,
        "rate": rate,
        "seconds": seconds,
        "messages": sent,
        "deliveries": tally.received,
        "lost": expected - tally.received,
        "p50_ms": round(_percentile(latencies, 0.50) * 1000, 1),
        "p99_ms": round(_percentile(latencies, 0.99) * 1000, 1),
        "max_ms": round(latencies[-1] * 1000, 1) if latencies else None,
        "mean_ms": round(statistics.fmean(latencies) * 1000, 1) if latencies else None,
        # Server CPU (posts, database, fan-out) per delivery, in microseconds.
        "server_us_per_delivery": (
            round((cpu_after - cpu_before) / tally.received * 1e6, 1)
            if cpu_before is not None and cpu_after is not None and tally.received
            else None
        ),
        "load_average": round(os.getloadavg()[0], 2),
    }


def run(viewers: int, rate: float, seconds: float) -> dict[str, Any]:
    try:
        import uvloop

        return uvloop.run(_run(viewers, rate, seconds))
    except ImportError:  # pragma: no cover - uvloop comes with uvicorn[standard]
        return asyncio.run(_run(viewers, rate, seconds))
