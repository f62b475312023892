"""credential clips (a transcoded video, poster and subtitles per credential) and each
market's local support hours and committed response time

Revision ID: 0037
Revises: 0029
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import crosslive.db

revision: str = "0037"
down_revision: str | None = "0029"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "credential_clips",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("credential_id", sa.Integer(), nullable=False),
        sa.Column("original_name", sa.String(length=255), nullable=False),
        sa.Column("source_bytes", sa.Integer(), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("video_name", sa.String(length=128), nullable=False),
        sa.Column("poster_name", sa.String(length=128), nullable=False),
        sa.Column("subtitles_name", sa.String(length=128), nullable=True),
        sa.Column("subtitles_lang", sa.String(length=16), nullable=False),
        sa.Column("created_at", crosslive.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["credential_id"], ["credentials.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("credential_id"),
        sa.UniqueConstraint("video_name"),
        sa.UniqueConstraint("poster_name"),
        sa.UniqueConstraint("subtitles_name"),
    )
    with op.batch_alter_table("markets") as batch:
        batch.add_column(
            sa.Column("support_timezone", sa.String(length=64), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("support_opens", sa.String(length=5), nullable=False, server_default="09:00")
        )
        batch.add_column(
            sa.Column("support_closes", sa.String(length=5), nullable=False, server_default="18:00")
        )
        batch.add_column(
            sa.Column(
                "support_weekdays", sa.JSON(), nullable=False, server_default="[0, 1, 2, 3, 4]"
            )
        )
        batch.add_column(
            sa.Column("support_response_hours", sa.Integer(), nullable=False, server_default="24")
        )


def downgrade() -> None:
    with op.batch_alter_table("markets") as batch:
        for name in (
            "support_response_hours",
            "support_weekdays",
            "support_closes",
            "support_opens",
            "support_timezone",
        ):
            batch.drop_column(name)
    op.drop_table("credential_clips")
