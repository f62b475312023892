"""Engine and session factory. SQLite gets WAL, a busy timeout, enforced foreign keys and
the letter folding that case-insensitive searches use there (crosslive.case_fold)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import anyio.to_thread
from sqlalchemy import DateTime, Engine, MetaData, create_engine, event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

from crosslive.case_fold import SQLITE_FOLD, fold
from crosslive.errors import InvalidInput

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
    dbapi_connection.create_function(SQLITE_FOLD, 1, fold, deterministic=True)


NUL_REFUSED = "text cannot contain NUL characters (\\x00)"


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, Mapping):
        return any(_has_nul(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


def _refuse_nul(
    conn: Any,
    cursor: Any,
    statement: str,
    parameters: Any,
    context: Any,
    executemany: bool,
) -> None:
    """PostgreSQL refuses NUL in text (a 500 deep in a request); SQLite stores it. Refuse it on
    both, with a clear error, before any statement carries one (parameters come as a dict, a
    tuple, or a list of either for a batch)."""
    if _has_nul(parameters):
        raise InvalidInput(NUL_REFUSED)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    event.listen(engine, "before_cursor_execute", _refuse_nul)
    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commits when the block succeeds, rolls back when it raises."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


Result = TypeVar("Result")


async def run_in_transaction(
    factory: sessionmaker[Session], work: Callable[[Session], Result]
) -> Result:
    """One unit of work from async code: WORK runs in a worker thread (never on the event
    loop, where a slow query would hold up every WebSocket) inside `transaction`."""

    def run() -> Result:
        with transaction(factory) as db:
            return work(db)

    return await anyio.to_thread.run_sync(run)


_REMOVE = "crosslive.remove_after_commit"


def remove_after_commit(db: Session, path: Path) -> None:
    """Delete the file at PATH once DB's transaction commits (a file whose row goes with
    it); kept if the transaction rolls back, so the row that stays still has its file."""
    db.info.setdefault(_REMOVE, []).append(path)


@event.listens_for(Session, "after_commit")
def _remove_files(session: Session) -> None:
    for path in session.info.pop(_REMOVE, []):
        path.unlink(missing_ok=True)


@event.listens_for(Session, "after_rollback")
def _keep_files(session: Session) -> None:
    session.info.pop(_REMOVE, None)


UNIQUE_VIOLATION = "23505"  # PostgreSQL SQLSTATE


def is_unique_violation(exc: IntegrityError) -> bool:
    """Whether the database refused a row because another one already holds its unique key
    (two requests creating the same thing at the same moment, past the services' checks)."""
    if getattr(exc.orig, "sqlstate", None) == UNIQUE_VIOLATION:
        return True
    return str(exc.orig).startswith("UNIQUE constraint failed")
