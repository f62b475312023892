"""Several real app processes behind one address, for the tests of this folder.

`crosslive serve` subprocesses share one database and one private redis-server (the bench's
own starter: a free loopback port, nothing on disk). In front of them, a round-robin TCP
proxy on 127.0.0.1: each new connection goes to the next process, so a client of the one
address cannot pick its process, as behind a load balancer. Tests that must prove process
A sees what B did also talk to each process directly.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import subprocess
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from crosslive.chat.bench_processes import free_port

PROXY_READ = 65536


class RoundRobinProxy:
    """A TCP proxy in its own thread and event loop; connection N goes to backend N mod k."""

    def __init__(self, ports: list[int]) -> None:
        self._next = itertools.cycle(ports)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="test-proxy")
        self._server: asyncio.Server | None = None
        self._pipes: set[asyncio.Task[None]] = set()
        self.port = free_port()

    def __enter__(self) -> RoundRobinProxy:
        self._thread.start()
        self._call(self._start())
        return self

    def __exit__(self, *exc: object) -> None:
        self._call(self._stop())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _call(self, coroutine: Any) -> Any:
        future: Future[Any] = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        return future.result(timeout=30)

    async def _start(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)

    async def _stop(self) -> None:
        assert self._server is not None
        self._server.close()
        for task in list(self._pipes):
            task.cancel()
        await asyncio.gather(*self._pipes, return_exceptions=True)
        await self._server.wait_closed()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._pipes.add(task)
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", next(self._next))
            await asyncio.gather(_pump(reader, up_writer), _pump(up_reader, writer))
        except (OSError, asyncio.CancelledError):
            pass
        finally:
            self._pipes.discard(task)
            writer.close()


async def _pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(PROXY_READ):
            writer.write(data)
            await writer.drain()
    finally:
        with contextlib.suppress(OSError, RuntimeError):
            writer.write_eof()


@dataclass
class Cluster:
    processes: list[subprocess.Popen[bytes]]
    ports: list[int]
    proxy: RoundRobinProxy
    data_dir: Path
    database_url: str

    def base(self, index: int) -> str:
        return f"http://127.0.0.1:{self.ports[index]}"

    def ws(self, index: int | None, slug: str) -> str:
        """The show's WebSocket on process INDEX, or through the proxy (None)."""
        port = self.proxy.port if index is None else self.ports[index]
        return f"ws://127.0.0.1:{port}/live/{slug}/ws"


def unpinned_client(base: str, **kwargs: Any) -> httpx.Client:
    """A client that opens a new connection per request: through the proxy, each request
    lands on the next process (a kept-alive connection would stay with one)."""
    return httpx.Client(
        base_url=base, timeout=30, limits=httpx.Limits(max_keepalive_connections=0), **kwargs
    )


@contextlib.contextmanager
def proxied(ports: list[int]) -> Iterator[RoundRobinProxy]:
    with RoundRobinProxy(ports) as proxy:
        yield proxy
