"""Per show, its orders and who placed them, kept exact with the order-line summaries
(crosslive.insights.line_days: the same hooks, rebuild and migration), for the Shows report:

- `show_order_days`: per store, order day (UTC), show, market and currency: orders, paid
  orders, kept orders and the paid orders' totals (revenue);
- `show_buyers`: per store, show, market, order day and buyer (the order's viewer): their
  orders, paid orders and kept orders;
- `show_buyer_counts`: per show and market (EVERY_MARKET for all of them), the buyers with at
  least one order, paid order and kept order there;
- `market_buyer_counts`: per store and market, the buyers with an order in any of its shows.

Distinct buyers do not add up, so the counts move only when a buyer's first order (paid,
kept) of that show and market is added or their last one taken away. Orders without a show
are not counted (the report's rows are shows).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Connection,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    and_,
    case,
    delete,
    exists,
    func,
    insert,
    literal,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from crosslive.db import Base
from crosslive.insights.scope import COUNTED_RETURNS
from crosslive.orders.models import Order, OrderStatus
from crosslive.returns.models import ReturnOutcome, ReturnRequest
from crosslive.summary_rows import add_to, day_of

EVERY_MARKET = "*"
ORDER_KEY = ("seller_id", "day", "show_id", "market_code", "currency")
ORDER_SUMS = ("orders", "paid", "kept", "revenue_minor")
BUYER_KEY = ("seller_id", "viewer_id", "show_id", "market_code", "day")
BUYER_SUMS = ("orders", "paid", "kept")
COUNT_KEY = ("seller_id", "show_id", "market_code")
COUNT_SUMS = ("ordered", "paid", "kept")
MARKET_KEY = ("seller_id", "market_code")
MARKET_SUMS = ("ordered",)

Sums = dict[tuple[Any, ...], list[int]]


class _Seller:
    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"), index=True)


class ShowOrderDay(_Seller, Base):
    __tablename__ = "show_order_days"
    __table_args__ = (UniqueConstraint(*ORDER_KEY, name="uq_show_order_days_key"),)

    day: Mapped[date] = mapped_column(Date)
    show_id: Mapped[int] = mapped_column(Integer)
    market_code: Mapped[str] = mapped_column(String(8))
    currency: Mapped[str] = mapped_column(String(3))
    orders: Mapped[int] = mapped_column(Integer, default=0)
    paid: Mapped[int] = mapped_column(Integer, default=0)
    kept: Mapped[int] = mapped_column(Integer, default=0)
    revenue_minor: Mapped[int] = mapped_column(BigInteger, default=0)


class ShowBuyer(_Seller, Base):
    __tablename__ = "show_buyers"
    __table_args__ = (
        UniqueConstraint(*BUYER_KEY, name="uq_show_buyers_key"),
        Index("ix_show_buyers_show_day", "show_id", "day"),
    )

    viewer_id: Mapped[str] = mapped_column(String(64))
    show_id: Mapped[int] = mapped_column(Integer)
    market_code: Mapped[str] = mapped_column(String(8))
    day: Mapped[date] = mapped_column(Date)
    orders: Mapped[int] = mapped_column(Integer, default=0)
    paid: Mapped[int] = mapped_column(Integer, default=0)
    kept: Mapped[int] = mapped_column(Integer, default=0)


class ShowBuyerCount(_Seller, Base):
    __tablename__ = "show_buyer_counts"
    __table_args__ = (UniqueConstraint(*COUNT_KEY, name="uq_show_buyer_counts_key"),)

    show_id: Mapped[int] = mapped_column(Integer)
    market_code: Mapped[str] = mapped_column(String(8))
    ordered: Mapped[int] = mapped_column(Integer, default=0)
    paid: Mapped[int] = mapped_column(Integer, default=0)
    kept: Mapped[int] = mapped_column(Integer, default=0)


class MarketBuyerCount(_Seller, Base):
    __tablename__ = "market_buyer_counts"
    __table_args__ = (UniqueConstraint(*MARKET_KEY, name="uq_market_buyer_counts_key"),)

    market_code: Mapped[str] = mapped_column(String(8))
    ordered: Mapped[int] = mapped_column(Integer, default=0)


def kept_order() -> ColumnElement[bool]:
    """Closed after its return window with no counted return other than an exchange."""
    refunded_return = exists().where(
        ReturnRequest.order_id == Order.id,
        ReturnRequest.status.in_(COUNTED_RETURNS),
        ReturnRequest.outcome != ReturnOutcome.EXCHANGE,
    )
    return and_(Order.status == OrderStatus.CLOSED, ~refunded_return)


def summed(conn: Connection | Session, where: ColumnElement[bool], day: Any) -> tuple[Sums, Sums]:
    """The order and buyer sums of the orders WHERE selects that have a show (DAY: how
    crosslive.insights.line_days turns a time into a day)."""
    query = select(
        *(Order.seller_id, Order.created_at, Order.show_id, Order.market_code, Order.currency),
        Order.viewer_id,
        Order.total_minor,
        Order.paid_at.is_not(None),
        kept_order(),
    ).where(Order.show_id.is_not(None), where)
    orders: Sums = {}
    buyers: Sums = {}
    for seller, created, show, market, currency, viewer, total, is_paid, is_kept in conn.execute(
        query.execution_options(yield_per=50_000)
    ):
        on = day(created)
        paid, kept = int(bool(is_paid)), int(bool(is_kept))
        into = orders.setdefault((seller, on, show, market, currency), [0, 0, 0, 0])
        into[0] += 1
        into[1] += paid
        into[2] += kept
        into[3] += int(total) * paid
        mine = buyers.setdefault((seller, viewer, show, market, on), [0, 0, 0])
        mine[0] += 1
        mine[1] += paid
        mine[2] += kept
    return orders, buyers


Flags = tuple[dict[tuple[Any, ...], list[bool]], dict[tuple[Any, ...], list[bool]]]


def _flags(conn: Connection, buyers: Iterable[tuple[Any, ...]]) -> Flags:
    """Whether each buyer of BUYERS (keys of show_buyers) has an order, a paid and a kept
    order per show and market (and EVERY_MARKET), and an order per store and market."""
    shows: dict[tuple[Any, ...], list[bool]] = {}
    markets: dict[tuple[Any, ...], list[bool]] = {}
    pairs = sorted({(key[0], key[1]) for key in buyers})
    b = ShowBuyer
    for i in range(0, len(pairs), 500):
        part = pairs[i : i + 500]
        query = (
            select(b.seller_id, b.viewer_id, b.show_id, b.market_code)
            .add_columns(func.sum(b.orders), func.sum(b.paid), func.sum(b.kept))
            .where(b.seller_id.in_({s for s, _ in part}), b.viewer_id.in_({v for _, v in part}))
            .group_by(b.seller_id, b.viewer_id, b.show_id, b.market_code)
        )
        for seller, viewer, show, market, *sums in conn.execute(query):
            if (seller, viewer) not in part:
                continue
            has = [int(n or 0) > 0 for n in sums]
            for m in (market, EVERY_MARKET):
                into = shows.setdefault((seller, show, m, viewer), [False] * 3)
                shows[(seller, show, m, viewer)] = [x or y for x, y in zip(into, has, strict=True)]
            mine = markets.setdefault((seller, market, viewer), [False])
            mine[0] = mine[0] or has[0]
    return shows, markets


def _moves(before: dict[Any, list[bool]], after: dict[Any, list[bool]], width: int) -> Sums:
    """How many buyers each count (the key without its last part, the viewer) gains or loses."""
    moves: Sums = {}
    for key in before.keys() | after.keys():
        old, new = before.get(key, [False] * width), after.get(key, [False] * width)
        if old != new:
            into = moves.setdefault(key[:-1], [0] * width)
            for i in range(width):
                into[i] += int(new[i]) - int(old[i])
    return moves


def _add(conn: Connection, model: Any, names: tuple[str, ...], sums: tuple[str, ...],
         key: tuple[Any, ...], values: list[int], sign: int) -> None:  # fmt: skip
    adds = {name: sign * n for name, n in zip(sums, values, strict=True)}
    add_to(conn, model.__table__, dict(zip(names, key, strict=True)), adds)


def apply_buyers(conn: Connection, buyers: Sums, sign: int) -> None:
    """Add (SIGN 1) or take away (SIGN -1) the buyer sums BUYERS, moving the counts of
    buyers whose first order is added or last one taken away. On PostgreSQL each buyer is
    locked first (until the transaction ends), so that two transactions adding their first
    orders in one show do not both count them; SQLite has one writer at a time."""
    if conn.dialect.name == "postgresql":
        for seller, viewer in sorted({(key[0], key[1]) for key in buyers}):
            name = literal(f"show_buyers:{seller}:{viewer}")
            conn.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(name, 0))))
    before = _flags(conn, buyers)
    for key, sums in buyers.items():
        _add(conn, ShowBuyer, BUYER_KEY, BUYER_SUMS, key, sums, sign)
    after = _flags(conn, buyers)
    for moved, model, names, sums_names in (
        (_moves(before[0], after[0], 3), ShowBuyerCount, COUNT_KEY, COUNT_SUMS),
        (_moves(before[1], after[1], 1), MarketBuyerCount, MARKET_KEY, MARKET_SUMS),
    ):
        for key, n in moved.items():
            if any(n):
                _add(conn, model, names, sums_names, key, n, 1)


def recount(db: Session, seller_id: int | None) -> None:
    """Recompute the buyer counts from `show_buyers` (of one store, or all), in SQL."""
    for model in (ShowBuyerCount, MarketBuyerCount):
        stmt = delete(model)
        db.execute(stmt if seller_id is None else stmt.where(model.seller_id == seller_id))
    b = ShowBuyer
    mine = b.seller_id == seller_id if seller_id is not None else b.id.is_not(None)
    for market, by in ((b.market_code, [b.market_code]), (literal(EVERY_MARKET), [])):
        per = (
            select(b.seller_id, b.show_id, market.label("market_code"), b.viewer_id)
            .add_columns(func.sum(b.paid).label("paid"), func.sum(b.kept).label("kept"))
            .where(mine)
            .group_by(b.seller_id, b.show_id, *by, b.viewer_id)
            .having(func.sum(b.orders) > 0)
            .subquery()
        )
        counted = select(
            *(per.c.seller_id, per.c.show_id, per.c.market_code, func.count()),
            func.sum(case((per.c.paid > 0, 1), else_=0)),
            func.sum(case((per.c.kept > 0, 1), else_=0)),
        ).group_by(per.c.seller_id, per.c.show_id, per.c.market_code)
        db.execute(insert(ShowBuyerCount).from_select([*COUNT_KEY, *COUNT_SUMS], counted))
    buyers = (
        select(b.seller_id, b.market_code, b.viewer_id)
        .where(mine)
        .group_by(b.seller_id, b.market_code, b.viewer_id)
        .having(func.sum(b.orders) > 0)
        .subquery()
    )
    counted = select(buyers.c.seller_id, buyers.c.market_code, func.count()).group_by(
        buyers.c.seller_id, buyers.c.market_code
    )
    db.execute(insert(MarketBuyerCount).from_select([*MARKET_KEY, *MARKET_SUMS], counted))


def insert_summed(db: Session, where: ColumnElement[bool]) -> None:
    """Insert the order and buyer sums of the orders WHERE selects that have a show, worked
    out in SQL as `summed` works them out (the rebuild; the counts follow from `recount`)."""
    o = Order
    each = (
        select(
            *(o.seller_id, o.show_id, o.market_code, o.currency, o.viewer_id),
            day_of(db, o.created_at).label("day"),
            o.total_minor.label("total"),
            case((o.paid_at.is_not(None), 1), else_=0).label("paid"),
            case((kept_order(), 1), else_=0).label("kept"),
        )
        .where(o.show_id.is_not(None), where)
        .subquery("each")
    )
    sums = (func.count(), func.sum(each.c.paid), func.sum(each.c.kept))
    key = [each.c[name] for name in ORDER_KEY]
    orders = select(*key, *sums, func.sum(each.c.total * each.c.paid)).group_by(*key)
    db.execute(insert(ShowOrderDay).from_select([*ORDER_KEY, *ORDER_SUMS], orders))
    key = [each.c[name] for name in BUYER_KEY]
    buyers = select(*key, *sums).group_by(*key)
    db.execute(insert(ShowBuyer).from_select([*BUYER_KEY, *BUYER_SUMS], buyers))
