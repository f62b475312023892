"""returns prevention: lane costs per market, camera checklist ticks, a unit cost on prices

Revision ID: 0015
Revises: 0005
Create Date: 2026-12-12 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import crosslive.db

revision: str = "0015"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "camera_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("show_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=32), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("checked_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", crosslive.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["checked_by_id"],
            ["staff_users.id"],
            name=op.f("fk_camera_checks_checked_by_id_staff_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_camera_checks_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["show_id"],
            ["shows.id"],
            name=op.f("fk_camera_checks_show_id_shows"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_camera_checks")),
        sa.UniqueConstraint(
            "show_id", "product_id", "item", name=op.f("uq_camera_checks_show_id_product_id_item")
        ),
    )
    with op.batch_alter_table("camera_checks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_camera_checks_product_id"), ["product_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_camera_checks_show_id"), ["show_id"], unique=False)

    op.create_table(
        "lane_costs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seller_id", sa.Integer(), nullable=False),
        sa.Column("market_id", sa.Integer(), nullable=False),
        sa.Column("outbound_minor", sa.Integer(), nullable=False),
        sa.Column("return_shipping_minor", sa.Integer(), nullable=False),
        sa.Column("handling_minor", sa.Integer(), nullable=False),
        sa.Column("updated_at", crosslive.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["market_id"],
            ["markets.id"],
            name=op.f("fk_lane_costs_market_id_markets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["seller_id"],
            ["sellers.id"],
            name=op.f("fk_lane_costs_seller_id_sellers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lane_costs")),
        sa.UniqueConstraint("market_id", name=op.f("uq_lane_costs_market_id")),
    )
    with op.batch_alter_table("lane_costs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lane_costs_seller_id"), ["seller_id"], unique=False)

    with op.batch_alter_table("variant_prices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unit_cost_minor", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("variant_prices", schema=None) as batch_op:
        batch_op.drop_column("unit_cost_minor")

    with op.batch_alter_table("lane_costs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lane_costs_seller_id"))

    op.drop_table("lane_costs")
    with op.batch_alter_table("camera_checks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_camera_checks_show_id"))
        batch_op.drop_index(batch_op.f("ix_camera_checks_product_id"))

    op.drop_table("camera_checks")
