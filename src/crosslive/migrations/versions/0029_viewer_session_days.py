"""insights: per show x day x market x country x device summaries of ended viewer sessions
(viewer_session_days) and their first-frame histogram (viewer_first_frames), back-filled;
remembered peak concurrent viewers per show (show_peak_viewers)

Revision ID: 0029
Revises: 0036
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

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
    _backfill(op.get_bind())


# The back-fill carries its own copy of the tables and of the sums the write hooks keep
# (crosslive.media.session_days as of this revision), so that this migration keeps working
# whatever the application code becomes.
SESSIONS = sa.table(
    "viewer_sessions",
    *(sa.column(name, sa.Integer()) for name in ("seller_id", "show_id", "freezes")),
    *(sa.column(name, sa.Integer()) for name in ("layer_ups", "layer_downs", "first_frame_ms")),
    sa.column("started_at", sa.DateTime(timezone=True)),
    sa.column("ended_at", sa.DateTime(timezone=True)),
    *(sa.column(name, sa.Float()) for name in ("watch_s", "freeze_s", "avg_kbps")),
    *(sa.column(name, sa.String()) for name in ("market_code", "country", "device")),
)
DAY_KEY = ("seller_id", *KEY)
SUMS = ("sessions", "watch_ds", "freeze_ms", "freezes", "kbps_ds2", "switches")
UNDER = {"under_10s": 10, "under_60s": 60, "under_300s": 300, "under_900s": 900}
DAYS = sa.table(
    "viewer_session_days",
    *(sa.column(name) for name in (*DAY_KEY, *SUMS, *UNDER)),
)
FRAMES = sa.table(
    "viewer_first_frames", *(sa.column(name) for name in (*DAY_KEY, "bucket_ms", "sessions"))
)
BUCKET_MS = 10


def _day(started: datetime) -> date:
    return (started if started.tzinfo is None else started.astimezone(UTC)).date()


def _backfill(conn: sa.Connection) -> None:
    """Sum the ended sessions per show, day, market, country and device (and per 10 ms
    first-frame bucket), as the write hooks would have; reads in batches."""
    days: dict[tuple[Any, ...], list[int]] = {}
    frames: dict[tuple[Any, ...], int] = {}
    s = SESSIONS.c
    query = sa.select(SESSIONS).where(s.ended_at.is_not(None), s.started_at.is_not(None))
    for v in conn.execute(query.execution_options(yield_per=50_000)).mappings():
        watch = float(v["watch_s"] or 0.0)
        key = (v["seller_id"], v["show_id"], _day(v["started_at"]))
        key += tuple(v[name] or "" for name in ("market_code", "country", "device"))
        sums = [
            1,
            round(watch * 10),
            round(float(v["freeze_s"] or 0.0) * 1000),
            int(v["freezes"] or 0),
            round(float(v["avg_kbps"] or 0.0) * 10) * round(watch * 10),
            int(v["layer_ups"] or 0) + int(v["layer_downs"] or 0),
            *(int(watch < bound) for bound in UNDER.values()),
        ]
        into = days.setdefault(key, [0] * len(sums))
        for i, n in enumerate(sums):
            into[i] += n
        if v["first_frame_ms"] is not None:
            bucket = int(v["first_frame_ms"]) // BUCKET_MS * BUCKET_MS
            frames[(*key, bucket)] = frames.get((*key, bucket), 0) + 1
    day_rows = [
        dict(zip((*DAY_KEY, *SUMS, *UNDER), (*k, *n), strict=True)) for k, n in days.items()
    ]
    frame_rows = [
        dict(zip((*DAY_KEY, "bucket_ms", "sessions"), (*k, n), strict=True))
        for k, n in frames.items()
    ]
    for table, rows in ((DAYS, day_rows), (FRAMES, frame_rows)):
        for i in range(0, len(rows), 10_000):
            conn.execute(sa.insert(table), rows[i : i + 10_000])


def downgrade() -> None:
    op.drop_index("ix_show_peak_viewers_seller_id", table_name="show_peak_viewers")
    op.drop_table("show_peak_viewers")
    op.drop_index("ix_viewer_first_frames_seller_id", table_name="viewer_first_frames")
    op.drop_table("viewer_first_frames")
    op.drop_index("ix_viewer_session_days_seller_id", table_name="viewer_session_days")
    op.drop_table("viewer_session_days")
