"""Summaries of the delivered order lines and their counted returns per order day (UTC),
show, market, currency and variant, kept exact as orders, lines and returns are written: the
Returns and Economics reports read these instead of joining every order line to its order
and return.

- `order_line_days`: lines, units sold and their line totals;
- `order_return_days`: the same key and the return's reason and outcome: counted returns,
  returned units and their refund amounts.

Everything a report shows per product (title, category, size, unit cost) is looked up at
query time from the variant, so renaming a product or moving it to another category needs no
change here. A missing show, market or variant is stored as 0 and a missing reason or outcome
as '' (unique keys treat NULLs as distinct); the line's own product title is kept for lines
whose variant is gone. All sums are integers, so adding and taking away is exact. The
refunds and fit answers of the same orders (crosslive.insights.answer_days) are kept with
them.

The hooks (crosslive.insights.line_hooks) take an order's figures away before a write that
touches it and add them back after; bulk loads call `rebuild`, as does `crosslive insights
rebuild`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Connection,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    UniqueConstraint,
    and_,
    case,
    delete,
    func,
    insert,
    literal_column,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from crosslive.db import Base
from crosslive.insights import answer_days, show_days
from crosslive.insights.answer_days import FitAnswerDay, RefundDay, Sums
from crosslive.insights.scope import COUNTED_RETURNS
from crosslive.insights.show_days import ShowBuyer, ShowOrderDay
from crosslive.insights.sql_keys import enum_value
from crosslive.orders.models import Order, OrderLine
from crosslive.returns.models import ReturnOutcome, ReturnReason, ReturnRequest
from crosslive.summary_rows import add_to, day_of

LINE_KEY = (
    *("seller_id", "day", "show_id", "market_id", "market_code", "currency", "variant_id"),
    "line_title",
)
RETURN_KEY = (*LINE_KEY, "reason", "outcome")
# Per outcome, the line key's counted returns, returned units and refund amounts: the rates,
# outcomes and money read them here, so that only the table by reason reads ReturnDay.
OUTCOME_SUMS = tuple(
    f"{outcome.value}_{name}"
    for outcome in ReturnOutcome
    for name in ("returns", "units", "refund_minor")
)
LINE_SUMS = ("lines", "units", "revenue_minor", *OUTCOME_SUMS)
RETURN_SUMS = ("returns", "units", "refund_minor")
BATCH = 500  # orders per query when the hooks recompute some orders
OUTCOMES = [outcome.value for outcome in ReturnOutcome]


class _LineKeyColumns:
    """The columns of LINE_KEY, shared by the line and the return summaries."""

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    show_id: Mapped[int] = mapped_column(Integer)
    market_id: Mapped[int] = mapped_column(Integer)
    market_code: Mapped[str] = mapped_column(String(8))
    currency: Mapped[str] = mapped_column(String(3))
    variant_id: Mapped[int] = mapped_column(Integer)
    line_title: Mapped[str] = mapped_column(String(255))


class LineDay(_LineKeyColumns, Base):
    __tablename__ = "order_line_days"
    __table_args__ = (UniqueConstraint(*LINE_KEY, name="uq_order_line_days_key"),)

    lines: Mapped[int] = mapped_column(Integer, default=0)
    units: Mapped[int] = mapped_column(BigInteger, default=0)
    revenue_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    return_refund_returns: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    return_refund_units: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    return_refund_refund_minor: Mapped[int] = mapped_column(
        BigInteger, default=0, server_default="0"
    )
    exchange_returns: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    exchange_units: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    exchange_refund_minor: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    keep_it_returns: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    keep_it_units: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    keep_it_refund_minor: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


class ReturnDay(_LineKeyColumns, Base):
    __tablename__ = "order_return_days"
    __table_args__ = (UniqueConstraint(*RETURN_KEY, name="uq_order_return_days_key"),)

    reason: Mapped[str] = mapped_column(String(32))
    outcome: Mapped[str] = mapped_column(String(16))
    returns: Mapped[int] = mapped_column(Integer, default=0)
    units: Mapped[int] = mapped_column(BigInteger, default=0)
    refund_minor: Mapped[int] = mapped_column(BigInteger, default=0)


def _day(at: datetime) -> date:
    return (at if at.tzinfo is None else at.astimezone(UTC)).date()


def _text(value: Any) -> str:
    return "" if value is None else str(getattr(value, "value", value))


def _rows(where: ColumnElement[bool]) -> Any:
    """The delivered lines of the orders WHERE selects, each with its counted return."""
    counted = and_(
        ReturnRequest.order_line_id == OrderLine.id, ReturnRequest.status.in_(COUNTED_RETURNS)
    )
    return (
        select(
            *(Order.seller_id, Order.created_at, Order.show_id, Order.market_id),
            *(Order.market_code, Order.currency, OrderLine.variant_id, OrderLine.product_title),
            OrderLine.quantity,
            OrderLine.line_total_minor,
            *(ReturnRequest.id, ReturnRequest.quantity, ReturnRequest.reason),
            ReturnRequest.outcome,
            ReturnRequest.refund_minor,
        )
        .select_from(OrderLine)
        .join(Order, Order.id == OrderLine.order_id)
        .outerjoin(ReturnRequest, counted)
        .where(Order.delivered_at.is_not(None), where)
    )


def summed(conn: Connection | Session, where: ColumnElement[bool]) -> tuple[Sums, Sums]:
    """The line and return sums of the delivered lines of the orders WHERE selects."""
    lines: Sums = {}
    returns: Sums = {}
    result = conn.execute(_rows(where).execution_options(yield_per=50_000))
    for row in result:
        (seller, created, show, market_id, market, currency, variant, title, qty, total) = row[:10]
        return_id, returned, reason, outcome, refund = row[10:]
        key: tuple[Any, ...] = (seller, _day(created), show or 0, market_id or 0, market or "")
        key += (currency, variant or 0, title or "")
        into = lines.setdefault(key, [0] * len(LINE_SUMS))
        into[0] += 1
        into[1] += int(qty)
        into[2] += int(total)
        if return_id is not None:
            more = returns.setdefault((*key, _text(reason), _text(outcome)), [0, 0, 0])
            more[0] += 1
            more[1] += int(returned)
            more[2] += int(refund)
            at = 3 + 3 * OUTCOMES.index(_text(outcome))
            into[at] += 1
            into[at + 1] += int(returned)
            into[at + 2] += int(refund)
    return lines, returns


Found = list[tuple[Any, tuple[str, ...], tuple[str, ...], Sums]]


def _all(conn: Connection | Session, where: ColumnElement[bool]) -> Found:
    """Every summary's model, key, sums and the sums of the orders WHERE selects."""
    lines, returns = summed(conn, where)
    refunds, answers = answer_days.summed(conn, where, _day, _text)
    orders, buyers = show_days.summed(conn, where, _day)
    return [
        (LineDay, LINE_KEY, LINE_SUMS, lines),
        (ReturnDay, RETURN_KEY, RETURN_SUMS, returns),
        (RefundDay, answer_days.REFUND_KEY, answer_days.REFUND_SUMS, refunds),
        (FitAnswerDay, answer_days.FIT_KEY, answer_days.FIT_SUMS, answers),
        (ShowOrderDay, show_days.ORDER_KEY, show_days.ORDER_SUMS, orders),
        (ShowBuyer, show_days.BUYER_KEY, show_days.BUYER_SUMS, buyers),
    ]


