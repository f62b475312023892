"""Bulk loads for the insights benchmark: rows straight to the database driver, with each
column's Python default and type conversion applied as SQLAlchemy would, but without its
per-row work: COPY on PostgreSQL (psycopg), one executemany per batch on SQLite. Write hooks
do not run: whoever loads this way rebuilds the summaries afterwards."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import JSON, Column, Table
from sqlalchemy.orm import Session


def insert_rows(db: Session, model: Any, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ROWS (dicts of the same keys) into MODEL's table."""
    if not rows:
        return
    table: Table = model.__table__
    conn = db.connection()
    dialect = conn.dialect
    given = list(rows[0])
    defaults = [
        c
        for c in table.columns
        if c.name not in given and c.default is not None and not c.primary_key
    ]
    names = given + [c.name for c in defaults]
    convert = [_converter(table.c[name], dialect) for name in names]
    fill = [_default(c) for c in defaults]
    values = [
        tuple(
            f(v)
            for f, v in zip(convert, (*(r[k] for k in given), *(d() for d in fill)), strict=True)
        )
        for r in rows
    ]
    raw: Any = conn.connection.dbapi_connection
    columns = ", ".join(f'"{n}"' for n in names)
    if dialect.name == "postgresql":
        with raw.cursor() as cur, cur.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
            for value in values:
                copy.write_row(value)
        return
    marks = ", ".join("?" for _ in names)
    cur = raw.cursor()
    try:
        cur.executemany(f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})', values)
    finally:
        cur.close()


def _converter(column: Column[Any], dialect: Any) -> Callable[[Any], Any]:
    if isinstance(column.type, JSON) and dialect.name == "postgresql":
        return lambda v: None if v is None else json.dumps(v)
    process = column.type.bind_processor(dialect)
    if process is None:
        return lambda v: v
    return lambda v: None if v is None else process(v)


def _default(column: Column[Any]) -> Callable[[], Any]:
    default: Any = column.default
    if default.is_callable:
        return lambda: default.arg(None)
    return lambda: default.arg
