"""orders remember who they count against in a show's purchase caps; spent checkout challenges

`orders.client_key` (the client address, hashed with the server's key) and `orders.email_key`
(the email as the caps compare it) let a checkout count what one address or one email already
holds in a show; `used_challenges` keeps each spent proof-of-work challenge until it expires.
Orders placed before this have empty keys: they count against their viewer only.

Revision ID: 0006
Revises: 0015
Create Date: 2026-12-12 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from crosslive.db import UTCDateTime

revision: str = "0006"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("client_key", sa.String(length=64), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("email_key", sa.String(length=254), server_default="", nullable=False)
        )
        batch_op.create_index("ix_orders_show_client_key", ["show_id", "client_key"])
        batch_op.create_index("ix_orders_show_email_key", ["show_id", "email_key"])
    op.create_table(
        "used_challenges",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("expires_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_used_challenges")),
    )
    op.create_index(
        op.f("ix_used_challenges_expires_at"), "used_challenges", ["expires_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_used_challenges_expires_at"), table_name="used_challenges")
    op.drop_table("used_challenges")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index("ix_orders_show_email_key")
        batch_op.drop_index("ix_orders_show_client_key")
        batch_op.drop_column("email_key")
        batch_op.drop_column("client_key")
