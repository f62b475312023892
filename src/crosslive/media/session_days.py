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
    ColumnElement,
    Connection,
    Date,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    case,
    cast,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
)
from sqlalchemy.orm import Mapped, Mapper, Session, mapped_column

from crosslive.db import Base
from crosslive.media import show_peaks
from crosslive.media.models import ViewerSession
from crosslive.media.show_peaks import ShowPeak
from crosslive.summary_rows import add_to, day_of, dialect_name

FIRST_FRAME_BUCKET_MS = 10
# Watch-time bucket columns: sessions that watched under this many seconds.
UNDER = {"under_10s": 10, "under_60s": 60, "under_300s": 300, "under_900s": 900}
KEY = ("seller_id", "show_id", "day", "market_code", "country", "device")
UNIQUE = KEY[1:]  # the unique key leaves out the store (a show is in one)
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
    days: Any = SessionDay.__table__
    add_to(conn, days, key, {k: sign * n for k, n in sums.items()}, UNIQUE)
    if bucket is not None:
        frames: Any = FirstFrameDay.__table__
        add_to(
            conn, frames, key | {"bucket_ms": bucket}, {"sessions": sign}, (*UNIQUE, "bucket_ms")
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


def _floor(conn: Connection | Session, x: Any) -> Any:
    """floor(X) in SQL (SQLite builds without the math functions have no floor())."""
    if dialect_name(conn) == "postgresql":
        return cast(func.floor(x), BigInteger)
    whole = cast(x, Integer)
    return case((x < whole, whole - 1), else_=whole)


def _rounded(conn: Connection | Session, x: Any) -> Any:
    """round(X) as Python rounds a float (half to even), in SQL: X - floor(X) is exact, so
    the halves are found exactly."""
    down = _floor(conn, x)
    even = down + func.abs(down % 2)
    return cast(case((x - down > 0.5, down + 1), (x - down < 0.5, down), else_=even), BigInteger)


def rebuild(db: Session, seller_id: int | None = None) -> int:
    """Recompute the summaries from the sessions (of one store, or all) with one INSERT ...
    SELECT ... GROUP BY per table, the figures worked out in SQL exactly as `contribution`
    does, forgetting the remembered peaks (a store's are worked out again); returns how many
    sessions were summed."""
    for model in (SessionDay, FirstFrameDay, ShowPeak):
        stmt = delete(model)
        db.execute(stmt if seller_id is None else stmt.where(model.seller_id == seller_id))
    s = ViewerSession
    mine: list[ColumnElement[bool]] = [s.ended_at.is_not(None), s.started_at.is_not(None)]
    if seller_id is not None:
        mine.append(s.seller_id == seller_id)
    # Each session's key and figures in a subquery (bound values in GROUP BY expressions
    # would not match on PostgreSQL), summed by the outer query.
    watch = func.coalesce(s.watch_s, 0.0)
    watch_ds = _rounded(db, watch * 10)
    each = select(
        s.seller_id.label("seller_id"),
        s.show_id.label("show_id"),
        day_of(db, s.started_at).label("day"),
        *(func.coalesce(getattr(s, name), "").label(name) for name in KEY[3:]),
        watch_ds.label("watch_ds"),
        _rounded(db, func.coalesce(s.freeze_s, 0.0) * 1000).label("freeze_ms"),
        func.coalesce(s.freezes, 0).label("freezes"),
        (_rounded(db, func.coalesce(s.avg_kbps, 0.0) * 10) * watch_ds).label("kbps_ds2"),
        (func.coalesce(s.layer_ups, 0) + func.coalesce(s.layer_downs, 0)).label("switches"),
        *(case((watch < bound, 1), else_=0).label(name) for name, bound in UNDER.items()),
        (s.first_frame_ms // FIRST_FRAME_BUCKET_MS * FIRST_FRAME_BUCKET_MS).label("bucket_ms"),
    ).where(*mine)
    rows = each.subquery("each")
    key = [rows.c[name] for name in KEY]
    days = select(*key, func.count(), *(func.sum(rows.c[name]) for name in SUMS[1:]))
    db.execute(insert(SessionDay).from_select([*KEY, *SUMS], days.group_by(*key)))
    frames = select(*key, rows.c.bucket_ms, func.count()).where(rows.c.bucket_ms.is_not(None))
    frames = frames.group_by(*key, rows.c.bucket_ms)
    db.execute(insert(FirstFrameDay).from_select([*KEY, "bucket_ms", "sessions"], frames))
    if seller_id is not None:
        shows = select(SessionDay.show_id).where(SessionDay.seller_id == seller_id).distinct()
        show_peaks.peaks(db, seller_id, list(db.scalars(shows)), None)
    total = select(func.coalesce(func.sum(SessionDay.sessions), 0))
    if seller_id is not None:
        total = total.where(SessionDay.seller_id == seller_id)
    return int(db.scalar(total) or 0)
