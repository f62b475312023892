"""chat fingerprints: a message keeps its author's hashed address and browser, a mute too

Revision ID: 0007
Revises: 0009
Create Date: 2026-12-10 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("chat_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("fingerprint", sa.String(length=64), nullable=True))
    with op.batch_alter_table("chat_mutes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("fingerprint", sa.String(length=64), nullable=True))
        batch_op.create_index("ix_chat_mutes_show_fingerprint", ["show_id", "fingerprint"])


def downgrade() -> None:
    with op.batch_alter_table("chat_mutes", schema=None) as batch_op:
        batch_op.drop_index("ix_chat_mutes_show_fingerprint")
        batch_op.drop_column("fingerprint")
    with op.batch_alter_table("chat_messages", schema=None) as batch_op:
        batch_op.drop_column("fingerprint")
