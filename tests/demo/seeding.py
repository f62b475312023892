"""The demo store seeded through the real `crosslive demo --no-serve` command, once per test
run, and copied by every test and process that needs one: a seeding takes most of a minute of
CPU, a copy well under a second.

scripts/test.sh names a folder for the run in CROSSLIVE_TEST_DEMO_DIR (and removes it at the
end). The first pytest process that needs the demo seeds it there, under a file lock, and
writes beside it what the command printed (the logins) and when the seeding started; the
others (the two lanes side by side, the last stage) wait on the lock if it is under way, then
copy it. Without the variable (a test file run by hand) each process seeds its own, as before.

Only a SQLite demo is kept across processes: on PostgreSQL a single process (the PostgreSQL
pass) uses the demo and seeds a database of its own beside the test one.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import make_url
from typer.testing import CliRunner

from crosslive.cli import app as cli_app
from crosslive.db import utcnow

DIR_VARIABLE = "CROSSLIVE_TEST_DEMO_DIR"
SECRET_KEY = "demo-test-secret"
LOGIN_LINE = re.compile(r"^\s+(owner|host)\s+(\S+@\S+)\s+password: (\S+)$", re.MULTILINE)
DATABASE_FILES = "crosslive.db*"  # the database, its WAL and shared memory


@dataclass(frozen=True)
class Seeding:
    """A seeded demo: its data folder and database, what the command printed and when the
    seeding started (the demo's shows and calls are placed relative to that moment)."""

    data_dir: Path
    database_url: str
    output: str
    started: datetime


def run_demo(env: dict[str, str], *args: str) -> str:
    result = CliRunner().invoke(cli_app, ["demo", "--no-serve", *args], env=env)
    assert result.exit_code == 0, result.output
    return result.output


def printed_passwords(output: str) -> dict[str, str]:
    return {email: password for _role, email, password in LOGIN_LINE.findall(output)}


def demo_env(data_dir: Path, database_url: str) -> dict[str, str]:
    return {
        "CROSSLIVE_DATA_DIR": str(data_dir),
        "CROSSLIVE_DATABASE_URL": database_url,
        "CROSSLIVE_SECRET_KEY": SECRET_KEY,
    }


def seed(data_dir: Path, database_url: str) -> Seeding:
    """The demo seeded into DATA_DIR and DATABASE_URL by `crosslive demo --no-serve`."""
    started = utcnow()
    output = run_demo(demo_env(data_dir, database_url))
    return Seeding(data_dir, database_url, output, started)


def kept_seeding(
    make: Callable[[Path, str], Seeding] = seed, *, folder: str | None = None
) -> Seeding | None:
    """The run's SQLite demo (None without CROSSLIVE_TEST_DEMO_DIR): seeded with MAKE by the
    first process that asks; one that asks meanwhile waits on the lock, then reads it. A
    seeding that failed leaves no record, so the next process tries again (and fails alike)."""
    folder = os.environ.get(DIR_VARIABLE, "") if folder is None else folder
    if not folder:
        return None
    root = Path(folder) / "sqlite"
    root.mkdir(parents=True, exist_ok=True)
    record = root / "seeding.json"
    with (root / "seeding.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if record.exists():
            return _read(record)
        data_dir = root / "data"
        shutil.rmtree(data_dir, ignore_errors=True)  # what a failed seeding left
        made = make(data_dir, f"sqlite:///{data_dir / 'crosslive.db'}")
        _write(record, made)
        return made


def _write(record: Path, seeding: Seeding) -> None:
    fields = {
        "data_dir": str(seeding.data_dir),
        "database_url": seeding.database_url,
        "output": seeding.output,
        "started": seeding.started.isoformat(),
    }
    written = record.with_suffix(".tmp")
    written.write_text(json.dumps(fields))
    written.replace(record)


def _read(record: Path) -> Seeding:
    fields = json.loads(record.read_text())
    return Seeding(
        data_dir=Path(fields["data_dir"]),
        database_url=fields["database_url"],
        output=fields["output"],
        started=datetime.fromisoformat(fields["started"]),
    )


def copy_files(source: Path, data_dir: Path) -> None:
    """The demo's files (pictures, evidence, clips, the logins file) but its database."""
    shutil.copytree(source, data_dir, ignore=shutil.ignore_patterns(DATABASE_FILES))


def copy_sqlite(seeding: Seeding, data_dir: Path) -> Seeding:
    """A copy of a SQLite demo in DATA_DIR, its files and its database (SQLite's backup API,
    which reads a consistent database, WAL and all, while others read it too)."""
    copy_files(seeding.data_dir, data_dir)
    source = make_url(seeding.database_url).database
    target = data_dir / "crosslive.db"
    src, dst = sqlite3.connect(str(source)), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return Seeding(data_dir, f"sqlite:///{target}", seeding.output, seeding.started)


def copy_for_command(data_dir: Path) -> bool:
    """For a test that runs `crosslive demo` itself on DATA_DIR (its default SQLite database):
    under scripts/test.sh, a copy of the run's demo put there, which the command finds and
    serves as on a rerun instead of seeding again. Whether it did (without the variable,
    nothing: the command seeds)."""
    kept = kept_seeding()
    if kept is None:
        return False
    copy_sqlite(kept, data_dir)
    return True
