"""insights: who did each funnel step or saw each credential type per show and market
(show_action_viewers) and the distinct viewers of each (show_action_counts), back-filled from
the viewer actions

Revision ID: 0043
Revises: 0040
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0043"
down_revision: str | None = "0040"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GROUP = ("show_id", "market_code", "kind", "detail")


def _table(name: str, *columns: sa.Column[object], unique: tuple[str, ...]) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seller_id", sa.Integer(), nullable=False),
        sa.Column("show_id", sa.Integer(), nullable=False),
        sa.Column("market_code", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("detail", sa.String(length=32), nullable=False),
        *columns,
        sa.ForeignKeyConstraint(
            ["seller_id"], ["sellers.id"], name=op.f(f"fk_{name}_seller_id_sellers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["show_id"], ["shows.id"], name=op.f(f"fk_{name}_show_id_shows"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
        sa.UniqueConstraint(*unique, name=op.f(f"uq_{name}_" + "_".join(unique))),
    )  # fmt: skip
    op.create_index(f"ix_{name}_seller_id", name, ["seller_id"], unique=False)


def upgrade() -> None:
    _table(
        "show_action_viewers",
        sa.Column("viewer_id", sa.String(length=64), nullable=False),
        sa.Column("actions", sa.Integer(), nullable=False),
        unique=(*GROUP, "viewer_id"),
    )
    _table(
        "show_action_counts",
        sa.Column("viewers", sa.Integer(), nullable=False),
        unique=GROUP,
    )
    # Back-fill in plain SQL (no application code): each viewer's actions per show, market,
    # kind and credential type, and per show over every market ('*'); then the viewers.
    detail = "CASE WHEN kind = 'credential_seen' THEN detail ELSE '' END"
    for market, by in (("market_code", ", market_code"), ("'*'", "")):
        op.execute(
            "INSERT INTO show_action_viewers"
            " (seller_id, show_id, market_code, kind, detail, viewer_id, actions)"
            f" SELECT seller_id, show_id, {market}, kind, {detail}, viewer_id, count(*)"
            f" FROM viewer_actions GROUP BY seller_id, show_id{by}, kind, {detail}, viewer_id"
        )
    op.execute(
        "INSERT INTO show_action_counts"
        " (seller_id, show_id, market_code, kind, detail, viewers)"
        " SELECT seller_id, show_id, market_code, kind, detail, count(*)"
        " FROM show_action_viewers GROUP BY seller_id, show_id, market_code, kind, detail"
    )


def downgrade() -> None:
    for name in ("show_action_counts", "show_action_viewers"):
        op.drop_index(f"ix_{name}_seller_id", table_name=name)
        op.drop_table(name)
