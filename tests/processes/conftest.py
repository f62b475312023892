"""Four `crosslive serve` processes, started once for the module, on one database (a SQLite
file, or a PostgreSQL database of their own in the PostgreSQL pass) and one private Redis."""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest
from sqlalchemy import make_url

from crosslive import migrate
from crosslive.auth import service as auth_service
from crosslive.auth.models import Role
from crosslive.chat.bench_processes import free_port, inherited_environment, start_redis, stop
from crosslive.db import make_engine, make_session_factory, transaction
from crosslive.settings import Settings
from tests.chat.factories import Room, make_room
from tests.conftest import PASSWORD, PG_URL
from tests.processes.cluster import Cluster, RoundRobinProxy

PROCESSES = 4
VIEWER_MESSAGES = 5  # the chat limit per viewer (CHAT_RATE_MESSAGES) in these processes


def _database(tmp: Path) -> Iterator[str]:
    """A database of the cluster's own: a SQLite file, or a fresh PostgreSQL database."""
    if not PG_URL:
        yield f"sqlite:///{tmp / 'cluster.db'}"
        return
    name = f"crosslive_procs_{uuid.uuid4().hex[:12]}"
    admin = make_url(PG_URL).set(drivername="postgresql", database="postgres")
    dsn = admin.render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _seed(url: str, data_dir: Path) -> Room:
    migrate.upgrade(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    with transaction(factory) as db:
        seller = auth_service.create_seller(db, slug="acme", name="Acme Outfitters")
        auth_service.create_staff(
            db, seller, email="owner@acme.test", name="Olive", password=PASSWORD, role=Role.OWNER
        )
        seller_id = seller.id
    room = make_room(factory, Settings(data_dir=data_dir, database_url=url), seller_id)
    engine.dispose()
    return room


def _serve(data_dir: Path, url: str, broker: str, port: int) -> subprocess.Popen[bytes]:
    env = {
        **inherited_environment(),
        "CROSSLIVE_DATA_DIR": str(data_dir),  # shared: the generated secret key too
        "CROSSLIVE_DATABASE_URL": url,
        "CROSSLIVE_BROKER_URL": broker,
        "CROSSLIVE_MEDIA_ENABLED": "false",
        "CROSSLIVE_LOG_LEVEL": "WARNING",
        "CROSSLIVE_CHAT_RATE_MESSAGES": str(VIEWER_MESSAGES),
        # Every test client is 127.0.0.1: the per-address limits are not under test here.
        "CROSSLIVE_CHAT_RATE_ADDRESS_MESSAGES": "1000",
        "CROSSLIVE_CHAT_RATE_ADDRESS_JOINS": "1000",
        "CROSSLIVE_CHECKOUT_ADDRESS_SHARE": "1.0",
    }
    command = [str(Path(sys.executable).parent / "crosslive"), "serve", "--host", "127.0.0.1"]
    return subprocess.Popen([*command, "--port", str(port)], env=env)


def _wait_healthy(bases: list[str], processes: list[subprocess.Popen[bytes]]) -> None:
    deadline = time.monotonic() + 90
    waiting = list(bases)
    while waiting and time.monotonic() < deadline:
        if any(p.poll() is not None for p in processes):
            raise RuntimeError("an app process exited while starting")
        try:
            if httpx.get(f"{waiting[0]}/api/v1/health", timeout=2).status_code == 200:
                waiting.pop(0)
                continue
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    if waiting:
        raise RuntimeError(f"no answer from {waiting}")


@pytest.fixture(scope="module")
def cluster_room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Cluster, Room]]:
    tmp = tmp_path_factory.mktemp("cluster")
    data_dir = tmp / "data"
    redis, broker = start_redis(tmp)
    try:
        for url in _database(tmp):
            room = _seed(url, data_dir)
            ports = [free_port() for _ in range(PROCESSES)]
            processes = [_serve(data_dir, url, broker, port) for port in ports]
            try:
                _wait_healthy([f"http://127.0.0.1:{p}" for p in ports], processes)
                with RoundRobinProxy(ports) as proxy:
                    yield Cluster(processes, ports, proxy, data_dir, url), room
            finally:
                stop(processes)
    finally:
        stop([redis])


@pytest.fixture(scope="module")
def cluster(cluster_room: tuple[Cluster, Room]) -> Cluster:
    return cluster_room[0]


@pytest.fixture(scope="module")
def shared_room(cluster_room: tuple[Cluster, Room]) -> Room:
    return cluster_room[1]
