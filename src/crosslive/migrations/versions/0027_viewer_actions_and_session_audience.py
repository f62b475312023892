"""insights: viewer actions (sheet opened, checkout started, credential seen); market,
country, device and watch time on viewer sessions

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import crosslive.db

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "viewer_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seller_id", sa.Integer(), nullable=False),
        sa.Column("show_id", sa.Integer(), nullable=False),
        sa.Column("viewer_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("ref_id", sa.Integer(), nullable=False),
        sa.Column("detail", sa.String(length=32), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("market_code", sa.String(length=8), nullable=False),
        sa.Column("created_at", crosslive.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["seller_id"],
            ["sellers.id"],
            name=op.f("fk_viewer_actions_seller_id_sellers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["show_id"],
            ["shows.id"],
            name=op.f("fk_viewer_actions_show_id_shows"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_viewer_actions")),
        sa.UniqueConstraint(
            "show_id",
            "viewer_id",
            "kind",
            "ref_id",
            name=op.f("uq_viewer_actions_show_id_viewer_id_kind_ref_id"),
        ),
    )
    op.create_index("ix_viewer_actions_show_id_kind", "viewer_actions", ["show_id", "kind"])
    with op.batch_alter_table("viewer_sessions") as batch:
        batch.add_column(
            sa.Column("market_code", sa.String(length=8), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("country", sa.String(length=2), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("device", sa.String(length=8), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("watch_s", sa.Float(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("viewer_sessions") as batch:
        batch.drop_column("watch_s")
        batch.drop_column("device")
        batch.drop_column("country")
        batch.drop_column("market_code")
    op.drop_index("ix_viewer_actions_show_id_kind", table_name="viewer_actions")
    op.drop_table("viewer_actions")
