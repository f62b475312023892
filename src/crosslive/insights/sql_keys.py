"""Summary keys worked out by the database, as the write hooks work them out in Python: the
UTC day of a stored time and the value of a stored enum. The rebuilds use them in the inner
SELECT of an INSERT ... SELECT ... GROUP BY (bound values in GROUP BY expressions would not
match on PostgreSQL, so the outer query groups by the inner query's columns)."""

from __future__ import annotations

import enum
from typing import Any

from sqlalchemy import Connection, Date, String, case, cast, func, literal_column, type_coerce
from sqlalchemy.orm import Session


def dialect_name(conn: Connection | Session) -> str:
    return conn.get_bind().dialect.name if isinstance(conn, Session) else conn.dialect.name


def day_of(conn: Connection | Session, at: Any) -> Any:
    """The UTC day of the stored time AT (SQLite stores UTC text, as the Date type reads)."""
    if dialect_name(conn) == "postgresql":
        return cast(func.timezone("UTC", at), Date)
    return func.date(at)


def enum_value(column: Any, kind: type[enum.Enum]) -> Any:
    """The value of the enum KIND stored by name in COLUMN; '' when NULL."""
    stored = type_coerce(column, String)
    whens = [(stored == _quoted(member.name), _quoted(str(member.value))) for member in kind]
    return case(*whens, else_=_quoted(""))


def _quoted(word: str) -> Any:
    """WORD as an SQL string literal (enum names and values: letters, digits, underscores)."""
    if not all(c.isalnum() or c == "_" for c in word):
        raise ValueError(f"not a plain word: {word!r}")
    return literal_column(f"'{word}'", String)
