"""content translations: product, credential and show text per language

Revision ID: 0026
Revises: 0019
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from crosslive.db import UTCDateTime

revision: str = "0026"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ONE_ENTITY = (
    "(CASE WHEN product_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN credential_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN show_id IS NULL THEN 0 ELSE 1 END) = 1"
)


def upgrade() -> None:
    op.create_table(
        "content_translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seller_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("credential_id", sa.Integer(), nullable=True),
        sa.Column("show_id", sa.Integer(), nullable=True),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("locale", sa.String(length=10), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("provider", sa.String(length=20), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(ONE_ENTITY, name="ck_content_translations_one_entity"),
        sa.CheckConstraint(
            "status IN ('machine', 'approved')", name="ck_content_translations_status"
        ),
        sa.ForeignKeyConstraint(["seller_id"], ["sellers.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["credential_id"], ["credentials.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["show_id"], ["shows.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("product_id", "field", "locale", name="uq_content_product_field"),
        sa.UniqueConstraint("credential_id", "field", "locale", name="uq_content_credential_field"),
        sa.UniqueConstraint("show_id", "field", "locale", name="uq_content_show_field"),
    )
    for column in ("seller_id", "product_id", "credential_id", "show_id"):
        op.create_index(
            f"ix_content_translations_{column}", "content_translations", [column], unique=False
        )


def downgrade() -> None:
    for column in ("seller_id", "product_id", "credential_id", "show_id"):
        op.drop_index(f"ix_content_translations_{column}", table_name="content_translations")
    op.drop_table("content_translations")
