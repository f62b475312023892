"""The chat benchmark's viewers: minimal WebSocket clients, run in worker processes.

A viewer is a raw asyncio protocol that only reads (parses unmasked server frames, answers
pings): cheap enough that thousands share the machine with the app. Each worker process
connects its share of the viewers to the app processes it is given, records when each bench
message arrived (by message number and app process), and hands the arrivals back to the
bench, which knows when each message was sent. Timestamps are `time.monotonic()`, one clock
for every process of the machine.

Only every TIMED_EVERY-th viewer is timed: it reads each frame as it comes. The others read
their socket once every UNTIMED_READ_S and only count the messages, so that a machine which
also runs the app does not spend as much CPU on waking ten thousand clients per message as
the app spends on writing to them (a real audience's clients run on their own devices). The
server cannot tell the two apart; every viewer's messages are counted, so nothing lost is
missed.
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
UNTIMED_READ_S = 1.0
UNTIMED_SLICES = 10


@dataclass
class Arrivals:
    """Bench messages that reached the viewers of one app process: number, arrival time."""

    seqs: array[int] = field(default_factory=lambda: array("q"))
    times: array[float] = field(default_factory=lambda: array("d"))
    counted: int = 0  # messages that reached untimed viewers
    closed: int = 0
    # Timed deliveries that carried the translation into their viewer's language.
    translated: int = 0

    @property
    def deliveries(self) -> int:
        return len(self.seqs) + self.counted


class ViewerClient(asyncio.Protocol):
    def __init__(
        self,
        request: bytes,
        arrivals: Arrivals,
        opened: asyncio.Future[bool],
        timed: bool,
        language: str = "",
    ) -> None:
        # What a translated bench message says in this viewer's language (the bench's
        # in-memory provider marks the text with the language).
        self.translated = (
            f'"translation":{{"lang":"{language}","body":"[{language}] bench '.encode()
            if language
            else b""
        )
        self.request = request
        self.arrivals = arrivals
        self.opened = opened
        self.timed = timed
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
        if not self.timed and self.transport is not None:
            self.transport.pause_reading()  # until the next round of reads

    def read_now(self) -> None:
        if self.upgraded and self.transport is not None and not self.transport.is_closing():
            self.transport.resume_reading()

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
                if match is None:
                    pass
                elif self.timed:
                    self.arrivals.seqs.append(int(match.group(1)))
                    self.arrivals.times.append(now)
                    if self.translated and self.translated in payload:
                        self.arrivals.translated += 1
                else:
                    self.arrivals.counted += 1
            elif opcode == 0x9 and self.transport is not None:
                # Pong, masked with a zero key (client frames must be masked).
                self.transport.write(bytes((0x8A, 0x80 | len(payload))) + b"\0\0\0\0" + payload)
        self.buffer = buf[pos:]


async def connect_viewers(
    port: int,
    viewers: int,
    arrivals: Arrivals,
    timed_every: int,
    untimed: list[ViewerClient],
    languages: tuple[str, ...] = (),
) -> int:
    """VIEWERS WebSocket viewers of the bench show on PORT, every TIMED_EVERY-th one timed
    (the others are added to UNTIMED), reading LANGUAGES in turn (none: no language); how
    many were let in."""
    loop = asyncio.get_running_loop()

    async def one(number: int) -> bool:
        key = base64.b64encode(secrets.token_bytes(16)).decode()
        language = languages[number % len(languages)] if languages else ""
        path = f"/live/{SLUG}/ws" + (f"?lang={language}" if language else "")
        request = (
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        ).encode()
        opened: asyncio.Future[bool] = loop.create_future()
        timed = number % timed_every == 0
        _, client = await loop.create_connection(
            lambda: ViewerClient(request, arrivals, opened, timed, language), "127.0.0.1", port
        )
        if not timed:
            untimed.append(client)
        return await asyncio.wait_for(opened, 30)

    connected = 0
    for start in range(0, viewers, BATCH):
        numbers = range(start, min(start + BATCH, viewers))
        connected += sum(await asyncio.gather(*(one(n) for n in numbers)))
    return connected


async def _read_untimed(untimed: list[ViewerClient]) -> None:
    """Each untimed viewer reads once every UNTIMED_READ_S, a tenth of them at a time, so the
    reads do not come as one burst that would hold up the app processes sharing the CPU."""
    turn = 0
    while True:
        await asyncio.sleep(UNTIMED_READ_S / UNTIMED_SLICES)
        for client in untimed[turn::UNTIMED_SLICES]:
            client.read_now()
        turn = (turn + 1) % UNTIMED_SLICES


async def _serve_bench(
    conn: Connection,
    targets: list[tuple[int, int, int]],
    timed_every: int,
    languages: tuple[str, ...],
) -> None:
    """TARGETS: (app process index, port, viewers). Connect, report, drain, hand back."""
    loop = asyncio.get_running_loop()
    arrivals = {index: Arrivals() for index, _, _ in targets}
    untimed: list[ViewerClient] = []
    connected = {
        index: await connect_viewers(port, count, arrivals[index], timed_every, untimed, languages)
        for index, port, count in targets
    }
    reader = asyncio.create_task(_read_untimed(untimed))
    conn.send(connected)
    cpu_start = time.process_time()  # what connecting cost is not part of the measure
    expected, deadline_s = await loop.run_in_executor(None, conn.recv)
    wanted = {index: expected * count for index, count in connected.items()}
    until = time.monotonic() + deadline_s
    while time.monotonic() < until and any(
        arrivals[index].deliveries < count for index, count in wanted.items()
    ):
        await asyncio.sleep(0.05)
    reader.cancel()
    conn.send(
        {
            "arrivals": {
                index: (a.seqs.tobytes(), a.times.tobytes(), a.counted, a.closed, a.translated)
                for index, a in arrivals.items()
            },
            "cpu_s": time.process_time() - cpu_start,
        }
    )


def viewer_worker(
    conn: Connection,
    targets: list[tuple[int, int, int]],
    timed_every: int,
    languages: list[str] | None = None,
) -> None:
    """Entry point of one viewer worker process (run with the spawn start method)."""
    bench = _serve_bench(conn, targets, timed_every, tuple(languages or ()))
    try:
        import uvloop

        uvloop.run(bench)
    except ImportError:  # pragma: no cover - uvloop comes with uvicorn[standard]
        asyncio.run(bench)
    finally:
        conn.close()


def unpack(seqs: bytes, times: bytes) -> tuple[array[int], array[float]]:
    got_seqs, got_times = array("q"), array("d")
    got_seqs.frombytes(seqs)
    got_times.frombytes(times)
    return got_seqs, got_times
