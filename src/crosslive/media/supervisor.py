"""Runs Janus as a child process: starts it, waits until it answers, restarts it when it dies.

The supervisor owns one watch task; `stop()` cancels it and ends the child. Each start of
Janus gets a new API secret, written into its configuration; each time a fresh Janus is ready
the `on_ready` callback runs with its layout, secret included (the gateway rebuilds its
session and rooms there).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import socket
from collections.abc import Awaitable, Callable

import httpx

from crosslive.media.children import ending_with_parent
from crosslive.media.janus_client import tls_only
from crosslive.media.janus_config import JanusLayout, write_config
from crosslive.settings import Settings

log = logging.getLogger(__name__)

READY_TIMEOUT_S = 15.0
MAX_BACKOFF_S = 10.0


class JanusStartError(RuntimeError):
    """Janus did not come up."""


def free_loopback_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class JanusSupervisor:
    def __init__(
        self,
        settings: Settings,
        on_ready: Callable[[JanusLayout], Awaitable[None]],
        node: str = "",
    ) -> None:
        """NODE: the edge node this Janus is (its own folder and a free port); empty for the
        origin (or the only node)."""
        self.settings = settings
        self.node = node
        self.on_ready = on_ready
        self.port = 0
        self.layout: JanusLayout | None = None
        self.process: asyncio.subprocess.Process | None = None
        self.restarts = 0
        self._watch: asyncio.Task[None] | None = None
        self._stopping = False

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    async def start(self) -> None:
        fixed = 0 if self.node else self.settings.janus_http_port
        self.port = fixed or free_loopback_port()
        await self._spawn()
        self._watch = asyncio.create_task(self._watch_child(), name="janus-supervisor")

    async def stop(self) -> None:
        self._stopping = True
        if self._watch is not None:
            self._watch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watch
        await self._terminate()

    async def _spawn(self) -> None:
        # A new secret for every start: one read from an earlier configuration is useless.
        self.layout = write_config(self.settings, self.port, secrets.token_urlsafe(32), self.node)
        log_file = (self.layout.config_dir / "janus.log").open("ab")
        try:
            self.process = await asyncio.create_subprocess_exec(
                *ending_with_parent(self.layout.command(self.settings.janus_binary)),
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log_file,
                stderr=asyncio.subprocess.STDOUT,
                cwd=self.layout.config_dir,
            )
        finally:
            log_file.close()
        await self._wait_ready()
        log.info("janus ready", extra={"pid": self.process.pid, "port": self.layout.http_port})
        await self.on_ready(self.layout)

    async def _wait_ready(self) -> None:
        assert self.layout is not None and self.process is not None
        deadline = asyncio.get_running_loop().time() + READY_TIMEOUT_S
        async with httpx.AsyncClient(timeout=1.0, verify=tls_only(self.layout.base_url)) as http:
            while asyncio.get_running_loop().time() < deadline:
                if self.process.returncode is not None:
                    raise JanusStartError(f"janus exited with {self.process.returncode}")
                with contextlib.suppress(httpx.HTTPError):
                    response = await http.get(f"{self.layout.base_url}/info")
                    if response.status_code == 200:
                        return
                await asyncio.sleep(0.05)
        await self._terminate()
        raise JanusStartError("janus did not answer in time")

    async def _watch_child(self) -> None:
        backoff = 0.2
        while not self._stopping:
            assert self.process is not None
            code = await self.process.wait()
            log.warning("janus exited; restarting", extra={"code": code})
            self.restarts += 1
            while not self._stopping:
                try:
                    await self._spawn()
                    backoff = 0.2
                    break
                except (JanusStartError, OSError) as exc:
                    log.error("janus restart failed: %s", exc)
                    await asyncio.sleep(backoff)
                    backoff = min(backoff * 2, MAX_BACKOFF_S)

    async def _terminate(self) -> None:
        process = self.process
        if process is None or process.returncode is not None:
            return
        process.terminate()
        try:
            await asyncio.wait_for(process.wait(), 5)
        except TimeoutError:
            process.kill()
            await process.wait()
