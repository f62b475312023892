"""Private servers the fault suite starts, kills and restarts: never the machine's shared ones.

Each listens on its own free loopback port: a redis-server without persistence, a throwaway
PostgreSQL cluster (initdb + pg_ctl, its socket in its own folder), an SMTP server (aiosmtpd)
and `crosslive serve` app processes.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import psycopg
from aiosmtpd.controller import Controller

from crosslive.chat.bench_processes import free_port, inherited_environment
from tests.mail.conftest import Inbox as MailInbox

START_TIMEOUT_S = 30.0


def wait_until(check: Callable[[], bool], what: str, timeout_s: float = START_TIMEOUT_S) -> None:
    """Poll CHECK until it holds; fail the test with WHAT when it does not within TIMEOUT_S."""
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


class RedisServer:
    """redis-server on a private port, without snapshots or an append-only file."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None
        self._dir = tempfile.mkdtemp(prefix="crosslive-faults-redis-")

    def start(self) -> None:
        args = ["--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly"]
        self.process = subprocess.Popen(
            ["/usr/bin/redis-server", *args, "no", "--dir", self._dir],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(lambda: _answers(self.port), "redis-server")

    def kill(self) -> None:
        """SIGKILL: what a crash looks like to the app (nothing is kept: no persistence)."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    def close(self) -> None:
        self.kill()
        shutil.rmtree(self._dir, ignore_errors=True)


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError(f"no {name} under /usr/lib/postgresql/*/bin")
    return found[-1]


class PostgresCluster:
    """A throwaway cluster: initdb in a temp folder, pg_ctl on a private loopback port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="crosslive-faults-pg-"))
        self.data = self.root / "data"
        # initdb refuses to run as root: then the cluster belongs to the postgres user.
        self._as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self._as:
            shutil.chown(self.root, "postgres")

    def _run(self, *args: str) -> None:
        subprocess.run([*self._as, *args], check=True, capture_output=True)

    def init(self) -> None:
        self._run(
            _pg_bin("initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync"
        )

    def _ctl(self, *args: str) -> None:
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c full_page_writes=off"
        )
        log = str(self.root / "log")
        self._run(_pg_bin("pg_ctl"), "-D", str(self.data), "-l", log, "-o", options, "-w", *args)

    def start(self) -> None:
        self._ctl("start")

    def restart(self, mode: str = "immediate") -> None:
        """Every connection dies; in immediate mode without a checkpoint (crash recovery)."""
        self._ctl("-m", mode, "restart")

    def stop(self) -> None:
        self._ctl("-m", "immediate", "stop")

    def create_database(self, name: str) -> str:
        with psycopg.connect(self.dsn("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def dsn(self, name: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def close(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


class Inbox(MailInbox):
    """Every message the SMTP server accepted, across its restarts."""

    def message_ids(self) -> list[str]:
        return [str(message["Message-ID"]) for message in self.messages()]


class SmtpServer:
    """aiosmtpd on a private port; stop() and start() again keep the same port and inbox."""

    def __init__(self) -> None:
        self.port = free_port()
        self.inbox = Inbox()
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


def app_env(**settings: str | int | float) -> dict[str, str]:
    """The environment of an app process: ours without CROSSLIVE_*, then SETTINGS."""
    env = inherited_environment()
    env.update({f"CROSSLIVE_{k.upper()}": str(v) for k, v in settings.items()})
    return env


class AppProcess:
    """`crosslive serve` in its own process on a private port; kill() is kill -9."""

    def __init__(self, env: dict[str, str], data_dir: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.ws_url = f"ws://127.0.0.1:{self.port}"
        self._env = {**env, "CROSSLIVE_DATA_DIR": str(data_dir)}
        self._log = data_dir / f"app-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None
        data_dir.mkdir(parents=True, exist_ok=True)

    def start(self) -> None:
        crosslive = str(Path(sys.executable).with_name("crosslive"))
        with self._log.open("ab") as log:
            self.process = subprocess.Popen(
                [crosslive, "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                env=self._env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_until(self._healthy, f"the app on port {self.port} (log: {self._log})")

    def _healthy(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            raise AssertionError(f"the app exited; its log:\n{self.log()}")
        try:
            return httpx.get(f"{self.url}/api/v1/health", timeout=1.0).status_code == 200
        except httpx.HTTPError:
            return False

    def kill(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()
            self.process = None

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
            self.process = None

    def log(self) -> str:
        return self._log.read_text(errors="replace")
