"""market rules: product safety fields (GPSR), the electrical flag, a price history, and
hosts paid by the brand

Revision ID: 0031
Revises: 0033
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import crosslive.db

revision: str = "0031"
down_revision: str | None = "0033"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TEXTS = (
    ("manufacturer_name", sa.String(length=255)),
    ("manufacturer_address", sa.Text()),
    ("manufacturer_contact", sa.String(length=255)),
    ("eu_rp_name", sa.String(length=255)),
    ("eu_rp_address", sa.Text()),
    ("eu_rp_contact", sa.String(length=255)),
    ("product_identifier", sa.String(length=255)),
    ("gtin", sa.String(length=14)),
    ("safety_warnings", sa.Text()),
)


def upgrade() -> None:
    with op.batch_alter_table("products", schema=None) as batch_op:
        for name, type_ in TEXTS:
            batch_op.add_column(sa.Column(name, type_, server_default="", nullable=False))
        batch_op.add_column(
            sa.Column(
                "safety_warnings_lang", sa.String(length=10), server_default="en", nullable=False
            )
        )
        batch_op.add_column(
            sa.Column("electrical", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table("staff_users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("paid_by_brand", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.create_table(
        "price_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("variant_id", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("amount_minor", sa.Integer(), nullable=False),
        sa.Column("changed_at", crosslive.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["variant_id"],
            ["variants.id"],
            name=op.f("fk_price_changes_variant_id_variants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_price_changes")),
    )
    with op.batch_alter_table("price_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_price_changes_variant_id"), ["variant_id"])
        batch_op.create_index(batch_op.f("ix_price_changes_changed_at"), ["changed_at"])
    # Today's prices start the history (their earlier moves were never recorded).
    op.execute(
        "INSERT INTO price_changes (variant_id, currency, amount_minor, changed_at)"
        " SELECT variant_id, currency, amount_minor, CURRENT_TIMESTAMP FROM variant_prices"
    )


def downgrade() -> None:
    with op.batch_alter_table("price_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_price_changes_changed_at"))
        batch_op.drop_index(batch_op.f("ix_price_changes_variant_id"))
    op.drop_table("price_changes")
    with op.batch_alter_table("staff_users", schema=None) as batch_op:
        batch_op.drop_column("paid_by_brand")
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_column("electrical")
        batch_op.drop_column("safety_warnings_lang")
        for name, _type in reversed(TEXTS):
            batch_op.drop_column(name)