def apply(conn: Connection, order_ids: Iterable[int], sign: int) -> None:
    """Add (SIGN 1) or take away (SIGN -1) the figures of the orders ORDER_IDS as they are in
    the database now. Before taking away, PostgreSQL locks the orders, so that another
    transaction changing them waits for this one and then reads what it left."""
    ids = sorted(set(order_ids))
    for i in range(0, len(ids), BATCH):
        batch = Order.id.in_(ids[i : i + BATCH])
        if sign < 0 and conn.dialect.name == "postgresql":
            conn.execute(select(Order.id).where(batch).order_by(Order.id).with_for_update())
        for model, key_names, sum_names, found in _all(conn, batch):
            if model is ShowBuyer:  # distinct buyers: their counts move too
                show_days.apply_buyers(conn, found, sign)
                continue
            for key, sums in found.items():
                _upsert(conn, model.__table__, key_names, sum_names, key, sums, sign)


def _upsert(
    conn: Connection,
    table: Table,
    names: tuple[str, ...],
    sum_names: tuple[str, ...],
    key: tuple[Any, ...],
    sums: list[int],
    sign: int,
) -> None:
    adds = {name: sign * n for name, n in zip(sum_names, sums, strict=True)}
    add_to(conn, table, dict(zip(names, key, strict=True)), adds)


