"""stage invitations: a viewer invited on stage, their one-time publish pass and its end

Revision ID: 0036
Revises: 0032
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import crosslive.db

revision: str = "0036"
down_revision: str | None = "0032"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "stage_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("show_id", sa.Integer(), nullable=False),
        sa.Column("viewer_id", sa.String(length=64), nullable=False),
        sa.Column("viewer_name", sa.String(length=40), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("invited_by", sa.Integer(), nullable=True),
        sa.Column("invited_at", crosslive.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", crosslive.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("pass_hash", sa.String(length=64), nullable=True),
        sa.Column("pass_expires_at", crosslive.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("used_at", crosslive.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("ended_at", crosslive.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("end_reason", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["invited_by"],
            ["staff_users.id"],
            name=op.f("fk_stage_invitations_invited_by_staff_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["chat_messages.id"],
            name=op.f("fk_stage_invitations_message_id_chat_messages"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["show_id"],
            ["shows.id"],
            name=op.f("fk_stage_invitations_show_id_shows"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stage_invitations")),
        sa.UniqueConstraint("pass_hash", name=op.f("uq_stage_invitations_pass_hash")),
    )
    with op.batch_alter_table("stage_invitations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stage_invitations_show_id"), ["show_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_stage_invitations_viewer_id"), ["viewer_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("stage_invitations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stage_invitations_viewer_id"))
        batch_op.drop_index(batch_op.f("ix_stage_invitations_show_id"))
    op.drop_table("stage_invitations")
