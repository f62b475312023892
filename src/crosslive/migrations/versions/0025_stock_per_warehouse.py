"""stock per warehouse: where a variant's units sit, and where a line or exchange took them

Revision ID: 0025
Revises: 0023
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "warehouse_stock",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("variant_id", sa.Integer(), nullable=False),
        sa.Column("warehouse_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["variant_id"],
            ["variants.id"],
            name=op.f("fk_warehouse_stock_variant_id_variants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["warehouse_id"],
            ["warehouses.id"],
            name=op.f("fk_warehouse_stock_warehouse_id_warehouses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_warehouse_stock")),
        sa.UniqueConstraint(
            "variant_id", "warehouse_id", name=op.f("uq_warehouse_stock_variant_id_warehouse_id")
        ),
    )
    with op.batch_alter_table("warehouse_stock", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_warehouse_stock_variant_id"), ["variant_id"], unique=False
        )

    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.add_column(sa.Column("warehouse_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_order_lines_warehouse_id_warehouses"),
            "warehouses",
            ["warehouse_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("return_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("exchange_warehouse_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_return_requests_exchange_warehouse_id_warehouses"),
            "warehouses",
            ["exchange_warehouse_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("return_requests", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_return_requests_exchange_warehouse_id_warehouses"), type_="foreignkey"
        )
        batch_op.drop_column("exchange_warehouse_id")

    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_order_lines_warehouse_id_warehouses"), type_="foreignkey"
        )
        batch_op.drop_column("warehouse_id")

    with op.batch_alter_table("warehouse_stock", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_warehouse_stock_variant_id"))

    op.drop_table("warehouse_stock")
