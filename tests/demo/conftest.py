"""The demo store seeded through the real `crosslive demo` command, into a database of its own
(a SQLite file by default; with CROSSLIVE_TEST_DATABASE_URL set, a PostgreSQL database beside
the test one, which the other tests' emptying never reaches). Under scripts/test.sh the SQLite
demo is seeded once for the whole run and each process reads a copy of it (tests/demo/
seeding.py). The tests only read `seeded`; those that change a seeded demo (the rerun of the
command too) get a copy of it (`demo_copy`): a seed takes most of a minute of CPU, a copy well
under a second."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import URL, create_engine, make_url, text
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import make_engine, make_session_factory
from crosslive.settings import Settings

from .seeding import (
    SECRET_KEY,
    Seeding,
    copy_files,
    copy_sqlite,
    demo_env,
    kept_seeding,
    printed_passwords,
    seed,
)

PG_URL = os.environ.get("CROSSLIVE_TEST_DATABASE_URL", "")


@dataclass(frozen=True)
class Seeded:
    settings: Settings
    env: dict[str, str]
    output: str
    passwords: dict[str, str]  # email -> printed password
    started: datetime
    factory: sessionmaker[Session]

    @property
    def seeding(self) -> Seeding:
        return Seeding(
            self.settings.data_dir, self.settings.resolved_database_url, self.output, self.started
        )


@contextmanager
def demo_database(data_dir: Path) -> Iterator[str]:
    """The URL of an empty database for the demo alone, dropped afterwards on PostgreSQL."""
    if not PG_URL:
        yield f"sqlite:///{data_dir / 'crosslive.db'}"
        return
    url = make_url(PG_URL)
    with _pg_database(url, f"{url.database}_demo") as made:
        yield made


@pytest.fixture(scope="session")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    data_dir = tmp_path_factory.mktemp("demo") / "data"
    kept = None if PG_URL else kept_seeding()
    if kept is not None:
        # The run's demo, seeded by whichever process needed it first: a copy of this
        # process's own, which its tests may open apps on.
        yield from _opened(copy_sqlite(kept, data_dir))
        return
    with demo_database(data_dir) as url:
        yield from _opened(seed(data_dir, url))


def _opened(seeding: Seeding) -> Iterator[Seeded]:
    settings = Settings(
        data_dir=seeding.data_dir, database_url=seeding.database_url, secret_key=SECRET_KEY
    )
    engine = make_engine(settings.resolved_database_url)
    yield Seeded(
        settings=settings,
        env=demo_env(seeding.data_dir, seeding.database_url),
        output=seeding.output,
        passwords=printed_passwords(seeding.output),
        started=seeding.started,
        factory=make_session_factory(engine),
    )
    engine.dispose()


@pytest.fixture
def demo_copy(seeded: Seeded, tmp_path: Path) -> Iterator[Seeded]:
    """A copy of the seeded demo, its database and its data folder, for a test that changes
    it; the printed logins and the seeding's start are the seeded demo's."""
    data_dir = tmp_path / "data"
    if not PG_URL:
        yield from _opened(copy_sqlite(seeded.seeding, data_dir))
        return
    copy_files(seeded.settings.data_dir, data_dir)
    url = make_url(seeded.settings.resolved_database_url)
    # A template must have no one connected: the seeded demo's pool reconnects when next used.
    seeded.factory.kw["bind"].dispose()
    with _pg_database(url, f"{url.database}_copy", template=url.database) as made:
        yield from _opened(Seeding(data_dir, made, seeded.output, seeded.started))


@contextmanager
def _pg_database(url: URL, name: str, template: str | None = None) -> Iterator[str]:
    """The URL of a new PostgreSQL database NAME on URL's server (empty, or a copy of
    TEMPLATE, whose connections are closed first), dropped afterwards."""
    server = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        if template is not None:
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :t"),
                {"t": template},
            )
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        made_from = f' TEMPLATE "{template}"' if template is not None else ""
        conn.execute(text(f'CREATE DATABASE "{name}"{made_from}'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


@pytest.fixture
def demo_db(seeded: Seeded) -> Iterator[Session]:
    session = seeded.factory()
    yield session
    session.rollback()
    session.close()
