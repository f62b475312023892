"""fit feedback: how a size bought fitted, from follow-up answers and size returns

Revision ID: 0016
Revises: 0013
Create Date: 2026-12-03 17:01:23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import crosslive.db

revision: str = "0016"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "fit_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_line_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("viewer_id", sa.String(length=64), nullable=False),
        sa.Column("size", sa.String(length=32), nullable=False),
        sa.Column(
            "verdict",
            sa.Enum("SMALL", "FIT", "LARGE", name="fitverdict", native_enum=False, length=8),
            nullable=False,
        ),
        sa.Column(
            "source",
            sa.Enum("FOLLOW_UP", "RETURN", name="fitsource", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("created_at", crosslive.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_line_id"],
            ["order_lines.id"],
            name=op.f("fk_fit_feedback_order_line_id_order_lines"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_fit_feedback_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fit_feedback")),
        sa.UniqueConstraint(
            "order_line_id", "source", name=op.f("uq_fit_feedback_order_line_id_source")
        ),
    )
    with op.batch_alter_table("fit_feedback", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_fit_feedback_order_line_id"), ["order_line_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_fit_feedback_product_id"), ["product_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_fit_feedback_viewer_id"), ["viewer_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("fit_feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fit_feedback_viewer_id"))
        batch_op.drop_index(batch_op.f("ix_fit_feedback_product_id"))
        batch_op.drop_index(batch_op.f("ix_fit_feedback_order_line_id"))

    op.drop_table("fit_feedback")
