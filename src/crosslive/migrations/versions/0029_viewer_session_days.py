"""insights: per show x day x market x country x device summaries of ended viewer sessions
(viewer_session_days) and their first-frame histogram (viewer_first_frames), back-filled;
remembered peak concurrent viewers per show (show_peak_viewers)

Revision ID: 0029
Revises: 0036
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision: str = "0029"
down_revision: str | None = "0036"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEY = ("show_id", "day", "market_code", "country", "device")


def _key_columns(table: str) -> list[Any]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seller_id", sa.Integer(), nullable=False),
        sa.Column("show_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("market_code", sa.String(length=8), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("device", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["seller_id"], ["sellers.id"], name=op.f(f"fk_{table}_seller_id_sellers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["show_id"], ["shows.id"], name=op.f(f"fk_{table}_show_id_shows"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]  # fmt: skip


def upgrade() -> None:
    sums = ["watch_ds", "freeze_ms", "freezes", "kbps_ds2", "switches"]
    under = ["under_10s", "under_60s", "under_300s", "under_900s"]
    op.create_table(
        "viewer_session_days",
        *_key_columns("viewer_session_days"),
        sa.Column("sessions", sa.Integer(), nullable=False),
        *(sa.Column(name, sa.BigInteger(), nullable=False) for name in sums),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in under),
        sa.UniqueConstraint(*KEY, name=op.f("uq_viewer_session_days_" + "_".join(KEY))),
    )
    op.create_index(
        "ix_viewer_session_days_seller_id", "viewer_session_days", ["seller_id"], unique=False
    )
    frames_key = (*KEY, "bucket_ms")
    op.create_table(
        "viewer_first_frames",
        *_key_columns("viewer_first_frames"),
        sa.Column("bucket_ms", sa.Integer(), nullable=False),
        sa.Column("sessions", sa.Integer(), nullable=False),
        sa.UniqueConstraint(
            *frames_key, name=op.f("uq_viewer_first_frames_" + "_".join(frames_key))
        ),
    )
    op.create_index(
        "ix_viewer_first_frames_seller_id", "viewer_first_frames", ["seller_id"], unique=False
    )
    op.create_table(
        "show_peak_viewers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seller_id", sa.Integer(), nullable=False),
        sa.Column("show_id", sa.Integer(), nullable=False),
        sa.Column("market_code", sa.String(length=8), nullable=False),
        sa.Column("peak", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["seller_id"], ["sellers.id"], name=op.f("fk_show_peak_viewers_seller_id_sellers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["show_id"], ["shows.id"], name=op.f("fk_show_peak_viewers_show_id_shows"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_show_peak_viewers")),
        sa.UniqueConstraint(
            "show_id", "market_code", name=op.f("uq_show_peak_viewers_show_id_market_code")
        ),
    )  # fmt: skip
    op.create_index(
        "ix_show_peak_viewers_seller_id", "show_peak_viewers", ["seller_id"], unique=False
    )
    # Back-fill from the sessions already recorded, with the same sums the write hooks keep.
    from crosslive.media import session_days

    session_days.rebuild(Session(bind=op.get_bind()))


def downgrade() -> None:
    op.drop_index("ix_show_peak_viewers_seller_id", table_name="show_peak_viewers")
    op.drop_table("show_peak_viewers")
    op.drop_index("ix_viewer_first_frames_seller_id", table_name="viewer_first_frames")
    op.drop_table("viewer_first_frames")
    op.drop_index("ix_viewer_session_days_seller_id", table_name="viewer_session_days")
    op.drop_table("viewer_session_days")
