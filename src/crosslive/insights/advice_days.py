"""Summary of the delivered order lines for the size advisor's figures (What works), per
store, order day (UTC), show, market, variant and the size advised (if any): the lines and
those with a counted return. The report looks the variant's size and product (category, size
chart) up when it is asked for, so a renamed variant or a new size chart needs no change here.

A missing show or variant is stored as 0, a line without advice as `advised` 0 and size ''.
The figures of an order are taken away before a write that touches it and added back after,
by the same write hooks as the other order summaries (crosslive.insights.advice_hooks); bulk
loads call `rebuild`, as does `crosslive insights rebuild`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    String,
    UniqueConstraint,
    and_,
    case,
    delete,
    func,
    insert,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from crosslive.db import Base
from crosslive.insights.answer_days import OrderDayColumns
from crosslive.insights.scope import COUNTED_RETURNS
from crosslive.orders.models import Order, OrderLine
from crosslive.returns.models import ReturnRequest
from crosslive.summary_rows import add_to, day_of

KEY = ("seller_id", "day", "show_id", "market_code", "variant_id", "advised", "advised_size")
SUMS = ("lines", "returned")
BATCH = 500  # orders per query when the hooks recompute some orders

Sums = dict[tuple[Any, ...], list[int]]


class AdviceDay(OrderDayColumns, Base):
    __tablename__ = "order_advice_days"
    __table_args__ = (UniqueConstraint(*KEY, name="uq_order_advice_days_key"),)

    variant_id: Mapped[int] = mapped_column(Integer)
    advised: Mapped[int] = mapped_column(Integer)
    advised_size: Mapped[str] = mapped_column(String(64))
    lines: Mapped[int] = mapped_column(Integer, default=0)
    returned: Mapped[int] = mapped_column(Integer, default=0)


def _day(at: datetime) -> date:
    return (at if at.tzinfo is None else at.astimezone(UTC)).date()


def summed(conn: Connection | Session, where: ColumnElement[bool]) -> Sums:
    """The advice sums of the delivered lines of the orders WHERE selects: one per line and
    counted return, as the report joined them (a line with two counted returns counts twice)."""
    counted = and_(
        ReturnRequest.order_line_id == OrderLine.id, ReturnRequest.status.in_(COUNTED_RETURNS)
    )
    query = (
        select(
            *(Order.seller_id, Order.created_at, Order.show_id, Order.market_code),
            *(OrderLine.variant_id, OrderLine.advised_size, ReturnRequest.quantity),
        )
        .select_from(OrderLine)
        .join(Order, Order.id == OrderLine.order_id)
        .outerjoin(ReturnRequest, counted)
        .where(Order.delivered_at.is_not(None), where)
    )
    found: Sums = {}
    for seller, created, show, market, variant, advised, returned in conn.execute(
        query.execution_options(yield_per=50_000)
    ):
        advice = (0, "") if advised is None else (1, advised)
        key = (seller, _day(created), show or 0, market or "", variant or 0, *advice)
        into = found.setdefault(key, [0, 0])
        into[0] += 1
        into[1] += returned is not None
    return found


def apply(conn: Connection, order_ids: Iterable[int], sign: int) -> None:
    """Add (SIGN 1) or take away (SIGN -1) the figures of the orders ORDER_IDS as they are in
    the database now (the order summaries' hooks lock the orders first on PostgreSQL)."""
    ids = sorted(set(order_ids))
    table: Any = AdviceDay.__table__
    for i in range(0, len(ids), BATCH):
        for key, sums in summed(conn, Order.id.in_(ids[i : i + BATCH])).items():
            adds = {name: sign * n for name, n in zip(SUMS, sums, strict=True)}
            add_to(conn, table, dict(zip(KEY, key, strict=True)), adds)


def rebuild(db: Session, seller_id: int | None = None) -> int:
    """Recompute the summary from the orders, lines and returns (of one store, or all) with
    one INSERT ... SELECT ... GROUP BY, the keys and sums worked out in SQL as `summed` works
    them out; returns how many delivered lines were summed."""
    stmt = delete(AdviceDay)
    db.execute(stmt if seller_id is None else stmt.where(AdviceDay.seller_id == seller_id))
    o, line, r = Order, OrderLine, ReturnRequest
    counted = and_(r.order_line_id == line.id, r.status.in_(COUNTED_RETURNS))
    each = (
        select(
            o.seller_id.label("seller_id"),
            day_of(db, o.created_at).label("day"),
            func.coalesce(o.show_id, 0).label("show_id"),
            func.coalesce(o.market_code, "").label("market_code"),
            func.coalesce(line.variant_id, 0).label("variant_id"),
            case((line.advised_size.is_(None), 0), else_=1).label("advised"),
            func.coalesce(line.advised_size, "").label("advised_size"),
            case((r.quantity.is_(None), 0), else_=1).label("returned"),
        )
        .select_from(line)
        .join(o, o.id == line.order_id)
        .outerjoin(r, counted)
        .where(o.delivered_at.is_not(None))
    )
    if seller_id is not None:
        each = each.where(o.seller_id == seller_id)
    rows = each.subquery("each")
    key = [rows.c[name] for name in KEY]
    found = select(*key, func.count(), func.sum(rows.c.returned)).group_by(*key)
    db.execute(insert(AdviceDay).from_select([*KEY, *SUMS], found))
    total = select(func.coalesce(func.sum(AdviceDay.lines), 0))
    if seller_id is not None:
        total = total.where(AdviceDay.seller_id == seller_id)
    return int(db.scalar(total) or 0)
