"""Video quality from the viewers' own playback sessions: time to first frame, frozen time,
freezes, bitrate and layer switches, overall, per show, market, region (country) and device;
viewers lost in the first 10 s; and a warning for each show that played worse than the
store's usual."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, select
from sqlalchemy.orm import Session

from crosslive.insights.report import Cell, Report, Table
from crosslive.insights.scope import Scope, start_of
from crosslive.insights.stats import rate
from crosslive.media.models import ViewerSession
from crosslive.shows.models import Show, ShowHost

LOST_WITHIN_S = 10.0
# A show is flagged when its frozen share is over WORSE times the store's (and over
# MIN_FROZEN), or its first-frame p95 over WORSE times the store's; with MIN_SESSIONS.
WORSE = 1.5
MIN_FROZEN = 0.01
MIN_SESSIONS = 20
COLUMNS = [
    "sessions",
    "ttff_p50_ms",
    "ttff_p95_ms",
    "frozen_share",
    "freezes_per_hour",
    "avg_kbps",
    "switches_per_hour",
    "lost_first_10s",
    "lost_share",
]
GROUPS = {
    "by_show": ("show", ViewerSession.show_id),
    "by_market": ("market", ViewerSession.market_code),
    "by_region": ("region", ViewerSession.country),
    "by_device": ("device", ViewerSession.device),
}


def sessions_filter(scope: Scope) -> ColumnElement[bool]:
    """Ended sessions of the store's shows in SCOPE (a host's own shows; the date range
    is the session's start)."""
    f = scope.filters
    parts = [ViewerSession.seller_id == scope.seller_id, ViewerSession.ended_at.is_not(None)]
    if scope.host_id is not None:
        hosted = select(ShowHost.show_id).where(ShowHost.user_id == scope.host_id)
        parts.append(ViewerSession.show_id.in_(hosted))
    if f.show_id is not None:
        parts.append(ViewerSession.show_id == f.show_id)
    if f.market is not None:
        parts.append(ViewerSession.market_code == f.market)
    if f.since is not None:
        parts.append(ViewerSession.started_at >= start_of(f.since))
    if f.until is not None:
        parts.append(ViewerSession.started_at < start_of(f.until, days=1))
    return and_(*parts)


def quality_report(db: Session, scope: Scope) -> Report:
    where = sessions_filter(scope)
    overall = figures(db, where, literal(""))
    store = overall.get("", _empty())
    tables = {"overall": _table("Video quality", "scope", {"store": store})}
    titles = _titles(db, scope)
    for key, (name, column) in GROUPS.items():
        found = figures(db, where, column)
        if key == "by_show":
            found = {titles.get(int(k), str(k)): v for k, v in found.items()}
        else:
            found = {(k or "unknown"): v for k, v in found.items()}
        tables[key] = _table(f"Video quality by {name}", name, found)
    tables["warnings"] = _warnings(tables["by_show"], store)
    return Report("quality", scope.filters.as_dict(), tables)


def _titles(db: Session, scope: Scope) -> dict[int, str]:
    stmt = select(Show.id, Show.title).where(Show.seller_id == scope.seller_id)
    return {i: t for i, t in db.execute(stmt)}


def figures(db: Session, where: ColumnElement[bool], group: Any) -> dict[Any, dict[str, Cell]]:
    """The quality figures of the sessions matching WHERE, per value of GROUP."""
    s = ViewerSession
    stmt = (
        select(
            group.label("g"),
            func.count(),
            func.coalesce(func.sum(s.watch_s), 0.0),
            func.coalesce(func.sum(s.freeze_s), 0.0),
            func.coalesce(func.sum(s.freezes), 0),
            func.coalesce(func.sum(s.avg_kbps * s.watch_s), 0.0),
            func.coalesce(func.sum(s.layer_ups + s.layer_downs), 0),
            func.sum(case((s.watch_s < LOST_WITHIN_S, 1), else_=0)),
        )
        .where(where)
        .group_by(group)
    )
    found: dict[Any, dict[str, Cell]] = {}
    for g, n, watch, frozen, freezes, kbps_s, switches, lost in db.execute(stmt):
        hours = float(watch) / 3600
        found[g] = {
            "sessions": int(n),
            "ttff_p50_ms": None,
            "ttff_p95_ms": None,
            "frozen_share": round(min(1.0, float(frozen) / float(watch)), 4) if watch else None,
            "freezes_per_hour": round(int(freezes) / hours, 2) if hours else None,
            "avg_kbps": round(float(kbps_s) / float(watch), 1) if watch else None,
            "switches_per_hour": round(int(switches) / hours, 2) if hours else None,
            "lost_first_10s": int(lost or 0),
            "lost_share": rate(int(lost or 0), int(n)),
        }
    for g, p50, p95 in _first_frame_percentiles(db, where, group):
        if g in found:
            found[g]["ttff_p50_ms"], found[g]["ttff_p95_ms"] = p50, p95
    return found


def _first_frame_percentiles(
    db: Session, where: ColumnElement[bool], group: Any
) -> list[tuple[Any, int | None, int | None]]:
    """Nearest-rank p50 and p95 of the time to first frame per group, by window functions
    (the same on SQLite and PostgreSQL, which alone has percentile_cont)."""
    s = ViewerSession
    ranked = (
        select(
            group.label("g"),
            s.first_frame_ms.label("ms"),
            func.row_number().over(partition_by=group, order_by=s.first_frame_ms).label("rn"),
            func.count().over(partition_by=group).label("n"),
        )
        .where(where, s.first_frame_ms.is_not(None))
        .subquery("ranked")
    )
    # Nearest rank: the ceil(p * n)-th value, in integer arithmetic.
    p50 = (ranked.c.n * 50 + 99) // 100
    p95 = (ranked.c.n * 95 + 99) // 100
    stmt = (
        select(
            ranked.c.g,
            func.max(case((ranked.c.rn == p50, ranked.c.ms))),
            func.max(case((ranked.c.rn == p95, ranked.c.ms))),
        )
        .where((ranked.c.rn == p50) | (ranked.c.rn == p95))
        .group_by(ranked.c.g)
    )
    return [(g, _int(a), _int(b)) for g, a, b in db.execute(stmt)]


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def _empty() -> dict[str, Cell]:
    empty: dict[str, Cell] = dict.fromkeys(COLUMNS)
    return empty | {"sessions": 0, "lost_first_10s": 0}


def _table(title: str, key: str, rows: dict[Any, dict[str, Cell]]) -> Table:
    table = Table(title, [key, *COLUMNS])
    for name in sorted(rows, key=str):
        table.add(**{key: name}, **rows[name])
    return table


def _warnings(by_show: Table, store: dict[str, Cell]) -> Table:
    table = Table(
        "Shows that played worse than the store's usual",
        ["show", "sessions", "figure", "show_value", "store_value"],
    )
    for row in by_show.rows:
        sessions = row["sessions"]
        if not isinstance(sessions, int) or sessions < MIN_SESSIONS:
            continue
        for figure, floor in (("frozen_share", MIN_FROZEN), ("ttff_p95_ms", 0)):
            value, usual = row[figure], store[figure]
            if not isinstance(value, int | float) or not isinstance(usual, int | float):
                continue
            if value > floor and value > WORSE * usual:
                table.add(
                    show=row["show"],
                    sessions=sessions,
                    figure=figure,
                    show_value=value,
                    store_value=usual,
                )
    return table
