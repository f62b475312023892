"""Fixtures of the fault suite: private servers (started once per module or run) and a store.

The suite is marked `faults`; see tests/faults/servers.py for the servers it owns.
"""

from __future__ import annotations

import glob
import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from crosslive import migrate
from crosslive.catalog.models import Variant
from crosslive.db import make_engine, make_session_factory, transaction
from tests.factories import Shop, make_shop
from tests.faults.servers import AppProcess, PostgresCluster, RedisServer, SmtpServer, app_env

# The media lab's fixtures (namespaces, Chromium inside them) for the app-restart scenario.
from tests.media.conftest import browser_in, netlab, tone_wav  # noqa: F401

# Settings every app process of the suite runs with: limits out of the way of the scenarios
# (except where a scenario sets its own), the outbox quick to poll and to retry.
FAST = {
    "secret_key": "faults-secret",
    "chat_rate_messages": 1000,
    "chat_rate_address_messages": 10_000,
    "chat_rate_address_joins": 1000,
    "mail_poll_seconds": 0.2,
    "mail_retry_seconds": 0.2,
    "mail_per_recipient_per_hour": 1000,
    # Every buyer here is 127.0.0.1, retrying on purpose: the address limits are not under test.
    "checkout_address_orders": 1000,
    "checkout_address_share": 1.0,
    # Fixed difficulty: with it growing per order from one address, a buyer whose challenge
    # was solved before another's order landed is asked for more work (tested in test_proof).
    "checkout_proof_bits": 8,
    "checkout_proof_max_bits": 8,
    "log_level": "WARNING",
}


def _need(*paths: str) -> None:
    for path in paths:
        if not glob.glob(path):
            pytest.skip(f"the fault suite needs {path}")


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PostgresCluster]:
    """One throwaway PostgreSQL cluster for the whole fault suite; a database per test."""
    _need("/usr/lib/postgresql/*/bin/initdb")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        pytest.skip("initdb refuses root and runuser is missing")
    cluster = PostgresCluster()
    cluster.init()
    cluster.start()
    yield cluster
    cluster.close()


@pytest.fixture(scope="module")
def redis_server() -> Iterator[RedisServer]:
    _need("/usr/bin/redis-server")
    server = RedisServer()
    server.start()
    yield server
    server.close()


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@dataclass
class Store:
    url: str
    factory: sessionmaker[Session]
    shop: Shop


@pytest.fixture
def store(pg_cluster: PostgresCluster) -> Iterator[Store]:
    """A fresh database in the private cluster, migrated, with the shop of tests.factories
    (its shirt in stock 100 times)."""
    url = pg_cluster.create_database(f"faults_{uuid.uuid4().hex[:10]}")
    migrate.upgrade(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    shop = make_shop(factory)
    with transaction(factory) as db:
        db.execute(update(Variant).where(Variant.id == shop.shirt_m).values(stock=100))
    yield Store(url, factory, shop)
    engine.dispose()


class Apps:
    """Starts app processes on the store's database; stops (or kills) them all at the end."""

    def __init__(self, store: Store, data_dir: Path) -> None:
        self._store = store
        self._data_dir = data_dir
        self.started: list[AppProcess] = []

    def start(self, **settings: str | int | float) -> AppProcess:
        env = app_env(**{**FAST, "database_url": self._store.url, **settings})
        app = AppProcess(env, self._data_dir)
        self.started.append(app)
        app.start()
        return app

    def close(self) -> None:
        for app in self.started:
            app.stop()


@pytest.fixture
def apps(store: Store, tmp_path: Path) -> Iterator[Apps]:
    started = Apps(store, tmp_path / "data")
    yield started
    started.close()
