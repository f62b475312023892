"""the show's event log gets its own table name (it moved from chat to events)

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# PostgreSQL keeps constraint and sequence names through a table rename: rename them too, so
# a migrated database matches a new one. SQLite rewrites references to the renamed table itself.
_CONSTRAINTS = [  # (table once renamed, name under chat_events, name under show_events)
    ("{events}", "pk_chat_events", "pk_show_events"),
    ("{events}", "fk_chat_events_show_id_shows", "fk_show_events_show_id_shows"),
    (
        "chat_messages",
        "fk_chat_messages_event_id_chat_events",
        "fk_chat_messages_event_id_show_events",
    ),
]


def _rename(old: str, new: str) -> None:
    op.drop_index(f"ix_{old}_show_id_id", table_name=old)
    op.rename_table(old, new)
    op.create_index(f"ix_{new}_show_id_id", new, ["show_id", "id"], unique=False)
    if op.get_bind().dialect.name != "postgresql":
        return
    forward = new == "show_events"
    for table, under_chat, under_show in _CONSTRAINTS:
        before, after = (under_chat, under_show) if forward else (under_show, under_chat)
        op.execute(
            f'ALTER TABLE "{table.format(events=new)}" RENAME CONSTRAINT "{before}" TO "{after}"'
        )
    op.execute(f'ALTER SEQUENCE "{old}_id_seq" RENAME TO "{new}_id_seq"')


def upgrade() -> None:
    _rename("chat_events", "show_events")


def downgrade() -> None:
    _rename("show_events", "chat_events")
