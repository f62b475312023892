"""Case-insensitive "contains" searches that fold every letter on every database.

PostgreSQL's ILIKE lowers both sides letter by letter, whatever the alphabet: "müller" finds
"MÜLLER". SQLite's LIKE and lower() fold ASCII letters only, so there the same search would
miss every name written with an accent, a Cyrillic or a Greek capital. On SQLite a search
with a letter beyond ASCII lowers the column with fold(), a deterministic Python function
that db.py registers on every connection as SQLITE_FOLD, and compares it with the search
folded the same way; PostgreSQL keeps its plain ILIKE.

SQLite's own lower() is about five times cheaper than a call into Python per row and column
(and the count reads a store's whole order list), so SQLite tests the ASCII letters first:
only two letters beyond ASCII fold to ASCII ones, "İ" to "i" and the Kelvin sign to "k";
where the search has an "i" or a "k" the column has that capital replaced, then lower()
compares it with the search in which each letter beyond ASCII may be any one character.
A search in ASCII only needs nothing more (every other letter beyond ASCII stays beyond it,
so it cannot match, lowered or not); another goes through fold() only on the rows that
passed.

fold() lowers each letter on its own, one character for one, as PostgreSQL's lower() does:
Python's lower() of a whole string turns "İ" (dotted capital I) into "i" and a combining dot,
and a Greek capital sigma at the end of a word into the final sigma, where PostgreSQL gives
"i" and the plain small sigma."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, ColumnElement, SQLColumnExpression, func, literal, literal_column
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

SQLITE_FOLD = "crosslive_fold"
LIKE_ESCAPE = "\\"
_SIMPLE = {0x0130: "i"}  # the one capital whose full lowercase is longer than one character
TO_ASCII = {"\u0130": "i", "\u212a": "k"}  # the letters beyond ASCII that fold into it


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


class _Contains(FunctionElement[bool]):
    """COLUMN contains PATTERN (a LIKE pattern, folded), whatever the letters' case. For
    SQLite, then: ROUGH, PATTERN in ASCII (each letter beyond it made `_`, any one
    character), and the pairs of TO_ASCII (a letter, its ASCII letter) that ROUGH needs
    replaced in COLUMN, as SQL literals: constants, part of the statement's shape."""

    name = "folded_contains"
    type = Boolean()
    inherit_cache = True
    # A condition of its own: SQLite gets no "= 1" after it, which would make it compute
    # both sides of its AND on every row rather than stop at the first that fails.
    _is_implicitly_boolean = True


class _AsciiContains(_Contains):
    """The same for a PATTERN in ASCII only: ROUGH is PATTERN, the whole test."""

    name = "ascii_contains"
    inherit_cache = True


@compiles(_Contains)
def _ilike(element: _Contains, compiler: SQLCompiler, **kw: Any) -> str:
    column, pattern, *_ = element.clauses.clauses
    return compiler.process(column.ilike(pattern, escape=LIKE_ESCAPE), **kw)


@compiles(_Contains, "sqlite")
def _sqlite_like(element: _Contains, compiler: SQLCompiler, **kw: Any) -> str:
    column, pattern, rough, *letters = element.clauses.clauses
    ascii_column = column
    for letter, into in zip(letters[::2], letters[1::2], strict=True):
        ascii_column = func.replace(ascii_column, letter, into)
    condition = func.lower(ascii_column).like(rough, escape=LIKE_ESCAPE)
    if not isinstance(element, _AsciiContains):
        # SQLite's own functions first, so that Python folds only the rows that may match.
        folded = getattr(func, SQLITE_FOLD)(column)
        condition = condition & folded.like(pattern, escape=LIKE_ESCAPE)
    return f"({compiler.process(condition, **kw)})"


def contains(column: SQLColumnExpression[Any], text: str) -> ColumnElement[bool]:
    """Whether COLUMN contains TEXT, every letter's case ignored and `%`, `_`, `\\` taken
    literally; the same rows on SQLite as on PostgreSQL."""
    folded = fold(text) or ""
    pattern = like_pattern(folded)
    pairs = [(c, into) for c, into in TO_ASCII.items() if into in folded]
    letters: list[ColumnElement[Any]] = [
        literal_column(f"'{letter}'") for pair in pairs for letter in pair
    ]
    if pattern.isascii():
        bound = literal(pattern)
        return _AsciiContains(column, bound, bound, *letters)
    rough = "".join(char if char.isascii() else "_" for char in pattern)
    return _Contains(column, literal(pattern), literal(rough), *letters)
