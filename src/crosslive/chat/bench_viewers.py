"""The chat benchmark's viewers: minimal WebSocket clients, run in worker processes.

A viewer is a raw asyncio protocol that only reads (parses unmasked server frames, answers
pings): cheap enough that thousands share the machine with the app. Each worker process
connects its share of the viewers to the app processes it is given, records when each bench
message arrived (by message number and app process), and hands the arrivals back to the
bench, which knows when each message was sent. Timestamps are `time.monotonic()`, one clock
for every process of the machine.
"""

from __future__ import annotations

import asyncio
import base64
import re
import secrets
import struct
import time
from array import array
from dataclasses import dataclass, field
from multiprocessing.connection import Connection

from crosslive.chat.bench_processes import SLUG

_SEQ = re.compile(rb'"body":"bench (\d+)"')
BATCH = 100


@dataclass
class Arrivals:
    """Bench messages that reached the viewers of one app process: number, arrival time."""

    seqs: array[int] = field(default_factory=lambda: array("q"))
    times: array[float] = field(default_factory=lambda: array("d"))
    closed: int = 0


class ViewerClient(asyncio.Protocol):
    def __init__(self, request: bytes, arrivals: Arrivals, opened: asyncio.Future[bool]) -> None:
        self.request = request
        self.arrivals = arrivals
        self.opened = opened
        self.buffer = b""
        self.upgraded = False
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports are not asyncio.Transport subclasses, so no isinstance check.
        self.transport = transport  # type: ignore[assignment]
        transport.write(self.request)  # type: ignore[attr-defined]

    def connection_lost(self, exc: Exception | None) -> None:
        self.arrivals.closed += 1
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
        now = time.monotonic()
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
                match = _SEQ.search(payload)
                if match is not None:
                    self.arrivals.seqs.append(int(match.group(1)))
                    self.arrivals.times.append(now)
            elif opcode == 0x9 and self.transport is not None:
                # Pong, masked with a zero key (client frames must be masked).
                self.transport.write(bytes((0x8A, 0x80 | len(payload))) + b"\0\0\0\0" + payload)
        self.buffer = buf[pos:]


async def connect_viewers(port: int, viewers: int, arrivals: Arrivals) -> int:
    """VIEWERS WebSocket viewers of the bench show on PORT; how many were let in."""
    loop = asyncio.get_running_loop()

    async def one() -> bool:
        key = base64.b64encode(secrets.token_bytes(16)).decode()
        request = (
            f"GET /live/{SLUG}/ws HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        ).encode()
        opened: asyncio.Future[bool] = loop.create_future()
        await loop.create_connection(
            lambda: ViewerClient(request, arrivals, opened), "127.0.0.1", port
        )
        return await asyncio.wait_for(opened, 30)

    connected = 0
    for start in range(0, viewers, BATCH):
        batch = await asyncio.gather(*(one() for _ in range(min(BATCH, viewers - start))))
        connected += sum(batch)
    return connected


async def _serve_bench(conn: Connection, targets: list[tuple[int, int, int]]) -> None:
    """TARGETS: (app process index, port, viewers). Connect, report, drain, hand back."""
    loop = asyncio.get_running_loop()
    arrivals = {index: Arrivals() for index, _, _ in targets}
    connected = {
        index: await connect_viewers(port, count, arrivals[index]) for index, port, count in targets
    }
    conn.send(connected)
    cpu_start = time.process_time()  # what connecting cost is not part of the measure
    expected, deadline_s = await loop.run_in_executor(None, conn.recv)
    wanted = {index: expected * count for index, count in connected.items()}
    until = time.monotonic() + deadline_s
    while time.monotonic() < until and any(
        len(arrivals[index].seqs) < count for index, count in wanted.items()
    ):
        await asyncio.sleep(0.05)
    conn.send(
        {
            "arrivals": {
                index: (a.seqs.tobytes(), a.times.tobytes(), a.closed)
                for index, a in arrivals.items()
            },
            "cpu_s": time.process_time() - cpu_start,
        }
    )


def viewer_worker(conn: Connection, targets: list[tuple[int, int, int]]) -> None:
    """Entry point of one viewer worker process (run with the spawn start method)."""
    try:
        import uvloop

        uvloop.run(_serve_bench(conn, targets))
    except ImportError:  # pragma: no cover - uvloop comes with uvicorn[standard]
        asyncio.run(_serve_bench(conn, targets))
    finally:
        conn.close()


def unpack(seqs: bytes, times: bytes) -> tuple[array[int], array[float]]:
    got_seqs, got_times = array("q"), array("d")
    got_seqs.frombytes(seqs)
    got_times.frombytes(times)
    return got_seqs, got_times
