"""Summaries of ended viewer sessions per show, day (of the session's start, UTC), market,
country and device, kept up to date as sessions are written: the insights read these instead
of scanning every session.

- `viewer_session_days`: sessions, watch time, frozen time, freezes, bitrate x watch time,
  layer switches and the watch-time buckets, all as integers (watch in tenths of a second,
  frozen time in ms, kbit/s x s x 100), so adding and taking away a session is exact.
- `viewer_first_frames`: how many sessions had their first frame in each 10 ms bucket.

The ORM hooks below add a session when it is written ended, take its old figures away and
add its new ones when an ended session changes, and take it away when it is deleted. Bulk
Core inserts (the benchmark) bypass them and call `rebuild`; so does `crosslive insights
rebuild`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Connection,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    UniqueConstraint,
    delete,
    event,
    insert,
    inspect,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Mapper, Session, mapped_column

from crosslive.db import Base
from crosslive.media import show_peaks
from crosslive.media.models import ViewerSession
from crosslive.media.show_peaks import ShowPeak

FIRST_FRAME_BUCKET_MS = 10
# Watch-time bucket columns: sessions that watched under this many seconds.
UNDER = {"under_10s": 10, "under_60s": 60, "under_300s": 300, "under_900s": 900}
KEY = ("seller_id", "show_id", "day", "market_code", "country", "device")
SUMS = ("sessions", "watch_ds", "freeze_ms", "freezes", "kbps_ds2", "switches", *UNDER)


class SessionDay(Base):
    __tablename__ = "viewer_session_days"
    __table_args__ = (UniqueConstraint("show_id", "day", "market_code", "country", "device"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"), index=True)
    show_id: Mapped[int] = mapped_column(ForeignKey("shows.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    market_code: Mapped[str] = mapped_column(String(8))
    country: Mapped[str] = mapped_column(String(2))
    device: Mapped[str] = mapped_column(String(8))
    sessions: Mapped[int] = mapped_column(Integer, default=0)
    watch_ds: Mapped[int] = mapped_column(BigInteger, default=0)
    freeze_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    freezes: Mapped[int] = mapped_column(BigInteger, default=0)
    kbps_ds2: Mapped[int] = mapped_column(BigInteger, default=0)
    switches: Mapped[int] = mapped_column(BigInteger, default=0)
    under_10s: Mapped[int] = mapped_column(Integer, default=0)
    under_60s: Mapped[int] = mapped_column(Integer, default=0)
    under_300s: Mapped[int] = mapped_column(Integer, default=0)
    under_900s: Mapped[int] = mapped_column(Integer, default=0)


class FirstFrameDay(Base):
    __tablename__ = "viewer_first_frames"
    __table_args__ = (
        UniqueConstraint("show_id", "day", "market_code", "country", "device", "bucket_ms"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"), index=True)
    show_id: Mapped[int] = mapped_column(ForeignKey("shows.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    market_code: Mapped[str] = mapped_column(String(8))
    country: Mapped[str] = mapped_column(String(2))
    device: Mapped[str] = mapped_column(String(8))
    bucket_ms: Mapped[int] = mapped_column(Integer)
    sessions: Mapped[int] = mapped_column(Integer, default=0)


def _day(started: datetime) -> date:
    return (started if started.tzinfo is None else started.astimezone(UTC)).date()


def contribution(v: dict[str, Any]) -> tuple[dict[str, Any], dict[str, int], int | None] | None:
    """What one session with values V adds: its key, its sums and its first-frame bucket;
    None when it has not ended (only ended sessions count)."""
    if v["ended_at"] is None or v["started_at"] is None:
        return None
    watch = float(v["watch_s"] or 0.0)
    key = {k: v[k] or "" for k in KEY[3:]}
    key |= {"seller_id": v["seller_id"], "show_id": v["show_id"], "day": _day(v["started_at"])}
    sums = {
        "sessions": 1,
        "watch_ds": round(watch * 10),
        "freeze_ms": round(float(v["freeze_s"] or 0.0) * 1000),
        "freezes": int(v["freezes"] or 0),
        "kbps_ds2": round(float(v["avg_kbps"] or 0.0) * 10) * round(watch * 10),
        "switches": int(v["layer_ups"] or 0) + int(v["layer_downs"] or 0),
        **{name: int(watch < bound) for name, bound in UNDER.items()},
    }
    ms = v["first_frame_ms"]
    bucket = None if ms is None else int(ms) // FIRST_FRAME_BUCKET_MS * FIRST_FRAME_BUCKET_MS
    return key, sums, bucket


def apply(conn: Connection, values: dict[str, Any], sign: int) -> None:
    """Add (SIGN 1) or take away (SIGN -1) one session's figures."""
    found = contribution(values)
    if found is None:
        return
    key, sums, bucket = found
    _upsert(conn, SessionDay.__table__, key, {k: sign * n for k, n in sums.items()})  # type: ignore[arg-type]
    if bucket is not None:
        frames = FirstFrameDay.__table__
        _upsert(conn, frames, key | {"bucket_ms": bucket}, {"sessions": sign})  # type: ignore[arg-type]


