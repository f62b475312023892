"""variants.image_id gets its foreign key on PostgreSQL

Revision 0001 declared it with use_alter=True inside create_table, which Alembic leaves out on
PostgreSQL (it is only emitted as a separate ALTER TABLE, and none was written); SQLite got it
inline. Without it, deleting a product photo left variants pointing at a missing image.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 13:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME = "fk_variants_image_id_product_images"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # A variant may already point at a photo that was deleted: what SET NULL would have done.
    op.execute(
        "UPDATE variants SET image_id = NULL WHERE image_id IS NOT NULL"
        " AND image_id NOT IN (SELECT id FROM product_images)"
    )
    op.create_foreign_key(
        NAME, "variants", "product_images", ["image_id"], ["id"], ondelete="SET NULL"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint(NAME, "variants", type_="foreignkey")
