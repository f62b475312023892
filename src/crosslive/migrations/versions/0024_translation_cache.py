"""translation cache: each text translated once per provider and language pair

Revision ID: 0024
Revises: 0025
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from crosslive.db import UTCDateTime

revision: str = "0024"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "translation_cache",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(length=20), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("target", sa.String(length=10), nullable=False),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("translated", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_translation_cache")),
        sa.UniqueConstraint(
            "provider", "source", "target", "text_hash", name="uq_translation_cache_key"
        ),
    )


def downgrade() -> None:
    op.drop_table("translation_cache")
