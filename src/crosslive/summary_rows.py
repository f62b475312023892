"""Summary tables kept by adding and taking away: a row's figures added to (or, negated,
taken from) the row of its key, which is made when it is not there yet, in one statement
(INSERT ... ON CONFLICT DO UPDATE, on SQLite and PostgreSQL); and rows written in batches
by a rebuild; and the UTC day of a stored time worked out by the database, for the
rebuilds' INSERT ... SELECT ... GROUP BY."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Connection, Date, Table, cast, func, insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

BATCH = 10_000


def add_to(
    conn: Connection,
    table: Table,
    key: Mapping[str, Any],
    adds: Mapping[str, int],
    unique: Sequence[str] | None = None,
) -> None:
    """Add ADDS to the row of TABLE whose KEY columns (UNIQUE: those of its unique key, when
    not all of KEY) have these values, inserting it with ADDS when there is none."""
    index = tuple(key if unique is None else unique)
    stmt = _upsert(conn.dialect.name, table, index, tuple(adds))
    conn.execute(stmt, {**key, **adds})


@cache
def _upsert(dialect: str, table: Table, index: tuple[str, ...], adds: tuple[str, ...]) -> Any:
    """The statement of `add_to`, built once per table and columns: its values are given as
    parameters when it runs. Building it anew each time (the table's `excluded` alias with a
    copy of every column) was most of the CPU of an order's write on a small store."""
    stmt = (postgresql if dialect == "postgresql" else sqlite).insert(table)
    return stmt.on_conflict_do_update(
        index_elements=list(index), set_={c: table.c[c] + stmt.excluded[c] for c in adds}
    )


def insert_rows(db: Session, model: Any, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ROWS into MODEL's table, BATCH rows a statement."""
    for i in range(0, len(rows), BATCH):
        db.execute(insert(model), list(rows[i : i + BATCH]))


def dialect_name(conn: Connection | Session) -> str:
    return conn.get_bind().dialect.name if isinstance(conn, Session) else conn.dialect.name


def day_of(conn: Connection | Session, at: Any) -> Any:
    """The UTC day of the stored time AT (SQLite stores UTC text, as the Date type reads)."""
    if dialect_name(conn) == "postgresql":
        return cast(func.timezone("UTC", at), Date)
    return func.date(at)
