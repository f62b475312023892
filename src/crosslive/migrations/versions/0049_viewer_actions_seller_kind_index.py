"""viewer_actions: an index on (seller_id, kind, show_id, viewer_id, detail), so that a
store's credential_seen actions (the watcher groups' rebuild, for the credentials'
conversion) are read from one range of the index instead of a scan of every store's actions

Revision ID: 0049
Revises: 0048
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0049"
down_revision: str | None = "0048"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ["seller_id", "kind", "show_id", "viewer_id", "detail"]


def upgrade() -> None:
    op.create_index("ix_viewer_actions_seller_kind", "viewer_actions", COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_viewer_actions_seller_kind", table_name="viewer_actions")
