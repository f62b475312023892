"""Keyset page links for the admin lists: a cursor names the row a page starts after by
(a timestamp, an id), written `<microseconds since the epoch>.<id>` and opaque to the
seller. Anything else is refused with InvalidInput before anything is read.

before() and after() write the page's condition with a plain bound on the timestamp first,
so that an index on (…, timestamp, id) reads one range from the cursor on (PostgreSQL does
not turn `at < x OR (at = x AND id < y)` alone into an index range)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, SQLColumnExpression, and_, or_

from crosslive.errors import InvalidInput
from crosslive.i18n import A_

BAD_CURSOR = A_("This page link is not valid; start again from the first page.")
_CURSOR = re.compile(r"^(-?\d{1,19})\.(\d{1,19})$")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MAX_ID = 2**63 - 1  # a BIGINT: a larger id would fail in the database, not here
# A timestamp column; a nullable one where the query already leaves its NULLs out.
Stamp = SQLColumnExpression[datetime] | SQLColumnExpression[datetime | None]


@dataclass(frozen=True)
class Cursor:
    at: datetime
    id: int

    def token(self) -> str:
        at = self.at if self.at.tzinfo is not None else self.at.replace(tzinfo=UTC)
        micros = (at - _EPOCH) // timedelta(microseconds=1)
        return f"{micros}.{self.id}"


def parse_cursor(raw: str) -> Cursor:
    match = _CURSOR.match(raw.strip())
    if match is None:
        raise InvalidInput(BAD_CURSOR)
    try:
        at = _EPOCH + timedelta(microseconds=int(match.group(1)))
    except OverflowError:
        raise InvalidInput(BAD_CURSOR) from None
    row_id = int(match.group(2))
    if row_id > _MAX_ID:
        raise InvalidInput(BAD_CURSOR)
    return Cursor(at, row_id)


def token(at: datetime, row_id: int) -> str:
    return Cursor(at, row_id).token()


def before(at: Stamp, row_id: SQLColumnExpression[int], cursor: Cursor) -> ColumnElement[bool]:
    """Rows older than CURSOR in (AT, ROW_ID) order."""
    return and_(at <= cursor.at, or_(at < cursor.at, row_id < cursor.id))


def after(at: Stamp, row_id: SQLColumnExpression[int], cursor: Cursor) -> ColumnElement[bool]:
    """Rows newer than CURSOR in (AT, ROW_ID) order."""
    return and_(at >= cursor.at, or_(at > cursor.at, row_id > cursor.id))
