"""One page of the store's orders for the admin list: newest first, keyset-paged by
(created_at, id) so a page costs the same on the first order as on the ten-thousandth, with
an optional status filter and a search on the public id, buyer name or email that ignores
the case of every letter, accented or not, on SQLite as on PostgreSQL (crosslive.case_fold).

Page links carry a crosslive.keyset cursor; a bad one is refused with InvalidInput."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from crosslive import case_fold, keyset
from crosslive.auth import service as auth_service
from crosslive.auth.models import Role, StaffUser
from crosslive.errors import InvalidInput
from crosslive.i18n import A_
from crosslive.orders.models import Order, OrderStatus

PER_PAGE = 50
MAX_SEARCH = 200
BOTH_WAYS = A_("A page link goes either to newer or to older orders, not both.")
LONG_SEARCH = A_("Search for at most {limit} characters.")
BAD_STATUS = A_("There is no order status called {status}.")


@dataclass(frozen=True)
class OrderPage:
    orders: list[Order]
    total: int
    newer: str | None  # the cursor for the page of newer orders, None on the first page
    older: str | None  # the cursor for the page of older orders, None on the last page


def parse_status(raw: str) -> OrderStatus | None:
    """The status filter of the list's address: "" for all, else one OrderStatus value."""
    if not raw:
        return None
    try:
        return OrderStatus(raw)
    except ValueError:
        raise InvalidInput(BAD_STATUS, status=raw[:40]) from None


def _cursor_of(order: Order) -> str:
    return keyset.token(order.created_at, order.id)


def _filters(
    staff: StaffUser, status: OrderStatus | None, search: str
) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [Order.seller_id == staff.seller_id]
    if status is not None:
        where.append(Order.status == status)
    text = search.strip()
    if len(text) > MAX_SEARCH:
        raise InvalidInput(LONG_SEARCH, limit=MAX_SEARCH)
    if text:
        matches: list[ColumnElement[bool]] = [
            case_fold.contains(column, text)
            for column in (Order.public_id, Order.name, Order.email)
        ]
        number = text.removeprefix("#")
        if number.isascii() and number.isdigit() and len(number) < 19:
            matches.append(Order.id == int(number))
        where.append(or_(*matches))
    return where


def order_page(
    db: Session,
    staff: StaffUser,
    *,
    status: OrderStatus | None = None,
    search: str = "",
    older_than: str = "",
    newer_than: str = "",
    per_page: int = PER_PAGE,
) -> OrderPage:
    """The page of the store's orders after OLDER_THAN (going back in time) or before
    NEWER_THAN (coming forward), else the newest; TOTAL counts every matching order.
    Two queries whatever the store's size: the count and the page."""
    auth_service.require_role(staff, Role.OWNER)
    if older_than and newer_than:
        raise InvalidInput(BOTH_WAYS)
    where = _filters(staff, status, search)
    after = keyset.parse_cursor(newer_than or older_than) if (newer_than or older_than) else None
    total = int(db.scalar(select(func.count()).select_from(Order).where(*where)) or 0)
    query = select(Order).where(*where)
    if newer_than and after is not None:
        at = after
        query = query.where(keyset.after(Order.created_at, Order.id, at)).order_by(
            Order.created_at, Order.id
        )
    else:
        if after is not None:
            at = after
            query = query.where(keyset.before(Order.created_at, Order.id, at))
        query = query.order_by(Order.created_at.desc(), Order.id.desc())
    rows = list(db.scalars(query.limit(per_page + 1)))
    more = len(rows) > per_page
    rows = rows[:per_page]
    if newer_than:
        rows.reverse()
        has_newer, has_older = more, True
    else:
        has_newer, has_older = bool(older_than), more
    if newer_than and not rows:  # everything newer is gone: the first page instead
        return order_page(db, staff, status=status, search=search, per_page=per_page)
    return OrderPage(
        orders=rows,
        total=total,
        newer=_cursor_of(rows[0]) if rows and has_newer else None,
        older=_cursor_of(rows[-1]) if rows and has_older else None,
    )
