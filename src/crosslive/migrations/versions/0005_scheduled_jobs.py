"""scheduled jobs; an order's hold deadline and why it was cancelled

The scheduler keeps its jobs in `scheduled_jobs` (one per kind and key, leased to one runner
at a time). Orders get `hold_until` (unpaid by then, the order is cancelled and its stock goes
back on sale; NULL for the orders already placed: no deadline, as before) and
`cancel_reason` ("" for every order cancelled so far: by hand).

Revision ID: 0005
Revises: 0008
Create Date: 2026-12-11 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import crosslive.db

revision: str = "0005"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATES = ("PENDING", "RUNNING", "DONE", "FAILED")


def upgrade() -> None:
    op.create_table(
        "scheduled_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(*STATES, name="jobstate", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("due_at", crosslive.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("lease_owner", sa.String(length=64), nullable=False),
        sa.Column("lease_until", crosslive.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", crosslive.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("finished_at", crosslive.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scheduled_jobs")),
        sa.UniqueConstraint("kind", "key", name=op.f("uq_scheduled_jobs_kind_key")),
    )
    op.create_index("ix_scheduled_jobs_due", "scheduled_jobs", ["state", "due_at"])
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("hold_until", crosslive.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("cancel_reason", sa.String(length=32), nullable=False, server_default="")
        )
    # The model gives new rows their "" itself; the server default only filled the old ones.
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.alter_column("cancel_reason", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_column("cancel_reason")
        batch_op.drop_column("hold_until")
    op.drop_index("ix_scheduled_jobs_due", table_name="scheduled_jobs")
    op.drop_table("scheduled_jobs")
