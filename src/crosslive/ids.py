"""Ids and whole numbers as the API and the forms accept them.

An id is a whole number from 1 to 2**31 - 1: row ids are INTEGER columns, 32 bits on
PostgreSQL (SQLite's hold 64), so a larger one is refused as input, the same on both, instead
of overflowing in the database. Typed
numbers must be ASCII digits: '²' and '٣' pass str.isdigit() but are not numbers int() reads.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query
from pydantic import Field

MAX_ID = 2**31 - 1

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
QueryId = Annotated[int | None, Query(ge=1, le=MAX_ID)]


def is_whole_number(text: str) -> bool:
    """'42' yes; '', '-1', '4.2', '²' and '٣' no."""
    return text.isascii() and text.isdigit()


def id_from_text(text: str) -> int | None:
    """The id TEXT names, or None when it is not one (not digits, 0, or past MAX_ID)."""
    if not is_whole_number(text):
        return None
    value = int(text)
    return value if 1 <= value <= MAX_ID else None
