"""Summary keys worked out by the database, as the write hooks work them out in Python: the
value of a stored enum (the UTC day of a stored time is `crosslive.summary_rows.day_of`).
The rebuilds use them in the inner SELECT of an INSERT ... SELECT ... GROUP BY (bound
values in GROUP BY expressions would not match on PostgreSQL, so the outer query groups by
the inner query's columns)."""

from __future__ import annotations

import enum
from typing import Any

from sqlalchemy import String, case, literal_column, type_coerce


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
