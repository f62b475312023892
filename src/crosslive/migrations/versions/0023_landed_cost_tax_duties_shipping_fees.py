"""landed cost: tax and duty settings, shipping fees, the order breakdown

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "landed_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seller_id", sa.Integer(), nullable=False),
        sa.Column("market_id", sa.Integer(), nullable=False),
        sa.Column("taxes", sa.Boolean(), nullable=False),
        sa.Column(
            "regime",
            sa.Enum("DDP", "DAP", name="regime", native_enum=False, length=4),
            nullable=False,
        ),
        sa.Column("de_minimis_minor", sa.BigInteger(), nullable=False),
        sa.Column("ioss_number", sa.String(length=32), nullable=False),
        sa.Column("sales_tax_bp", sa.Integer(), nullable=False),
        sa.Column("duty_bp", sa.JSON(), nullable=False),
        sa.Column("reduced_categories", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["market_id"],
            ["markets.id"],
            name=op.f("fk_landed_settings_market_id_markets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["seller_id"],
            ["sellers.id"],
            name=op.f("fk_landed_settings_seller_id_sellers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_landed_settings")),
        sa.UniqueConstraint("market_id", name=op.f("uq_landed_settings_market_id")),
    )
    with op.batch_alter_table("landed_settings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_landed_settings_seller_id"), ["seller_id"], unique=False
        )

    op.create_table(
        "shipping_fees",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seller_id", sa.Integer(), nullable=False),
        sa.Column("market_id", sa.Integer(), nullable=False),
        sa.Column("warehouse_id", sa.Integer(), nullable=False),
        sa.Column("flat_minor", sa.BigInteger(), nullable=False),
        sa.Column("bands", sa.JSON(), nullable=False),
        sa.Column("free_above_minor", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["market_id"],
            ["markets.id"],
            name=op.f("fk_shipping_fees_market_id_markets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["seller_id"],
            ["sellers.id"],
            name=op.f("fk_shipping_fees_seller_id_sellers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["warehouse_id"],
            ["warehouses.id"],
            name=op.f("fk_shipping_fees_warehouse_id_warehouses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shipping_fees")),
        sa.UniqueConstraint(
            "market_id", "warehouse_id", name=op.f("uq_shipping_fees_market_id_warehouse_id")
        ),
    )
    with op.batch_alter_table("shipping_fees", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shipping_fees_seller_id"), ["seller_id"], unique=False)

    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("tax_minor", sa.BigInteger(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column("tax_included", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        batch_op.add_column(
            sa.Column("duties_minor", sa.BigInteger(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column("duties_at_door_minor", sa.BigInteger(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column("vat_scheme", sa.String(length=8), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("ioss_number", sa.String(length=32), server_default="", nullable=False)
        )

    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.add_column(sa.Column("hs_code", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_column("hs_code")

    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_column("ioss_number")
        batch_op.drop_column("vat_scheme")
        batch_op.drop_column("duties_at_door_minor")
        batch_op.drop_column("duties_minor")
        batch_op.drop_column("tax_included")
        batch_op.drop_column("tax_minor")

    with op.batch_alter_table("shipping_fees", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shipping_fees_seller_id"))

    op.drop_table("shipping_fees")
    with op.batch_alter_table("landed_settings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_landed_settings_seller_id"))

    op.drop_table("landed_settings")