def _upsert(conn: Connection, table: Table, key: dict[str, Any], adds: dict[str, int]) -> None:
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(table).values(**key, **adds)
    conflict = [c for c in key if c != "seller_id"]
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=conflict,
            set_={c: table.c[c] + stmt.excluded[c] for c in adds},
        )
    )


FIELDS: tuple[str, ...] = (
    *("seller_id", "show_id", "started_at", "ended_at", "watch_s", "freeze_s", "freezes"),
    *("avg_kbps", "layer_ups", "layer_downs", "first_frame_ms", "market_code", "country"),
    "device",
)


def _now(target: ViewerSession) -> dict[str, Any]:
    return {f: getattr(target, f) for f in FIELDS}


def _before(target: ViewerSession) -> dict[str, Any]:
    """TARGET's values as they were before this flush's changes."""
    state = inspect(target)
    old = {}
    for f in FIELDS:
        history = state.attrs[f].history
        old[f] = history.deleted[0] if history.deleted else getattr(target, f)
    return old


@event.listens_for(ViewerSession, "after_insert")
def _inserted(_mapper: Mapper[Any], conn: Connection, target: ViewerSession) -> None:
    apply(conn, _now(target), 1)


@event.listens_for(ViewerSession, "after_update")
def _updated(_mapper: Mapper[Any], conn: Connection, target: ViewerSession) -> None:
    before, now = _before(target), _now(target)
    if before != now:
        apply(conn, before, -1)
        apply(conn, now, 1)


@event.listens_for(ViewerSession, "after_delete")
def _deleted(_mapper: Mapper[Any], conn: Connection, target: ViewerSession) -> None:
    apply(conn, _before(target), -1)


def rebuild(db: Session, seller_id: int | None = None) -> int:
    """Recompute the summaries from the sessions (of one store, or all), forgetting the
    remembered peaks (a store's are worked out again); returns how many sessions were
    summed. Reads in batches so a store with millions of sessions fits in memory."""
    for model in (SessionDay, FirstFrameDay, ShowPeak):
        stmt = delete(model)
        db.execute(stmt if seller_id is None else stmt.where(model.seller_id == seller_id))
    days: dict[tuple[Any, ...], list[int]] = {}
    frames: dict[tuple[Any, ...], int] = {}
    columns = [getattr(ViewerSession, f) for f in FIELDS]
    query = select(*columns).where(ViewerSession.ended_at.is_not(None))
    if seller_id is not None:
        query = query.where(ViewerSession.seller_id == seller_id)
    counted = 0
    for row in db.execute(query.execution_options(yield_per=50_000)):
        found = contribution(dict(zip(FIELDS, row, strict=True)))
        if found is None:
            continue
        counted += 1
        key, sums, bucket = found
        k = tuple(key[c] for c in KEY)
        into = days.setdefault(k, [0] * len(SUMS))
        for i, name in enumerate(SUMS):
            into[i] += sums[name]
        if bucket is not None:
            frames[(*k, bucket)] = frames.get((*k, bucket), 0) + 1
    _insert(db, SessionDay, [dict(zip(KEY + SUMS, (*k, *s), strict=True)) for k, s in days.items()])
    names = (*KEY, "bucket_ms", "sessions")
    rows = [dict(zip(names, (*k, n), strict=True)) for k, n in frames.items()]
    _insert(db, FirstFrameDay, rows)
    if seller_id is not None:
        shows = select(SessionDay.show_id).where(SessionDay.seller_id == seller_id).distinct()
        show_peaks.peaks(db, seller_id, list(db.scalars(shows)), None)
    return counted


def _insert(db: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    for i in range(0, len(rows), 10_000):
        db.execute(insert(model), rows[i : i + 10_000])
