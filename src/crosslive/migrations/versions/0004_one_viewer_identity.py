"""one viewer identity: video sessions say who watched; the size advice given is kept

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 15:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import crosslive.db

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("viewer_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("viewer_id", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_viewer_sessions_viewer_id"), ["viewer_id"])
    op.create_table(
        "fit_advice_given",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("viewer_id", sa.String(length=64), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("size", sa.String(length=32), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("created_at", crosslive.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_fit_advice_given_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fit_advice_given")),
    )
    op.create_index(
        "ix_fit_advice_given_viewer_product", "fit_advice_given", ["viewer_id", "product_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_fit_advice_given_viewer_product", table_name="fit_advice_given")
    op.drop_table("fit_advice_given")
    with op.batch_alter_table("viewer_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_viewer_sessions_viewer_id"))
        batch_op.drop_column("viewer_id")
