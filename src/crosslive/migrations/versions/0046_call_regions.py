"""consultations: the viewer's media region (region), so a call's room is on the node of the
viewer's region as a show's viewers are

Revision ID: 0046
Revises: 0043
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0046"
down_revision: str | None = "0043"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("consultations") as batch:
        batch.add_column(
            sa.Column("region", sa.String(length=32), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("consultations") as batch:
        batch.drop_column("region")
