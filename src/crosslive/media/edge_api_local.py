"""The viewer API beside each edge that runs as the app's own child (the demo, the tests), served
by the app itself: for such an edge with an edge API URL (`CROSSLIVE_MEDIA_EDGE_APIS`), the app
listens on that URL's address and port with the same service `crosslive media edge-api` runs
beside a remote edge (edge_api.py).

It cannot be a separate `crosslive media edge-api` process: a child edge's Janus gets a new API
secret at every start (supervisor.py), so the service asks the edge at each request where its
Janus is and with what secret. Each server runs in the app's event loop, owned here: a server
that stops on its own is started again after a pause, and `stop()` ends and awaits them all.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator
from urllib.parse import urlsplit

import uvicorn

from crosslive.media.edge_api import EdgeApiConfig, EdgeApiConfigError, create_edge_app
from crosslive.media.edges import EdgeNode
from crosslive.settings import Settings

log = logging.getLogger(__name__)

RESTART_PAUSE_S = 1.0  # doubling to MAX_PAUSE_S while it keeps stopping (a port taken)
MAX_PAUSE_S = 30.0
LOOPBACK_NAMES = ("127.0.0.1", "localhost")


class _InLoopServer(uvicorn.Server):
    """A uvicorn server inside the app's loop: the app's own server keeps the signals."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def store_origins(public_url: str) -> tuple[str, ...]:
    """The origins the store's pages are served from: PUBLIC_URL's, and on loopback the same
    with the other name for it (127.0.0.1 / localhost)."""
    parts = urlsplit(public_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    if parts.hostname not in LOOPBACK_NAMES:
        return (origin,)
    port = f":{parts.port}" if parts.port else ""
    return tuple(f"{parts.scheme}://{name}{port}" for name in LOOPBACK_NAMES)


def _janus_of(edge: EdgeNode) -> tuple[str, str]:
    layout = edge.supervisor.layout if edge.supervisor else None
    if layout is None or edge.supervisor is None or edge.supervisor.process is None:
        return "", ""
    return layout.base_url, layout.api_secret


class LocalEdgeApis:
    def __init__(self, edges: list[EdgeNode], settings: Settings) -> None:
        self.settings = settings
        # Only edges run as children: a remote edge's API runs on its own machine.
        self.edges = [edge for edge in edges if edge.supervisor is not None and edge.api_url]
        self.servers: dict[str, uvicorn.Server] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self._stopping = False

    def _server(self, edge: EdgeNode) -> uvicorn.Server:
        config = EdgeApiConfig(
            edge=edge.name,
            janus_url="",
            janus_secret="",
            secret=self.settings.media_edge_api_secret,
            origin_url=self.settings.public_url,
            allowed_origins=store_origins(self.settings.public_url),
        )
        app = create_edge_app(config, target=lambda: _janus_of(edge))
        where = urlsplit(edge.api_url)
        uv_config = uvicorn.Config(
            app,
            host=where.hostname or "127.0.0.1",
            port=where.port or (443 if where.scheme == "https" else 80),
            log_level="warning",
            lifespan="off",
        )
        return _InLoopServer(uv_config)

    async def start(self) -> None:
        for edge in self.edges:
            try:
                server = self._server(edge)
            except EdgeApiConfigError as exc:
                log.error("no viewer API beside edge %s: %s", edge.name, exc)
                continue
            self.servers[edge.name] = server
            self._tasks.append(asyncio.create_task(self._run(edge, server), name=edge.name))
        # Listening before the first health check, which would otherwise mark them down.
        for _ in range(100):
            if all(s.started or s.should_exit for s in self.servers.values()):
                break
            await asyncio.sleep(0.02)

    async def _run(self, edge: EdgeNode, server: uvicorn.Server) -> None:
        pause = RESTART_PAUSE_S
        while not self._stopping:
            try:
                await server.serve()
            except (OSError, SystemExit) as exc:  # uvicorn exits when it cannot bind
                log.error("viewer API beside edge %s stopped: %s", edge.name, exc)
            if self._stopping:
                return
            if server.started:
                pause = RESTART_PAUSE_S  # it had served: a fresh fault
            log.warning("viewer API beside edge %s stopped; starting it again", edge.name)
            await asyncio.sleep(pause)
            pause = min(pause * 2, MAX_PAUSE_S)
            server = self.servers[edge.name] = self._server(edge)

    async def stop(self) -> None:
        self._stopping = True
        for server in self.servers.values():
            server.should_exit = True
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()
