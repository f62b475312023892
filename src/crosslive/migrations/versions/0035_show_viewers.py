"""insights: who watched each show per market (show_viewers) and the distinct viewers per
show and market (show_viewer_counts), the same per store and market over all its shows
(market_viewers, market_viewer_counts), back-filled from the viewer sessions

Revision ID: 0035
Revises: 0034
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0035"
down_revision: str | None = "0034"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _table(name: str, *columns: sa.Column[object], unique: tuple[str, ...]) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seller_id", sa.Integer(), nullable=False),
        sa.Column("show_id", sa.Integer(), nullable=False),
        sa.Column("market_code", sa.String(length=8), nullable=False),
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
        "show_viewers",
        sa.Column("viewer", sa.String(length=64), nullable=False),
        sa.Column("sessions", sa.Integer(), nullable=False),
        unique=("show_id", "market_code", "viewer"),
    )
    _table(
        "show_viewer_counts",
        sa.Column("viewers", sa.Integer(), nullable=False),
        unique=("show_id", "market_code"),
    )
    for name, unique in (
        ("market_viewers", ("seller_id", "market_code", "viewer")),
        ("market_viewer_counts", ("seller_id", "market_code")),
    ):
        counted = ("viewer", "sessions") if name == "market_viewers" else ("viewers",)
        op.create_table(
            name,
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("seller_id", sa.Integer(), nullable=False),
            sa.Column("market_code", sa.String(length=8), nullable=False),
            *(
                sa.Column(c, sa.String(length=64) if c == "viewer" else sa.Integer(),
                          nullable=False)
                for c in counted
            ),
            sa.ForeignKeyConstraint(
                ["seller_id"], ["sellers.id"], name=op.f(f"fk_{name}_seller_id_sellers"),
                ondelete="CASCADE",
            ),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
            sa.UniqueConstraint(*unique, name=op.f(f"uq_{name}_" + "_".join(unique))),
        )  # fmt: skip
    # Back-fill in plain SQL (no application code): each viewer's sessions per show and
    # market, and per show over every market ('*'); then the viewers of each.
    who = "coalesce(viewer_id, viewer_key)"
    op.execute(
        "INSERT INTO show_viewers (seller_id, show_id, market_code, viewer, sessions)"
        f" SELECT seller_id, show_id, market_code, {who}, count(*) FROM viewer_sessions"
        f" GROUP BY seller_id, show_id, market_code, {who}"
    )
    op.execute(
        "INSERT INTO show_viewers (seller_id, show_id, market_code, viewer, sessions)"
        f" SELECT seller_id, show_id, '*', {who}, count(*) FROM viewer_sessions"
        f" GROUP BY seller_id, show_id, {who}"
    )
    op.execute(
        "INSERT INTO show_viewer_counts (seller_id, show_id, market_code, viewers)"
        " SELECT seller_id, show_id, market_code, count(*) FROM show_viewers"
        " GROUP BY seller_id, show_id, market_code"
    )
    op.execute(
        "INSERT INTO market_viewers (seller_id, market_code, viewer, sessions)"
        f" SELECT seller_id, market_code, {who}, count(*) FROM viewer_sessions"
        f" GROUP BY seller_id, market_code, {who}"
    )
    op.execute(
        "INSERT INTO market_viewer_counts (seller_id, market_code, viewers)"
        " SELECT seller_id, market_code, count(*) FROM market_viewers"
        " GROUP BY seller_id, market_code"
    )


def downgrade() -> None:
    op.drop_table("market_viewer_counts")
    op.drop_table("market_viewers")
    for name in ("show_viewer_counts", "show_viewers"):
        op.drop_index(f"ix_{name}_seller_id", table_name=name)
        op.drop_table(name)
