"""Summary tables kept by adding and taking away: a row's figures added to (or, negated,
taken from) the row of its key, which is made when it is not there yet, in one statement
(INSERT ... ON CONFLICT DO UPDATE, on SQLite and PostgreSQL); and rows written in batches
by a rebuild."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table, insert
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
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(table).values(**key, **adds)
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=list(key if unique is None else unique),
            set_={c: table.c[c] + stmt.excluded[c] for c in adds},
        )
    )


def insert_rows(db: Session, model: Any, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ROWS into MODEL's table, BATCH rows a statement."""
    for i in range(0, len(rows), BATCH):
        db.execute(insert(model), list(rows[i : i + BATCH]))
