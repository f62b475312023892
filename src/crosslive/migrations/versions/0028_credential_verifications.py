"""credential verifications by staff, and the store's choice for unverified credentials

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import crosslive.db

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "credential_verifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("credential_id", sa.Integer(), nullable=False),
        sa.Column("staff_user_id", sa.Integer(), nullable=True),
        sa.Column("staff_name", sa.String(length=200), nullable=False),
        sa.Column(
            "outcome",
            sa.Enum(
                "VERIFIED", "WITHDRAWN", name="verificationoutcome", native_enum=False, length=16
            ),
            nullable=False,
        ),
        sa.Column(
            "method",
            sa.Enum(
                "REGISTRY",
                "EVIDENCE",
                "ISSUER_CONTACT",
                name="verificationmethod",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("observed", sa.Text(), nullable=False),
        sa.Column("registry_reference", sa.String(length=2048), nullable=False),
        sa.Column("idempotency_key", sa.String(length=64), nullable=True),
        sa.Column("created_at", crosslive.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["credential_id"],
            ["credentials.id"],
            name=op.f("fk_credential_verifications_credential_id_credentials"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_user_id"],
            ["staff_users.id"],
            name=op.f("fk_credential_verifications_staff_user_id_staff_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credential_verifications")),
        sa.UniqueConstraint(
            "credential_id",
            "idempotency_key",
            name=op.f("uq_credential_verifications_credential_id_idempotency_key"),
        ),
    )
    with op.batch_alter_table("credential_verifications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_credential_verifications_credential_id"), ["credential_id"], unique=False
        )
    with op.batch_alter_table("sellers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "unverified_credentials",
                sa.String(length=16),
                server_default="seller",
                nullable=False,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("sellers", schema=None) as batch_op:
        batch_op.drop_column("unverified_credentials")
    with op.batch_alter_table("credential_verifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_credential_verifications_credential_id"))
    op.drop_table("credential_verifications")
