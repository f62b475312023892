"""return requests: one per order line, from the buyer's first look to its end

Revision ID: 0017
Revises: 0016

"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import crosslive.db

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "return_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seller_id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("order_line_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("reference", sa.String(length=32), nullable=False),
        sa.Column(
            "reason",
            sa.Enum(
                "TOO_SMALL",
                "TOO_LARGE",
                "COLOUR_NOT_AS_DESCRIBED",
                "MATERIAL_NOT_AS_DESCRIBED",
                "LOOKS_DIFFERENT",
                "DEFECT",
                "DAMAGED_IN_TRANSIT",
                "WRONG_ITEM",
                "ARRIVED_LATE",
                "CHANGED_MIND",
                name="returnreason",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("photos", sa.JSON(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "STARTED",
                "REQUESTED",
                "APPROVED",
                "RECEIVED",
                "REFUNDED",
                "EXCHANGED",
                "REJECTED",
                name="returnstatus",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column(
            "outcome",
            sa.Enum(
                "KEEP_IT",
                "EXCHANGE",
                "RETURN_REFUND",
                name="returnoutcome",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("refund_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("exchange_variant_id", sa.Integer(), nullable=True),
        sa.Column("exchange_label", sa.String(length=255), nullable=False),
        sa.Column("restockable", sa.Boolean(), nullable=True),
        sa.Column("reject_reason", sa.String(length=500), nullable=False),
        sa.Column("refund_id", sa.Integer(), nullable=True),
        sa.Column("created_at", crosslive.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", crosslive.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decided_at", crosslive.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("received_at", crosslive.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("closed_at", crosslive.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("reminded_at", crosslive.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["exchange_variant_id"],
            ["variants.id"],
            name=op.f("fk_return_requests_exchange_variant_id_variants"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["orders.id"],
            name=op.f("fk_return_requests_order_id_orders"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["order_line_id"],
            ["order_lines.id"],
            name=op.f("fk_return_requests_order_line_id_order_lines"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_return_requests_product_id_products"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["refund_id"],
            ["refunds.id"],
            name=op.f("fk_return_requests_refund_id_refunds"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["seller_id"],
            ["sellers.id"],
            name=op.f("fk_return_requests_seller_id_sellers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_return_requests")),
        sa.UniqueConstraint("order_line_id", name=op.f("uq_return_requests_order_line_id")),
        sa.UniqueConstraint("reference", name=op.f("uq_return_requests_reference")),
    )
    with op.batch_alter_table("return_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_return_requests_order_id"), ["order_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_return_requests_product_id"), ["product_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_return_requests_seller_id"), ["seller_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("return_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_return_requests_seller_id"))
        batch_op.drop_index(batch_op.f("ix_return_requests_product_id"))
        batch_op.drop_index(batch_op.f("ix_return_requests_order_id"))

    op.drop_table("return_requests")
