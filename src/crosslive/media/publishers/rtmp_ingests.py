"""RTMP listeners the app runs for hosts who stream from OBS's classic output.

A host asks for one in the console; the app picks a free port from `MEDIA_RTMP_PORTS`, makes
a stream key and runs `crosslive media rtmp` (media/publishers/rtmp.py) as a child process
that publishes what OBS pushes into the show over the show's WHIP endpoint, with a publish
token issued for that host. The child is restarted if it dies, and let go when the WHIP
endpoint refuses it (the show ended, or the host's token was replaced: the console's camera
and OBS cannot both publish as the same host). One listener per show and host.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
import sys
from dataclasses import dataclass, field

from crosslive.media.children import ending_with_parent
from crosslive.settings import Settings

log = logging.getLogger(__name__)

APP = "live"
MAX_BACKOFF_S = 10.0


class NoFreePort(Exception):
    """Every port of MEDIA_RTMP_PORTS is taken."""


def _bindable(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("0.0.0.0", port))
        except OSError:
            return False
        return True


@dataclass
class Ingest:
    show_id: int
    user_id: int
    port: int
    key: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    restarts: int = 0
    task: asyncio.Task[None] | None = field(default=None, repr=False)
    process: asyncio.subprocess.Process | None = field(default=None, repr=False)

    @property
    def running(self) -> bool:
        return self.task is not None and not self.task.done()


class RtmpIngests:
    def __init__(self, settings: Settings) -> None:
        self.ports = settings.media_rtmp_port_range
        host = settings.host if settings.host not in {"", "0.0.0.0", "::"} else "127.0.0.1"
        self.whip_base = f"http://{host}:{settings.port}/whip"
        self.entries: dict[tuple[int, int], Ingest] = {}
        self.opening = asyncio.Lock()

    def get(self, show_id: int, user_id: int) -> Ingest | None:
        entry = self.entries.get((show_id, user_id))
        return entry if entry is not None and entry.running else None

    def free_port(self) -> int:
        """A port of the range no listener holds and nothing else is bound to."""
        taken = {entry.port for entry in self.entries.values() if entry.running}
        port = next((p for p in self.ports if p not in taken and _bindable(p)), None)
        if port is None:
            raise NoFreePort
        return port

    def open(self, show_id: int, show_slug: str, user_id: int, token: str) -> Ingest:
        """Start a listener for this show and host (the caller checked they may publish);
        the one running already, if there is one."""
        running = self.get(show_id, user_id)
        if running is not None:
            return running
        entry = Ingest(show_id, user_id, self.free_port())
        entry.task = asyncio.create_task(
            self._supervise(entry, f"{self.whip_base}/{show_slug}", token),
            name=f"rtmp-ingest-{show_id}-{user_id}",
        )
        self.entries[(show_id, user_id)] = entry
        return entry

    async def close(self, show_id: int, user_id: int) -> bool:
        entry = self.entries.pop((show_id, user_id), None)
        if entry is None or entry.task is None:
            return False
        entry.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await entry.task
        return True

    async def close_all(self) -> None:
        for show_id, user_id in list(self.entries):
            await self.close(show_id, user_id)

    async def _supervise(self, entry: Ingest, whip_url: str, token: str) -> None:
        command = ending_with_parent([
            sys.executable, "-c", "from crosslive.cli import main; main()", "media", "rtmp",
            "--whip-url", whip_url,
        ])  # fmt: skip
        # The key and the token travel in the environment, not on a command line every local
        # user can read (and the ingest keeps the key off ffmpeg's too).
        env = {
            **os.environ,
            "CROSSLIVE_RTMP_LISTEN": f"rtmp://0.0.0.0:{entry.port}/{APP}/{entry.key}",
            "CROSSLIVE_RTMP_TOKEN": token,
        }
        backoff = 1.0
        try:
            while True:
                entry.process = await asyncio.create_subprocess_exec(
                    *command, env=env, stdin=asyncio.subprocess.DEVNULL
                )
                code = await entry.process.wait()
                if code == 0:
                    log.warning("RTMP ingest for show %s refused; stopped", entry.show_id)
                    return
                entry.restarts += 1
                log.warning("RTMP ingest for show %s exited (%s); restarting", entry.show_id, code)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_S)
        finally:
            process = entry.process
            if process is not None and process.returncode is None:
                process.kill()
                await process.wait()
