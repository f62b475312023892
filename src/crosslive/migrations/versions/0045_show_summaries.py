"""insights: the Shows report's summaries: orders, paid, kept and revenue per order day, show,
market and currency (show_order_days), each show's buyers (show_buyers) and their counts
(show_buyer_counts, market_buyer_counts), and the chat per show (show_chat), back-filled
from the orders and messages already recorded

Revision ID: 0045
Revises: 0046
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0045"
down_revision: str | None = "0046"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ORDER_KEY = ("seller_id", "day", "show_id", "market_code", "currency")
BUYER_KEY = ("seller_id", "viewer_id", "show_id", "market_code", "day")
COUNT_KEY = ("seller_id", "show_id", "market_code")
COUNTED = "('REQUESTED', 'APPROVED', 'RECEIVED', 'REFUNDED', 'EXCHANGED')"
TABLES = ("show_order_days", "show_buyers", "show_buyer_counts", "market_buyer_counts")


def _count(name: str) -> sa.Column[Any]:
    return sa.Column(name, sa.Integer(), nullable=False)


def show() -> sa.Column[Any]:
    return sa.Column("show_id", sa.Integer(), nullable=False)


def market() -> sa.Column[Any]:
    return sa.Column("market_code", sa.String(length=8), nullable=False)


def _table(name: str, key: tuple[str, ...], *columns: sa.Column[Any]) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seller_id", sa.Integer(), nullable=False),
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
        "show_order_days", ORDER_KEY,
        sa.Column("day", sa.Date(), nullable=False), show(), market(),
        sa.Column("currency", sa.String(length=3), nullable=False),
        _count("orders"), _count("paid"), _count("kept"),
        sa.Column("revenue_minor", sa.BigInteger(), nullable=False),
    )  # fmt: skip
    _table(
        "show_buyers", BUYER_KEY,
        sa.Column("viewer_id", sa.String(length=64), nullable=False), show(), market(),
        sa.Column("day", sa.Date(), nullable=False),
        _count("orders"), _count("paid"), _count("kept"),
    )  # fmt: skip
    op.create_index("ix_show_buyers_show_day", "show_buyers", ["show_id", "day"], unique=False)
    _table(
        "show_buyer_counts", COUNT_KEY, show(), market(),
        _count("ordered"), _count("paid"), _count("kept"),
    )  # fmt: skip
    _table("market_buyer_counts", ("seller_id", "market_code"), market(), _count("ordered"))
    op.create_table(
        "show_chat",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("show_id", sa.Integer(), nullable=False),
        _count("messages"), _count("questions"), _count("answered"),
        sa.Column("answer_us", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["show_id"], ["shows.id"], name=op.f("fk_show_chat_show_id_shows"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_show_chat")),
        sa.UniqueConstraint("show_id", name=op.f("uq_show_chat_show_id")),
    )  # fmt: skip
    _backfill(op.get_bind().dialect.name == "postgresql")


def _backfill(postgresql: bool) -> None:
    """The sums the write hooks keep (crosslive.insights.show_days and show_chat as of this
    revision), in plain SQL. Enums are stored by name."""
    day = "CAST((o.created_at AT TIME ZONE 'UTC') AS date)" if postgresql else "date(o.created_at)"
    kept = (
        "CASE WHEN o.status = 'CLOSED' AND NOT EXISTS (SELECT 1 FROM return_requests r"
        f" WHERE r.order_id = o.id AND r.status IN {COUNTED} AND r.outcome <> 'EXCHANGE')"
        " THEN 1 ELSE 0 END"
    )
    orders = (
        f"(SELECT o.seller_id, {day} AS day, o.show_id, o.market_code, o.currency,"
        f" o.viewer_id, o.total_minor, CASE WHEN o.paid_at IS NULL THEN 0 ELSE 1 END AS paid,"
        f" {kept} AS kept FROM orders o WHERE o.show_id IS NOT NULL) AS x"
    )
    sums = "count(*), sum(paid), sum(kept)"
    op.execute(
        f"INSERT INTO show_order_days ({', '.join(ORDER_KEY)}, orders, paid, kept, revenue_minor)"
        f" SELECT {', '.join(ORDER_KEY)}, {sums}, sum(paid * total_minor) FROM {orders}"
        f" GROUP BY {', '.join(ORDER_KEY)}"
    )
    op.execute(
        f"INSERT INTO show_buyers ({', '.join(BUYER_KEY)}, orders, paid, kept)"
        f" SELECT {', '.join(BUYER_KEY)}, {sums} FROM {orders} GROUP BY {', '.join(BUYER_KEY)}"
    )
    for market, by in (("market_code", ", market_code"), ("'*'", "")):
        op.execute(
            "INSERT INTO show_buyer_counts (seller_id, show_id, market_code, ordered, paid, kept)"
            " SELECT seller_id, show_id, m, count(*), sum(CASE WHEN p > 0 THEN 1 ELSE 0 END),"
            " sum(CASE WHEN k > 0 THEN 1 ELSE 0 END) FROM (SELECT seller_id, show_id,"
            f" {market} AS m, viewer_id, sum(paid) AS p, sum(kept) AS k FROM show_buyers"
            f" GROUP BY seller_id, show_id{by}, viewer_id) AS b GROUP BY seller_id,"
            " show_id, m"
        )
    op.execute(
        "INSERT INTO market_buyer_counts (seller_id, market_code, ordered)"
        " SELECT seller_id, market_code, count(*) FROM (SELECT DISTINCT seller_id, market_code,"
        " viewer_id FROM show_buyers) AS b GROUP BY seller_id, market_code"
    )
    if postgresql:
        delay = "CAST(round(extract(epoch FROM answered_at - created_at) * 1000000) AS BIGINT)"
    else:
        delay = (
            "((strftime('%s', substr(answered_at, 1, 19))"
            " - strftime('%s', substr(created_at, 1, 19))) * 1000000"
            " + CAST(substr(answered_at, 21, 6) AS INTEGER)"
            " - CAST(substr(created_at, 21, 6) AS INTEGER))"
        )
    answered = "is_question AND answered_at IS NOT NULL"
    op.execute(
        "INSERT INTO show_chat (show_id, messages, questions, answered, answer_us)"
        " SELECT show_id, count(*), sum(CASE WHEN is_question THEN 1 ELSE 0 END),"
        f" sum(CASE WHEN {answered} THEN 1 ELSE 0 END),"
        f" coalesce(sum(CASE WHEN {answered} THEN {delay} ELSE 0 END), 0)"
        " FROM chat_messages WHERE NOT is_staff GROUP BY show_id"
    )


def downgrade() -> None:
    op.drop_table("show_chat")
    op.drop_index("ix_show_buyers_show_day", table_name="show_buyers")
    for name in TABLES:
        op.drop_index(f"ix_{name}_seller_id", table_name=name)
        op.drop_table(name)
