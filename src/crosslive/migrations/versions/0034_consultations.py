"""consultations: one-to-one video call requests, their product cards and the store's wait

Revision ID: 0034
Revises: 0039
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import crosslive.db

revision: str = "0034"
down_revision: str | None = "0039"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "consultation_settings",
        sa.Column("seller_id", sa.Integer(), nullable=False),
        sa.Column("wait_s", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["seller_id"],
            ["sellers.id"],
            name=op.f("fk_consultation_settings_seller_id_sellers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("seller_id", name=op.f("pk_consultation_settings")),
    )
    op.create_table(
        "consultations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seller_id", sa.Integer(), nullable=False),
        sa.Column("show_id", sa.Integer(), nullable=False),
        sa.Column("viewer_id", sa.String(length=64), nullable=False),
        sa.Column("open_key", sa.String(length=64), nullable=True),
        sa.Column(
            "state",
            sa.Enum(
                "WAITING",
                "ACCEPTED",
                "ENDED",
                "EXPIRED",
                name="consultationstate",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("market_code", sa.String(length=8), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("requested_at", crosslive.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", crosslive.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("host_id", sa.Integer(), nullable=True),
        sa.Column("accepted_at", crosslive.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("ended_at", crosslive.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("end_reason", sa.String(length=32), nullable=False),
        sa.Column("host_pass_hash", sa.String(length=64), nullable=True),
        sa.Column("viewer_pass_hash", sa.String(length=64), nullable=True),
        sa.Column("host_pass_expires_at", crosslive.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("viewer_pass_expires_at", crosslive.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("handled_at", crosslive.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["host_id"],
            ["staff_users.id"],
            name=op.f("fk_consultations_host_id_staff_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_consultations_product_id_products"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["seller_id"],
            ["sellers.id"],
            name=op.f("fk_consultations_seller_id_sellers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["show_id"],
            ["shows.id"],
            name=op.f("fk_consultations_show_id_shows"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultations")),
        sa.UniqueConstraint("host_pass_hash", name=op.f("uq_consultations_host_pass_hash")),
        sa.UniqueConstraint("open_key", name=op.f("uq_consultations_open_key")),
        sa.UniqueConstraint("viewer_pass_hash", name=op.f("uq_consultations_viewer_pass_hash")),
    )
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consultations_seller_id"), ["seller_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_consultations_show_id"), ["show_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_consultations_state"), ["state"], unique=False)
        batch_op.create_index(batch_op.f("ix_consultations_viewer_id"), ["viewer_id"], unique=False)

    op.create_table(
        "consultation_cards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("variant_id", sa.Integer(), nullable=False),
        sa.Column("sent_at", crosslive.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_consultation_cards_consultation_id_consultations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["variant_id"],
            ["variants.id"],
            name=op.f("fk_consultation_cards_variant_id_variants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_cards")),
        sa.UniqueConstraint(
            "consultation_id",
            "variant_id",
            name=op.f("uq_consultation_cards_consultation_id_variant_id"),
        ),
    )
    with op.batch_alter_table("consultation_cards", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consultation_cards_consultation_id"), ["consultation_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("consultation_cards", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultation_cards_consultation_id"))

    op.drop_table("consultation_cards")
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultations_viewer_id"))
        batch_op.drop_index(batch_op.f("ix_consultations_state"))
        batch_op.drop_index(batch_op.f("ix_consultations_show_id"))
        batch_op.drop_index(batch_op.f("ix_consultations_seller_id"))

    op.drop_table("consultations")
    op.drop_table("consultation_settings")
