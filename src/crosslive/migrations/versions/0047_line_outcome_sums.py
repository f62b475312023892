"""insights: the order-line summaries (order_line_days) carry their counted returns per
outcome (returns, returned units, refunds), back-filled from order_return_days, so that the
Returns and Economics reports read one row per line key instead of one per reason too

Revision ID: 0047
Revises: 0044
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0047"
down_revision: str | None = "0044"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The outcomes as the summaries store them (their values) and each one's three sums.
OUTCOMES = ("return_refund", "exchange", "keep_it")
SUMS = (("returns", sa.Integer), ("units", sa.BigInteger), ("refund_minor", sa.BigInteger))
LINE_KEY = (
    *("seller_id", "day", "show_id", "market_id", "market_code", "currency", "variant_id"),
    "line_title",
)


def upgrade() -> None:
    with op.batch_alter_table("order_line_days") as batch:
        for outcome in OUTCOMES:
            for name, kind in SUMS:
                batch.add_column(
                    sa.Column(f"{outcome}_{name}", kind(), server_default="0", nullable=False)
                )
    same_key = " AND ".join(f"r.{name} = d.{name}" for name in LINE_KEY)
    for outcome in OUTCOMES:
        targets = ", ".join(f"{outcome}_{name}" for name, _ in SUMS)
        sums = ", ".join(f"coalesce(sum(r.{name}), 0)" for name, _ in SUMS)
        op.execute(
            f"UPDATE order_line_days AS d SET ({targets}) = (SELECT {sums}"
            f" FROM order_return_days AS r WHERE {same_key} AND r.outcome = '{outcome}')"
        )


def downgrade() -> None:
    with op.batch_alter_table("order_line_days") as batch:
        for outcome in OUTCOMES:
            for name, _ in SUMS:
                batch.drop_column(f"{outcome}_{name}")
