"""The demo store seeded once per test run through the real `crosslive demo` command, into a
database of its own (a SQLite file by default; with CROSSLIVE_TEST_DATABASE_URL set, a
PostgreSQL database beside the test one, which the other tests' emptying never reaches).
The tests only read it; the one that runs the command again checks that it changes nothing.
The tests that change a seeded demo get a copy of it (`demo_copy`): a seed takes most of a
minute of CPU, a copy well under a second."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import URL, create_engine, make_url, text
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from crosslive.cli import app as cli_app
from crosslive.db import make_engine, make_session_factory, utcnow
from crosslive.settings import Settings

PG_URL = os.environ.get("CROSSLIVE_TEST_DATABASE_URL", "")
LOGIN_LINE = re.compile(r"^\s+(owner|host)\s+(\S+@\S+)\s+password: (\S+)$", re.MULTILINE)


@dataclass(frozen=True)
class Seeded:
    settings: Settings
    env: dict[str, str]
    output: str
    passwords: dict[str, str]  # email -> printed password
    started: datetime
    factory: sessionmaker[Session]


def run_demo(env: dict[str, str], *args: str) -> str:
    result = CliRunner().invoke(cli_app, ["demo", "--no-serve", *args], env=env)
    assert result.exit_code == 0, result.output
    return result.output


def printed_passwords(output: str) -> dict[str, str]:
    return {email: password for _role, email, password in LOGIN_LINE.findall(output)}


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
    with demo_database(data_dir) as url:
        yield from _seed(data_dir, url)


def _seed(data_dir: Path, url: str) -> Iterator[Seeded]:
    env = {
        "CROSSLIVE_DATA_DIR": str(data_dir),
        "CROSSLIVE_DATABASE_URL": url,
        "CROSSLIVE_SECRET_KEY": "demo-test-secret",
    }
    started = utcnow()
    output = run_demo(env)
    settings = Settings(
        data_dir=data_dir, database_url=env["CROSSLIVE_DATABASE_URL"], secret_key="demo-test-secret"
    )
    engine = make_engine(settings.resolved_database_url)
    yield Seeded(
        settings=settings,
        env=env,
        output=output,
        passwords=printed_passwords(output),
        started=started,
        factory=make_session_factory(engine),
    )
    engine.dispose()


@pytest.fixture
def demo_copy(seeded: Seeded, tmp_path: Path) -> Iterator[Seeded]:
    """A copy of the seeded demo, its database and its data folder, for a test that changes
    it; the printed logins and the seeding's start are the seeded demo's."""
    data_dir = tmp_path / "data"
    shutil.copytree(
        seeded.settings.data_dir, data_dir, ignore=shutil.ignore_patterns("crosslive.db*")
    )
    with _database_copy(seeded, data_dir) as url:
        settings = seeded.settings.model_copy(update={"data_dir": data_dir, "database_url": url})
        engine = make_engine(settings.resolved_database_url)
        yield Seeded(
            settings=settings,
            env={**seeded.env, "CROSSLIVE_DATA_DIR": str(data_dir), "CROSSLIVE_DATABASE_URL": url},
            output=seeded.output,
            passwords=seeded.passwords,
            started=seeded.started,
            factory=make_session_factory(engine),
        )
        engine.dispose()


@contextmanager
def _database_copy(seeded: Seeded, data_dir: Path) -> Iterator[str]:
    """The URL of a copy of the seeded demo's database (SQLite's backup of the file, WAL and
    all; on PostgreSQL a database made from it as a template), dropped afterwards."""
    if not PG_URL:
        source = make_url(seeded.settings.resolved_database_url).database
        target = data_dir / "crosslive.db"
        src, dst = sqlite3.connect(str(source)), sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()
        yield f"sqlite:///{target}"
        return
    url = make_url(seeded.settings.resolved_database_url)
    # A template must have no one connected: the seeded demo's pool reconnects when next used.
    seeded.factory.kw["bind"].dispose()
    with _pg_database(url, f"{url.database}_copy", template=url.database) as made:
        yield made


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
