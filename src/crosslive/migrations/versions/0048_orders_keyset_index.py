"""orders: an index on (seller_id, created_at, id) for the keyset-paged order lists (the
admin page and the staff API), so a page reads one range of the index however many orders
the store holds

Revision ID: 0048
Revises: 0047
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0048"
down_revision: str | None = "0047"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_orders_seller_created_id", "orders", ["seller_id", "created_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_orders_seller_created_id", table_name="orders")
