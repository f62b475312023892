"""The demo store seeded once per test module through the real `crosslive demo` command
(SQLite by default, PostgreSQL when CROSSLIVE_TEST_DATABASE_URL is set)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from crosslive.cli import app as cli_app
from crosslive.db import make_engine, make_session_factory, utcnow
from crosslive.settings import Settings
from crosslive.tables import metadata

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


def database_url(data_dir: Path, pg_engine: Engine | None) -> str:
    if pg_engine is None:
        return f"sqlite:///{data_dir / 'crosslive.db'}"
    tables = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
    with pg_engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    return PG_URL


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, _pg_engine: Engine | None) -> Iterator[Seeded]:
    data_dir = tmp_path_factory.mktemp("demo") / "data"
    env = {
        "CROSSLIVE_DATA_DIR": str(data_dir),
        "CROSSLIVE_DATABASE_URL": database_url(data_dir, _pg_engine),
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
def demo_db(seeded: Seeded) -> Iterator[Session]:
    session = seeded.factory()
    yield session
    session.rollback()
    session.close()
