"""Summaries of the refunds and the follow-up fit answers of the orders, per order day (UTC),
show and market, kept with the order-line summaries (crosslive.insights.line_days: the same
hooks, rebuild and migration) for the Returns report's `refunds` and `fit_answers`:

- `order_refund_days`: per refund currency, the refunds issued and their sum;
- `fit_answer_days`: per product (the answer's), size and verdict, the buyers' answers to
  "How does it fit?" (follow-up answers only).

Both count every order, delivered or not, as the reports do.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Connection,
    Date,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    func,
    insert,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from crosslive.db import Base
from crosslive.fit.models import FitFeedback, FitSource, FitVerdict
from crosslive.insights.sql_keys import enum_value
from crosslive.orders.models import Order, OrderLine, Refund
from crosslive.summary_rows import day_of

ORDER_KEY = ("seller_id", "day", "show_id", "market_code")
REFUND_KEY = (*ORDER_KEY, "currency")
FIT_KEY = (*ORDER_KEY, "product_id", "size", "verdict")
REFUND_SUMS = ("refunds", "amount_minor")
FIT_SUMS = ("answers",)

Sums = dict[tuple[Any, ...], list[int]]


class OrderDayColumns:
    """The columns of ORDER_KEY, which every per-order-day summary's key starts with."""

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    show_id: Mapped[int] = mapped_column(Integer)
    market_code: Mapped[str] = mapped_column(String(8))


class RefundDay(OrderDayColumns, Base):
    __tablename__ = "order_refund_days"
    __table_args__ = (UniqueConstraint(*REFUND_KEY, name="uq_order_refund_days_key"),)

    currency: Mapped[str] = mapped_column(String(3))
    refunds: Mapped[int] = mapped_column(Integer, default=0)
    amount_minor: Mapped[int] = mapped_column(BigInteger, default=0)


class FitAnswerDay(OrderDayColumns, Base):
    __tablename__ = "fit_answer_days"
    __table_args__ = (UniqueConstraint(*FIT_KEY, name="uq_fit_answer_days_key"),)

    product_id: Mapped[int] = mapped_column(Integer)
    size: Mapped[str] = mapped_column(String(32))
    verdict: Mapped[str] = mapped_column(String(8))
    answers: Mapped[int] = mapped_column(Integer, default=0)


def summed(
    conn: Connection | Session, where: ColumnElement[bool], day: Any, text: Any
) -> tuple[Sums, Sums]:
    """The refund and fit-answer sums of the orders WHERE selects (DAY and TEXT: how
    crosslive.insights.line_days turns a time into a day and an enum into its value)."""
    order = (Order.seller_id, Order.created_at, Order.show_id, Order.market_code)
    refunds: Sums = {}
    refund_query = (
        select(*order, Refund.currency, Refund.amount_minor)
        .select_from(Refund)
        .join(Order, Order.id == Refund.order_id)
    )
    for seller, created, show, market, currency, amount in conn.execute(refund_query.where(where)):
        into = refunds.setdefault((seller, day(created), show or 0, market or "", currency), [0, 0])
        into[0] += 1
        into[1] += int(amount)
    answers: Sums = {}
    answer_query = (
        select(*order, FitFeedback.product_id, FitFeedback.size, FitFeedback.verdict)
        .select_from(FitFeedback)
        .join(OrderLine, OrderLine.id == FitFeedback.order_line_id)
        .join(Order, Order.id == OrderLine.order_id)
        .where(FitFeedback.source == FitSource.FOLLOW_UP)
    )
    for seller, created, show, market, product, size, verdict in conn.execute(
        answer_query.where(where)
    ):
        key = (seller, day(created), show or 0, market or "", product, size, text(verdict))
        answers.setdefault(key, [0])[0] += 1
    return refunds, answers


def insert_summed(db: Session, where: ColumnElement[bool]) -> None:
    """Insert the refund and fit-answer sums of the orders WHERE selects, worked out in SQL
    as `summed` works them out (the rebuild)."""
    o = Order
    order = (
        o.seller_id.label("seller_id"),
        day_of(db, o.created_at).label("day"),
        func.coalesce(o.show_id, 0).label("show_id"),
        func.coalesce(o.market_code, "").label("market_code"),
    )
    each = (
        select(*order, Refund.currency.label("currency"), Refund.amount_minor.label("amount"))
        .select_from(Refund)
        .join(o, o.id == Refund.order_id)
        .where(where)
        .subquery("each")
    )
    key = [each.c[name] for name in REFUND_KEY]
    refunds = select(*key, func.count(), func.sum(each.c.amount)).group_by(*key)
    db.execute(insert(RefundDay).from_select([*REFUND_KEY, *REFUND_SUMS], refunds))
    f = FitFeedback
    each = (
        select(*order, f.product_id.label("product_id"), f.size.label("size"))
        .add_columns(enum_value(f.verdict, FitVerdict).label("verdict"))
        .select_from(f)
        .join(OrderLine, OrderLine.id == f.order_line_id)
        .join(o, o.id == OrderLine.order_id)
        .where(f.source == FitSource.FOLLOW_UP, where)
        .subquery("each")
    )
    key = [each.c[name] for name in FIT_KEY]
    answers = select(*key, func.count()).group_by(*key)
    db.execute(insert(FitAnswerDay).from_select([*FIT_KEY, *FIT_SUMS], answers))
