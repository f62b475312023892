"""Per show: who watched and how far they got (the funnel from watching to keeping the order),
peak and average concurrent viewers, watch time, questions answered and conversion by market."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    and_,
    func,
    select,
)
from sqlalchemy.orm import Session

from crosslive.events import action_viewers
from crosslive.events.models import ShowEvent
from crosslive.insights import show_figures
from crosslive.insights.report import Table
from crosslive.insights.scope import Scope
from crosslive.insights.stats import rate
from crosslive.media import show_peaks, show_viewers
from crosslive.media.models import ViewerSession
from crosslive.media.session_days import SessionDay
from crosslive.shows.models import Show

FUNNEL = ["viewers", "sheet_opened", "added_to_cart", "checkout_started", "ordered", "paid", "kept"]
# Watch time buckets (seconds, upper bound exclusive) of ended sessions.
WATCH_BUCKETS = (("under_10s", 10), ("s10_to_1m", 60), ("m1_to_5m", 300), ("m5_to_15m", 900))
WATCH_TOP = "m15_plus"
ACTION_STEPS = ("sheet_opened", "added_to_cart", "checkout_started")


def viewer_of(session: type[ViewerSession] = ViewerSession) -> ColumnElement[str]:
    """Who watched: the viewer's id, or the session's own key for a viewer without one."""
    return func.coalesce(session.viewer_id, session.viewer_key)


def seconds_between(db: Session, later: Any, earlier: Any) -> ColumnElement[float]:
    """LATER - EARLIER in seconds, in SQL, the same on SQLite and PostgreSQL."""
    if db.get_bind().dialect.name == "postgresql":
        return cast(ColumnElement[float], func.extract("epoch", later - earlier))
    return (func.julianday(later) - func.julianday(earlier)) * 86400.0


def _sessions(scope: Scope, ids: list[int]) -> ColumnElement[bool]:
    parts: list[ColumnElement[bool]] = [ViewerSession.show_id.in_(ids)]
    if scope.filters.market is not None:
        parts.append(ViewerSession.market_code == scope.filters.market)
    return and_(*parts)


def funnel_table(db: Session, scope: Scope, shows: dict[int, str]) -> Table:
    ids = list(shows)
    steps: dict[int, dict[str, int]] = {i: dict.fromkeys(FUNNEL, 0) for i in ids}
    # Distinct viewers per show, kept by crosslive.media.show_viewers as sessions are written.
    for show_id, n in show_viewers.viewers(db, ids, scope.filters.market).items():
        steps[show_id]["viewers"] = n
    # Distinct viewers per show and step, kept by crosslive.events.action_viewers.
    acted = action_viewers.step_viewers(db, ids, ACTION_STEPS, scope.filters.market)
    for (show_id, kind), n in acted.items():
        steps[show_id][kind] = n
    # Distinct buyers per show, kept by crosslive.insights.show_days.
    for show_id, (ordered, paid, kept) in show_figures.buyers(db, scope, ids).items():
        steps[show_id].update(ordered=ordered, paid=paid, kept=kept)
    table = Table("Funnel per show (distinct viewers)", ["show_id", "show", *FUNNEL, "conversion"])
    for show_id, title in shows.items():
        row = steps[show_id]
        table.add(
            show_id=show_id,
            show=title,
            **row,
            conversion=rate(row["ordered"], row["viewers"]),
        )
    return table


def concurrency_table(
    db: Session, scope: Scope, shows: dict[int, str], live: dict[int, tuple[Any, Any]]
) -> Table:
    """Peak and average concurrent viewers and the watch time of each show."""
    ids = list(shows)
    peaks = show_peaks.peaks(db, scope.seller_id, ids, scope.filters.market)
    watch = _watch(db, scope, ids)
    columns = ["show_id", "show", "sessions", "peak_concurrent", "avg_concurrent"]
    columns += ["watch_hours", *(name for name, _ in WATCH_BUCKETS), WATCH_TOP]
    table = Table("Viewers and watch time per show", columns)
    for show_id, title in shows.items():
        ended, seconds, *below = watch.get(show_id, (0, 0.0, *([0] * len(WATCH_BUCKETS))))
        counts = _bucket_counts([int(b or 0) for b in below], int(ended))
        table.add(
            show_id=show_id,
            show=title,
            sessions=int(ended),
            peak_concurrent=int(peaks.get(show_id) or 0),
            avg_concurrent=_average(float(seconds), live.get(show_id)),
            watch_hours=round(float(seconds) / 3600, 2),
            **counts,
        )
    return table


def _watch(db: Session, scope: Scope, ids: list[int]) -> dict[int, tuple[Any, ...]]:
    """Per show: ended sessions, watch seconds and the sessions under each WATCH_BUCKETS
    bound, from the per-day summaries (crosslive.media.session_days)."""
    d = SessionDay
    stmt = select(
        d.show_id,
        func.sum(d.sessions),
        func.sum(d.watch_ds),
        *(func.sum(getattr(d, f"under_{upper}s")) for _, upper in WATCH_BUCKETS),
    ).where(d.show_id.in_(ids))
    if scope.filters.market is not None:
        stmt = stmt.where(d.market_code == scope.filters.market)
    found = {}
    for show_id, sessions, watch_ds, *below in db.execute(stmt.group_by(d.show_id)):
        found[show_id] = (sessions, int(watch_ds or 0) / 10, *below)
    return found


def _bucket_counts(below: list[int], total: int) -> dict[str, int]:
    """Cumulative counts under each bound -> counts per bucket."""
    counts, previous = {}, 0
    for (name, _), under in zip(WATCH_BUCKETS, below, strict=True):
        counts[name] = under - previous
        previous = under
    counts[WATCH_TOP] = total - previous
    return counts


def _average(seconds: float, live: tuple[datetime | None, datetime | None] | None) -> float | None:
    """Watch seconds / the seconds the show was live; None until it has ended."""
    if live is None or live[0] is None or live[1] is None:
        return None
    duration = (live[1] - live[0]).total_seconds()
    return round(seconds / duration, 2) if duration > 0 else None


def live_times(db: Session, ids: Iterable[int]) -> dict[int, tuple[Any, Any]]:
    stmt = select(Show.id, Show.started_at, Show.ended_at).where(Show.id.in_(list(ids)))
    return {i: (start, end) for i, start, end in db.execute(stmt)}


def answered_instantly(db: Session, ids: list[int]) -> dict[int, int]:
    """Per show: the questions the assistant answered without handing them to the host."""
    instant = select(ShowEvent.show_id, ShowEvent.payload).where(
        ShowEvent.show_id.in_(ids), ShowEvent.kind == "auto_answer"
    )
    messages: dict[int, set[object]] = {}
    for show_id, payload in db.execute(instant):
        if isinstance(payload, dict) and not payload.get("escalated"):
            messages.setdefault(show_id, set()).add(payload.get("message_id"))
    return {show_id: len(answered) for show_id, answered in messages.items()}


def _pairs(rows: Iterable[Any]) -> dict[Any, Any]:
    return {k: v for k, v in rows}


def markets_table(db: Session, scope: Scope, ids: list[int]) -> Table:
    """Per market: viewers (sessions in it), viewers who ordered, conversion."""
    f = scope.filters
    whole_store = scope.host_id is None and f.since is None and f.until is None
    whole_store = whole_store and f.show_id is None
    if whole_store:
        # Every show of the store: the viewers per market kept by crosslive.media.show_viewers.
        watched: dict[Any, Any] = show_viewers.market_viewers(db, scope.seller_id, f.market)
    else:
        watched = _pairs(
            db.execute(
                select(ViewerSession.market_code, func.count(func.distinct(viewer_of())))
                .where(_sessions(scope, ids))
                .group_by(ViewerSession.market_code)
            )
        )
    # The buyers per market, kept by crosslive.insights.show_days.
    ordered: dict[Any, Any] = show_figures.market_buyers(db, scope, ids, whole_store)
    table = Table("Conversion by market", ["market", "viewers", "ordered", "conversion"])
    for market in sorted({m or "" for m in watched} | {m or "" for m in ordered}):
        viewers, buyers = int(watched.get(market) or 0), int(ordered.get(market) or 0)
        table.add(
            market=market or "unknown",
            viewers=viewers,
            ordered=buyers,
            conversion=rate(buyers, viewers),
        )
    return table
