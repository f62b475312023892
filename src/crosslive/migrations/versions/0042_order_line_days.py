"""insights: the delivered order lines (order_line_days) and their counted returns
(order_return_days) summed per order day, show, market, currency and variant (and the
return's reason and outcome), the refunds (order_refund_days) and follow-up fit answers
(fit_answer_days) per order day, show and market, back-filled from what is recorded

Revision ID: 0042
Revises: 0035
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0042"
down_revision: str | None = "0035"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LINE_KEY = (
    *("seller_id", "day", "show_id", "market_id", "market_code", "currency", "variant_id"),
    "line_title",
)
RETURN_KEY = (*LINE_KEY, "reason", "outcome")


REFUND_KEY = ("seller_id", "day", "show_id", "market_code", "currency")
FIT_KEY = ("seller_id", "day", "show_id", "market_code", "product_id", "size", "verdict")


def _line_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("market_id", sa.Integer(), nullable=False),
        sa.Column("market_code", sa.String(length=8), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("variant_id", sa.Integer(), nullable=False),
        sa.Column("line_title", sa.String(length=255), nullable=False),
    ]


def _table(name: str, key: tuple[str, ...], *columns: sa.Column[Any]) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seller_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("show_id", sa.Integer(), nullable=False),
        *columns,
        sa.ForeignKeyConstraint(
            ["seller_id"], ["sellers.id"], name=op.f(f"fk_{name}_seller_id_sellers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
        sa.UniqueConstraint(*key, name=op.f(f"uq_{name}_key")),
    )  # fmt: skip
    op.create_index(f"ix_{name}_seller_id", name, ["seller_id"], unique=False)


def upgrade() -> None:
    _table(
        "order_line_days",
        LINE_KEY,
        *_line_columns(),
        sa.Column("lines", sa.Integer(), nullable=False),
        sa.Column("units", sa.BigInteger(), nullable=False),
        sa.Column("revenue_minor", sa.BigInteger(), nullable=False),
    )
    _table(
        "order_return_days",
        RETURN_KEY,
        *_line_columns(),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("returns", sa.Integer(), nullable=False),
        sa.Column("units", sa.BigInteger(), nullable=False),
        sa.Column("refund_minor", sa.BigInteger(), nullable=False),
    )
    _table(
        "order_refund_days",
        REFUND_KEY,
        sa.Column("market_code", sa.String(length=8), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("refunds", sa.Integer(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
    )
    _table(
        "fit_answer_days",
        FIT_KEY,
        sa.Column("market_code", sa.String(length=8), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("size", sa.String(length=32), nullable=False),
        sa.Column("verdict", sa.String(length=8), nullable=False),
        sa.Column("answers", sa.Integer(), nullable=False),
    )
    _backfill(op.get_bind())
    _backfill_answers(op.get_bind())


# The back-fill carries its own copy of the tables and of the sums the write hooks keep
# (crosslive.insights.line_days as of this revision), so that this migration keeps working
# whatever the application code becomes. Enums are stored by name; the summaries keep the
# value, which is the name in lower case for every reason, outcome and fit verdict.
ORDERS = sa.table(
    "orders",
    *(sa.column(name, sa.Integer()) for name in ("id", "seller_id", "show_id", "market_id")),
    *(sa.column(name, sa.String()) for name in ("market_code", "currency")),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("delivered_at", sa.DateTime(timezone=True)),
)
LINES = sa.table(
    "order_lines",
    *(sa.column(name, sa.Integer()) for name in ("id", "order_id", "variant_id", "quantity")),
    sa.column("line_total_minor", sa.BigInteger()),
    sa.column("product_title", sa.String()),
)
RETURNS = sa.table(
    "return_requests",
    *(sa.column(name, sa.Integer()) for name in ("id", "order_line_id", "quantity")),
    *(sa.column(name, sa.String()) for name in ("status", "reason", "outcome")),
    sa.column("refund_minor", sa.BigInteger()),
)
COUNTED = ("REQUESTED", "APPROVED", "RECEIVED", "REFUNDED", "EXCHANGED")
LINE_DAYS = sa.table(
    "order_line_days", *(sa.column(n) for n in (*LINE_KEY, "lines", "units", "revenue_minor"))
)
RETURN_DAYS = sa.table(
    "order_return_days",
    *(sa.column(n) for n in (*RETURN_KEY, "returns", "units", "refund_minor")),
)


def _day(at: datetime) -> date:
    return (at if at.tzinfo is None else at.astimezone(UTC)).date()


def _backfill(conn: sa.Connection) -> None:
    """Sum the delivered lines and their counted returns as the write hooks would have;
    reads in batches."""
    o, line, r = ORDERS.c, LINES.c, RETURNS.c
    counted = sa.and_(r.order_line_id == line.id, r.status.in_(COUNTED))
    query = (
        sa.select(
            o.seller_id, o.created_at, o.show_id, o.market_id, o.market_code, o.currency,
            line.variant_id, line.product_title, line.quantity, line.line_total_minor,
            r.id, r.quantity, r.reason, r.outcome, r.refund_minor,
        )
        .select_from(LINES.join(ORDERS, o.id == line.order_id).outerjoin(RETURNS, counted))
        .where(o.delivered_at.is_not(None))
    )  # fmt: skip
    lines: dict[tuple[Any, ...], list[int]] = {}
    returns: dict[tuple[Any, ...], list[int]] = {}
    for row in conn.execute(query.execution_options(yield_per=50_000)):
        (seller, created, show, market_id, market, currency, variant, title, qty, total) = row[:10]
        return_id, returned, reason, outcome, refund = row[10:]
        key: tuple[Any, ...] = (seller, _day(created), show or 0, market_id or 0, market or "")
        key += (currency, variant or 0, title or "")
        into = lines.setdefault(key, [0, 0, 0])
        for i, n in enumerate((1, qty, total)):
            into[i] += int(n)
        if return_id is not None:
            more = (*key, str(reason or "").lower(), str(outcome or "").lower())
            into = returns.setdefault(more, [0, 0, 0])
            for i, n in enumerate((1, returned, refund)):
                into[i] += int(n)
    for table, found in ((LINE_DAYS, lines), (RETURN_DAYS, returns)):
        names = [c.name for c in table.columns]
        rows = [dict(zip(names, (*k, *s), strict=True)) for k, s in found.items()]
        for i in range(0, len(rows), 10_000):
            conn.execute(sa.insert(table), rows[i : i + 10_000])


REFUNDS = sa.table(
    "refunds",
    sa.column("order_id", sa.Integer()),
    sa.column("currency", sa.String()),
    sa.column("amount_minor", sa.BigInteger()),
)
ANSWERS = sa.table(
    "fit_feedback",
    *(sa.column(name, sa.Integer()) for name in ("order_line_id", "product_id")),
    *(sa.column(name, sa.String()) for name in ("size", "verdict", "source")),
)
REFUND_DAYS = sa.table(
    "order_refund_days", *(sa.column(n) for n in (*REFUND_KEY, "refunds", "amount_minor"))
)
ANSWER_DAYS = sa.table("fit_answer_days", *(sa.column(n) for n in (*FIT_KEY, "answers")))


def _backfill_answers(conn: sa.Connection) -> None:
    """Sum the refunds and the follow-up fit answers of every order."""
    o = ORDERS.c
    order = (o.seller_id, o.created_at, o.show_id, o.market_code)
    refunds: dict[tuple[Any, ...], list[int]] = {}
    query = sa.select(*order, REFUNDS.c.currency, REFUNDS.c.amount_minor).select_from(
        REFUNDS.join(ORDERS, o.id == REFUNDS.c.order_id)
    )
    for seller, created, show, market, currency, amount in conn.execute(query):
        into = refunds.setdefault(
            (seller, _day(created), show or 0, market or "", currency), [0, 0]
        )
        into[0] += 1
        into[1] += int(amount)
    answers: dict[tuple[Any, ...], list[int]] = {}
    a = ANSWERS.c
    query = (
        sa.select(*order, a.product_id, a.size, a.verdict)
        .select_from(
            ANSWERS.join(LINES, LINES.c.id == a.order_line_id).join(
                ORDERS, o.id == LINES.c.order_id
            )
        )
        .where(a.source == "FOLLOW_UP")
    )
    for row in conn.execute(query):
        values: tuple[Any, ...] = tuple(row)
        seller, created, show, market, product, size, verdict = values
        key = (seller, _day(created), show or 0, market or "", product, size)
        answers.setdefault((*key, str(verdict).lower()), [0])[0] += 1
    for table, found in ((REFUND_DAYS, refunds), (ANSWER_DAYS, answers)):
        names = [c.name for c in table.columns]
        rows = [dict(zip(names, (*k, *s), strict=True)) for k, s in found.items()]
        for i in range(0, len(rows), 10_000):
            conn.execute(sa.insert(table), rows[i : i + 10_000])


def downgrade() -> None:
    op.drop_index("ix_fit_answer_days_seller_id", table_name="fit_answer_days")
    op.drop_table("fit_answer_days")
    op.drop_index("ix_order_refund_days_seller_id", table_name="order_refund_days")
    op.drop_table("order_refund_days")
    op.drop_index("ix_order_return_days_seller_id", table_name="order_return_days")
    op.drop_table("order_return_days")
    op.drop_index("ix_order_line_days_seller_id", table_name="order_line_days")
    op.drop_table("order_line_days")
