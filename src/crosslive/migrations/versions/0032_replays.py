"""replays: each recorded show's replay (its video, trim, visibility, missing minutes)

Revision ID: 0032
Revises: 0030
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import crosslive.db

revision: str = "0032"
down_revision: str | None = "0030"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "replays",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seller_id", sa.Integer(), nullable=False),
        sa.Column("show_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "PROCESSING", "READY", "FAILED", name="replaystatus", native_enum=False, length=16
            ),
            nullable=False,
        ),
        sa.Column(
            "visibility",
            sa.Enum(
                "LISTED",
                "UNLISTED",
                "DELETED",
                name="replayvisibility",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("recorded_from", crosslive.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("duration_s", sa.Float(), nullable=False),
        sa.Column("trim_in_s", sa.Float(), nullable=False),
        sa.Column("trim_out_s", sa.Float(), nullable=True),
        sa.Column("segments", sa.JSON(), nullable=False),
        sa.Column("missing", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("lease_until", crosslive.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", crosslive.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ready_at", crosslive.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["seller_id"],
            ["sellers.id"],
            name=op.f("fk_replays_seller_id_sellers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["show_id"], ["shows.id"], name=op.f("fk_replays_show_id_shows"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_replays")),
    )
    with op.batch_alter_table("replays", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_replays_seller_id"), ["seller_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_replays_show_id"), ["show_id"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("replays", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_replays_show_id"))
        batch_op.drop_index(batch_op.f("ix_replays_seller_id"))

    op.drop_table("replays")
