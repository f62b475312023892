"""order totals, line totals and payment amounts are BIGINT

Thirty lines of 99 units at the largest price crosslive takes pass what a 32-bit INTEGER
holds on PostgreSQL; unit prices stay INTEGER.

Revision ID: 0009
Revises: 0004
Create Date: 2026-12-03 14:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = {
    "orders": ("subtotal_minor", "shipping_minor", "total_minor"),
    "order_lines": ("line_total_minor",),
    "payments": ("amount_minor",),
}


def _retype(old: sa.types.TypeEngine[int], new: sa.types.TypeEngine[int]) -> None:
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.alter_column(column, existing_type=old, type_=new)


def upgrade() -> None:
    _retype(sa.Integer(), sa.BigInteger())


def downgrade() -> None:
    _retype(sa.BigInteger(), sa.Integer())
