"""follow-up answers: what each buyer said of each delivered line (fits, too small ...)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 17:06:59
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import crosslive.db

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "follow_up_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("order_line_id", sa.Integer(), nullable=False),
        sa.Column(
            "answer",
            sa.Enum(
                "FITS",
                "TOO_SMALL",
                "TOO_LARGE",
                "ALL_RIGHT",
                "PROBLEM",
                name="answer",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("answered_at", crosslive.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["orders.id"],
            name=op.f("fk_follow_up_answers_order_id_orders"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["order_line_id"],
            ["order_lines.id"],
            name=op.f("fk_follow_up_answers_order_line_id_order_lines"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up_answers")),
        sa.UniqueConstraint("order_line_id", name=op.f("uq_follow_up_answers_order_line_id")),
    )
    with op.batch_alter_table("follow_up_answers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_follow_up_answers_order_id"), ["order_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("follow_up_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_follow_up_answers_order_id"))

    op.drop_table("follow_up_answers")
