"""One page of the store's returns queue for the admin: oldest confirmed first, keyset-paged
by (confirmed_at, id), so the "done" view keeps working once a store has handled thousands
of returns (it used to stop at the oldest 200). Every return past STARTED has confirmed_at."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crosslive import keyset
from crosslive.auth import service as auth_service
from crosslive.auth.models import Role, StaffUser
from crosslive.returns.handling import QueueRow, queue_rows
from crosslive.returns.models import ReturnRequest, ReturnStatus

PER_PAGE = 50


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    total: int
    later: str | None  # the cursor for the next page, None on the last one


def queue_page(
    db: Session,
    staff: StaffUser,
    statuses: Collection[ReturnStatus],
    *,
    after: str = "",
    per_page: int = PER_PAGE,
) -> QueuePage:
    """The store's returns in STATUSES after the cursor AFTER (else from the oldest), and how
    many there are in all."""
    auth_service.require_role(staff, Role.OWNER)
    start = keyset.parse_cursor(after) if after else None
    where = [
        ReturnRequest.seller_id == staff.seller_id,
        ReturnRequest.status.in_(statuses),
        ReturnRequest.confirmed_at.is_not(None),
    ]
    total = int(db.scalar(select(func.count()).select_from(ReturnRequest).where(*where)) or 0)
    query = select(ReturnRequest).where(*where)
    if start is not None:
        query = query.where(keyset.after(ReturnRequest.confirmed_at, ReturnRequest.id, start))
    found = list(
        db.scalars(query.order_by(ReturnRequest.confirmed_at, ReturnRequest.id).limit(per_page + 1))
    )
    rows = found[:per_page]
    last = rows[-1] if rows else None
    later = None
    if len(found) > per_page and last is not None and last.confirmed_at is not None:
        later = keyset.token(last.confirmed_at, last.id)
    return QueuePage(queue_rows(db, staff, rows), total, later)
