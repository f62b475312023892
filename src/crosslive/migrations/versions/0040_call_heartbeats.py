"""consultations: the last heartbeat of each side of a video call (host_seen_at,
viewer_seen_at), so a call whose page died is ended

Revision ID: 0040
Revises: 0042
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from crosslive.db import UTCDateTime

revision: str = "0040"
down_revision: str | None = "0042"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("consultations") as batch:
        batch.add_column(sa.Column("host_seen_at", UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("viewer_seen_at", UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("consultations") as batch:
        batch.drop_column("viewer_seen_at")
        batch.drop_column("host_seen_at")
