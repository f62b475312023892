"""review moderation log append-only in the database: triggers refuse UPDATE and DELETE

The ORM already refuses to change or delete a `review_actions` row; these triggers make the
database itself refuse it, whatever client writes (a script, a console, a later bug). The one
change allowed is the foreign key's own ON DELETE SET NULL when a staff account is deleted:
`staff_user_id` becoming NULL with every other column as it was (the row keeps the staff
member's name in `actor`). A delete of a parent row (a review, an order, a store) that would
cascade into the log is refused the same way.

Revision ID: 0038
Revises: 0037
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0038"
down_revision: str | None = "0037"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MESSAGE = "the review moderation log is append-only"
OTHER_COLUMNS = ("id", "review_id", "seller_id", "kind", "reason", "note", "actor", "at")

_SQLITE_SAME = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in OTHER_COLUMNS)
SQLITE = (
    f"""
CREATE TRIGGER review_actions_no_update BEFORE UPDATE ON review_actions
WHEN NOT (NEW.staff_user_id IS NULL AND {_SQLITE_SAME})
BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
""",
    f"""
CREATE TRIGGER review_actions_no_delete BEFORE DELETE ON review_actions
BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
""",
)

POSTGRESQL = (
    f"""
CREATE FUNCTION review_actions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.staff_user_id IS NULL
       AND (to_jsonb(NEW) - 'staff_user_id') = (to_jsonb(OLD) - 'staff_user_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'restrict_violation';
END
$$
""",
    """
CREATE TRIGGER review_actions_append_only BEFORE UPDATE OR DELETE ON review_actions
FOR EACH ROW EXECUTE FUNCTION review_actions_append_only()
""",
)


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRESQL if postgresql else SQLITE:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS review_actions_append_only ON review_actions")
        op.execute("DROP FUNCTION IF EXISTS review_actions_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS review_actions_no_update")
        op.execute("DROP TRIGGER IF EXISTS review_actions_no_delete")
