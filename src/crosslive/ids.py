"""Ids and whole numbers as the API and the forms accept them.

An id is a whole number from 1 to 2**63 - 1: what PostgreSQL's BIGINT and SQLite's INTEGER
hold, so a larger one is refused as input instead of overflowing in the database. Typed
numbers must be ASCII digits: '²' and '٣' pass str.isdigit() but are not numbers int() reads.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path
from pydantic import Field

MAX_ID = 2**63 - 1

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]


def is_whole_number(text: str) -> bool:
    """'42' yes; '', '-1', '4.2', '²' and '٣' no."""
    return text.isascii() and text.isdigit()


def id_from_text(text: str) -> int | None:
    """The id TEXT names, or None when it is not one (not digits, 0, or past MAX_ID)."""
    if not is_whole_number(text):
        return None
    value = int(text)
    return value if 1 <= value <= MAX_ID else None
