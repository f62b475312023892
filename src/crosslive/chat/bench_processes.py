"""The processes a chat benchmark runs against: a scratch store, a private Redis, N app
processes sharing both.

Everything here is the bench's own: a SQLite file in a temporary folder, a `redis-server` on a
free loopback port with no persistence, and app processes whose environment carries only the
bench's settings (a CROSSLIVE_ setting of the calling shell must never reach a real store or
a production Redis).
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import httpx

from crosslive import migrate
from crosslive.auth import service as auth_service
from crosslive.auth.models import Role
from crosslive.db import make_engine, make_session_factory, transaction, utcnow
from crosslive.shows.models import Show

SLUG = "bench-show"

# The publisher speaks for many viewers, and every viewer comes from 127.0.0.1: the chat and
# connection limits are not what is measured.
BENCH_SETTINGS = {
    "CROSSLIVE_LOG_LEVEL": "WARNING",
    "CROSSLIVE_CHAT_RATE_MESSAGES": "1000000",
    "CROSSLIVE_CHAT_RATE_ADDRESS_MESSAGES": "1000000",
    "CROSSLIVE_CHAT_IDLE_SECONDS": "3600",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def prepare_store(data_dir: Path) -> str:
    """A migrated scratch SQLite store with one store, its owner and the bench show."""
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


def start_redis(data_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    """A private redis-server on a free loopback port, keeping nothing on disk."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("several app processes need redis-server (apt install redis-server)")
    port = free_port()
    options = {"bind": "127.0.0.1", "port": str(port), "save": "", "appendonly": "no"}
    options |= {"dir": str(data_dir), "logfile": str(data_dir / "redis.log")}
    argv = [binary] + [part for name, value in options.items() for part in (f"--{name}", value)]
    server = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    return server, f"redis://127.0.0.1:{port}/0"
        except OSError:
            time.sleep(0.05)
    server.kill()
    raise RuntimeError("redis-server did not start")


def inherited_environment() -> dict[str, str]:
    """This process's environment without any CROSSLIVE_ setting: what an app process started
    for a bench or a test inherits, so the caller's shell never points it at a real store."""
    return {k: v for k, v in os.environ.items() if not k.startswith("CROSSLIVE_")}


def app_environment(
    data_dir: Path, url: str, port: int, broker_url: str, extra: Mapping[str, str] = {}
) -> dict[str, str]:
    """The calling shell's environment without any CROSSLIVE_ setting, plus the bench's."""
    return {
        **inherited_environment(),
        **BENCH_SETTINGS,
        "CROSSLIVE_DATA_DIR": str(data_dir),
        "CROSSLIVE_DATABASE_URL": url,
        "CROSSLIVE_BROKER_URL": broker_url,
        "CROSSLIVE_PORT": str(port),
        "CROSSLIVE_HOST": "127.0.0.1",
        **extra,
    }


class MemoryTranslation:
    """The bench's translation provider: answers at once with the text marked by the target
    language ("[de] bench 12"). No real translation: the bench measures the fan-out of
    translated chat (a frame per language), not a provider."""

    name = "bench-memory"

    async def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        return [f"[{target}] {text}" for text in texts]


def start_app(env: Mapping[str, str], memory_translation: bool = False) -> subprocess.Popen[bytes]:
    """One app process (uvicorn with a listen backlog deep enough for thousands of joins);
    with MEMORY_TRANSLATION chat is translated by `MemoryTranslation`."""
    swap = (
        "from crosslive.state import state_of; from crosslive.translation.service import "
        "Translator; from crosslive.chat.bench_processes import MemoryTranslation; "
        "st=state_of(app); st.provide(Translator, Translator(MemoryTranslation(), timeout=5, "
        "session_factory=st.session_factory)); "
        if memory_translation
        else ""
    )
    code = (
        "import uvicorn; from crosslive.app import create_app; from crosslive.settings import "
        f"Settings; s=Settings(); app=create_app(s); {swap}uvicorn.run(app, host=s.host, "
        "port=s.port, log_level='warning', backlog=4096)"
    )
    return subprocess.Popen([sys.executable, "-c", code], env=dict(env))


async def wait_healthy(base: str, deadline: float) -> None:
    async with httpx.AsyncClient() as client:
        while time.monotonic() < deadline:
            try:
                if (await client.get(f"{base}/api/v1/health")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError(f"the app at {base} did not start")


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process (Linux /proc), None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