def rebuild(db: Session, seller_id: int | None = None) -> int:
    """Recompute the summaries from the orders, lines, returns, refunds and fit answers (of
    one store, or all) with one INSERT ... SELECT ... GROUP BY per table, the keys and sums
    worked out in SQL exactly as `summed` and the hooks work them out; returns how many
    delivered lines were summed."""
    for model in (LineDay, ReturnDay, RefundDay, FitAnswerDay, ShowOrderDay, ShowBuyer):
        stmt = delete(model)
        db.execute(stmt if seller_id is None else stmt.where(model.seller_id == seller_id))
    where = Order.seller_id == seller_id if seller_id is not None else Order.id.is_not(None)
    _insert_summed(db, where)
    answer_days.insert_summed(db, where)
    show_days.insert_summed(db, where)
    show_days.recount(db, seller_id)
    total = select(func.coalesce(func.sum(LineDay.lines), 0))
    if seller_id is not None:
        total = total.where(LineDay.seller_id == seller_id)
    return int(db.scalar(total) or 0)


def _insert_summed(db: Session, where: ColumnElement[bool]) -> None:
    """The line and return sums of the delivered lines of the orders WHERE selects, as
    `summed` makes them: one per line and counted return."""
    o, line, r = Order, OrderLine, ReturnRequest
    counted = and_(r.order_line_id == line.id, r.status.in_(COUNTED_RETURNS))
    each = (
        select(
            o.seller_id.label("seller_id"),
            day_of(db, o.created_at).label("day"),
            func.coalesce(o.show_id, 0).label("show_id"),
            func.coalesce(o.market_id, 0).label("market_id"),
            func.coalesce(o.market_code, "").label("market_code"),
            o.currency.label("currency"),
            func.coalesce(line.variant_id, 0).label("variant_id"),
            func.coalesce(line.product_title, "").label("line_title"),
            line.quantity.label("quantity"),
            line.line_total_minor.label("total"),
            r.id.label("return_id"),
            r.quantity.label("returned"),
            enum_value(r.reason, ReturnReason).label("reason"),
            enum_value(r.outcome, ReturnOutcome).label("outcome"),
            r.refund_minor.label("refund"),
        )
        .select_from(line)
        .join(o, o.id == line.order_id)
        .outerjoin(r, counted)
        .where(o.delivered_at.is_not(None), where)
        .subquery("each")
    )
    key = [each.c[name] for name in LINE_KEY]
    per_outcome = []
    for outcome in OUTCOMES:
        mine = and_(each.c.return_id.is_not(None), each.c.outcome == outcome)
        for value in (literal_column("1"), each.c.returned, each.c.refund):
            per_outcome.append(func.sum(case((mine, value), else_=literal_column("0"))))
    lines = select(*key, func.count(), func.sum(each.c.quantity), func.sum(each.c.total))
    lines = lines.add_columns(*per_outcome).group_by(*key)
    db.execute(insert(LineDay).from_select([*LINE_KEY, *LINE_SUMS], lines))
    key = [each.c[name] for name in RETURN_KEY]
    returns = select(*key, func.count(), func.sum(each.c.returned), func.sum(each.c.refund))
    returns = returns.where(each.c.return_id.is_not(None)).group_by(*key)
    db.execute(insert(ReturnDay).from_select([*RETURN_KEY, *RETURN_SUMS], returns))
