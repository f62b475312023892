"""insights: the size advisor's delivered lines and returned lines per order day, show,
market, variant and advised size (order_advice_days), and the watchers of each show grouped
by market, credential types seen and order days (watcher_groups), back-filled from what is
recorded

Revision ID: 0044
Revises: 0045
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0044"
down_revision: str | None = "0045"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ADVICE_KEY: tuple[str, ...] = ("seller_id", "day", "show_id", "market_code", "variant_id")
ADVICE_KEY += ("advised", "advised_size")
WATCHER_KEY = ("seller_id", "show_id", "market_filter", "market_code", "seen", "order_days")


def _seller(name: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["seller_id"], ["sellers.id"], name=op.f(f"fk_{name}_seller_id_sellers"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "order_advice_days",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seller_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("show_id", sa.Integer(), nullable=False),
        sa.Column("market_code", sa.String(length=8), nullable=False),
        sa.Column("variant_id", sa.Integer(), nullable=False),
        sa.Column("advised", sa.Integer(), nullable=False),
        sa.Column("advised_size", sa.String(length=64), nullable=False),
        sa.Column("lines", sa.Integer(), nullable=False),
        sa.Column("returned", sa.Integer(), nullable=False),
        _seller("order_advice_days"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_advice_days")),
        sa.UniqueConstraint(*ADVICE_KEY, name=op.f("uq_order_advice_days_key")),
    )
    op.create_index(
        "ix_order_advice_days_seller_id", "order_advice_days", ["seller_id"], unique=False
    )
    op.create_table(
        "watcher_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seller_id", sa.Integer(), nullable=False),
        sa.Column("show_id", sa.Integer(), nullable=False),
        sa.Column("market_filter", sa.String(length=8), nullable=False),
        sa.Column("market_code", sa.String(length=8), nullable=False),
        sa.Column("seen", sa.Text(), nullable=False),
        sa.Column("order_days", sa.Text(), nullable=False),
        sa.Column("viewers", sa.Integer(), nullable=False),
        _seller("watcher_groups"),
        sa.ForeignKeyConstraint(
            ["show_id"], ["shows.id"], name=op.f("fk_watcher_groups_show_id_shows"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watcher_groups")),
        sa.UniqueConstraint(*WATCHER_KEY, name=op.f("uq_watcher_groups_key")),
    )  # fmt: skip
    op.create_index("ix_watcher_groups_seller_id", "watcher_groups", ["seller_id"], unique=False)
    _backfill_advice(op.get_bind())
    _backfill_watchers(op.get_bind())


def downgrade() -> None:
    for name in ("watcher_groups", "order_advice_days"):
        op.drop_index(f"ix_{name}_seller_id", table_name=name)
        op.drop_table(name)


# The back-fills carry their own copy of the tables and of the sums the write hooks keep
# (crosslive.insights.advice_days and watcher_groups as of this revision), so that this
# migration keeps working whatever the application code becomes.
ORDERS = sa.table(
    "orders",
    *(sa.column(name, sa.Integer()) for name in ("id", "seller_id", "show_id")),
    *(sa.column(name, sa.String()) for name in ("market_code", "viewer_id")),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("delivered_at", sa.DateTime(timezone=True)),
)
LINES = sa.table(
    "order_lines",
    *(sa.column(name, sa.Integer()) for name in ("id", "order_id", "variant_id")),
    sa.column("advised_size", sa.String()),
)
RETURNS = sa.table(
    "return_requests",
    *(sa.column(name, sa.Integer()) for name in ("order_line_id", "quantity")),
    sa.column("status", sa.String()),
)
COUNTED = ("REQUESTED", "APPROVED", "RECEIVED", "REFUNDED", "EXCHANGED")
SESSIONS = sa.table(
    "viewer_sessions",
    *(sa.column(name, sa.Integer()) for name in ("seller_id", "show_id")),
    *(sa.column(name, sa.String()) for name in ("viewer_id", "market_code")),
)
ACTIONS = sa.table(
    "viewer_actions",
    *(sa.column(name, sa.Integer()) for name in ("seller_id", "show_id")),
    *(sa.column(name, sa.String()) for name in ("viewer_id", "kind", "detail")),
)
SHOWS = sa.table("shows", sa.column("id", sa.Integer()))
ADVICE_DAYS = sa.table(
    "order_advice_days", *(sa.column(n) for n in (*ADVICE_KEY, "lines", "returned"))
)
WATCHER_GROUPS = sa.table("watcher_groups", *(sa.column(n) for n in (*WATCHER_KEY, "viewers")))


def _day(at: datetime) -> date:
    return (at if at.tzinfo is None else at.astimezone(UTC)).date()


def _insert(conn: sa.Connection, table: Any, found: dict[Any, Any]) -> None:
    names = [c.name for c in table.columns]
    rows = [
        dict(zip(names, (*k, *(s if isinstance(s, list) else [s])), strict=True))
        for k, s in found.items()
    ]
    for i in range(0, len(rows), 10_000):
        conn.execute(sa.insert(table), rows[i : i + 10_000])


def _backfill_advice(conn: sa.Connection) -> None:
    o, line, r = ORDERS.c, LINES.c, RETURNS.c
    counted = sa.and_(r.order_line_id == line.id, r.status.in_(COUNTED))
    query = (
        sa.select(
            o.seller_id, o.created_at, o.show_id, o.market_code, line.variant_id,
            line.advised_size, r.quantity,
        )
        .select_from(LINES.join(ORDERS, o.id == line.order_id).outerjoin(RETURNS, counted))
        .where(o.delivered_at.is_not(None))
    )  # fmt: skip
    found: dict[tuple[Any, ...], list[int]] = {}
    for seller, created, show, market, variant, advised, returned in conn.execute(
        query.execution_options(yield_per=50_000)
    ):
        advice = (0, "") if advised is None else (1, advised)
        key = (seller, _day(created), show or 0, market or "", variant or 0, *advice)
        into = found.setdefault(key, [0, 0])
        into[0] += 1
        into[1] += returned is not None
    _insert(conn, ADVICE_DAYS, found)


def _joined(values: Any) -> str:
    return ",".join(sorted({str(v) for v in values}))


def _backfill_watchers(conn: sa.Connection) -> None:
    """Per show: each watcher's markets, credential types seen and order days."""
    s, a, o = SESSIONS.c, ACTIONS.c, ORDERS.c
    for show_id in list(conn.scalars(sa.select(SHOWS.c.id))):
        markets: dict[tuple[Any, str], set[str]] = {}
        query = sa.select(s.seller_id, s.viewer_id, s.market_code)
        for seller, viewer, market in conn.execute(
            query.where(s.show_id == show_id, s.viewer_id.is_not(None))
        ):
            markets.setdefault((seller, viewer), set()).add(market or "")
        seen: dict[tuple[Any, str], set[str]] = {}
        query = sa.select(a.seller_id, a.viewer_id, a.detail)
        for seller, viewer, detail in conn.execute(
            query.where(a.show_id == show_id, a.kind == "credential_seen")
        ):
            seen.setdefault((seller, viewer), set()).add(detail or "")
        orders: dict[tuple[Any, str], list[tuple[str, date]]] = {}
        query = sa.select(o.seller_id, o.viewer_id, o.market_code, o.created_at)
        for row in conn.execute(query.where(o.show_id == show_id)):
            orders.setdefault((row[0], row[1]), []).append((row[2] or "", _day(row[3])))
        found: Counter[tuple[Any, ...]] = Counter()
        for (seller, viewer), codes in markets.items():
            types = _joined(seen.get((seller, viewer), ()))
            bought = orders.get((seller, viewer), [])
            days = _joined(day for _, day in bought)
            found[(seller, show_id, "*", min(codes), types, days)] += 1
            for code in codes:
                days = _joined(day for m, day in bought if m == code)
                found[(seller, show_id, code, code, types, days)] += 1
        _insert(conn, WATCHER_GROUPS, dict(found))
