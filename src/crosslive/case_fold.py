"""Case-insensitive "contains" searches that fold every letter on every database.

PostgreSQL's ILIKE lowers both sides letter by letter, whatever the alphabet: "müller" finds
"MÜLLER". SQLite's LIKE and lower() fold ASCII letters only, so there the same search would
miss every name written with an accent, a Cyrillic or a Greek capital. On SQLite the search
lowers the column with fold(), a deterministic Python function that db.py registers on every
connection as SQLITE_FOLD, and compares it with a pattern folded the same way; PostgreSQL
keeps its plain ILIKE.

fold() lowers each letter on its own, one character for one, as PostgreSQL's lower() does:
Python's lower() of a whole string turns "İ" (dotted capital I) into "i" and a combining dot,
and a Greek capital sigma at the end of a word into the final sigma, where PostgreSQL gives
"i" and the plain small sigma."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, ColumnElement, func, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

SQLITE_FOLD = "crosslive_fold"
LIKE_ESCAPE = "\\"
_SIMPLE = {0x0130: "i"}  # the one capital whose full lowercase is longer than one character


def _lower_one(char: str) -> str:
    lowered = char.lower()
    return lowered if len(lowered) == 1 else char.translate(_SIMPLE)


def fold(text: str | None) -> str | None:
    """TEXT with every letter lowered, one character for one (None stays None)."""
    if text is None:
        return None
    if text.isascii():
        return text.lower()
    return "".join([_lower_one(char) for char in text])


def like_pattern(text: str) -> str:
    """TEXT as a LIKE 'contains' pattern, with its own `%`, `_` and `\\` taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class _FoldedContains(FunctionElement[bool]):
    """COLUMN contains PATTERN (a LIKE pattern, already folded), whatever the letters' case."""

    name = "folded_contains"
    type = Boolean()
    inherit_cache = True


@compiles(_FoldedContains)
def _ilike(element: _FoldedContains, compiler: SQLCompiler, **kw: Any) -> str:
    column, pattern = element.clauses.clauses
    return compiler.process(column.ilike(pattern, escape=LIKE_ESCAPE), **kw)


@compiles(_FoldedContains, "sqlite")
def _sqlite_like(element: _FoldedContains, compiler: SQLCompiler, **kw: Any) -> str:
    column, pattern = element.clauses.clauses
    folded = getattr(func, SQLITE_FOLD)(column)
    return compiler.process(folded.like(pattern, escape=LIKE_ESCAPE), **kw)


def contains(column: ColumnElement[Any], text: str) -> ColumnElement[bool]:
    """Whether COLUMN contains TEXT, every letter's case ignored and `%`, `_`, `\\` taken
    literally; the same rows on SQLite as on PostgreSQL."""
    return _FoldedContains(column, literal(like_pattern(fold(text) or "")))
