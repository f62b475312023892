"""Video quality from the viewers' own playback sessions: time to first frame, frozen time,
freezes, bitrate and layer switches, overall, per show, market, region (country) and device;
viewers lost in the first 10 s; and a warning for each show that played worse than the
store's usual."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from crosslive.insights.report import Cell, Report, Table
from crosslive.insights.scope import Scope
from crosslive.insights.stats import rate
from crosslive.media.session_days import FirstFrameDay, SessionDay
from crosslive.shows.models import Show, ShowHost

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
    "by_show": "show",
    "by_market": "market",
    "by_region": "region",
    "by_device": "device",
}


def days_filter(scope: Scope, model: type[SessionDay] | type[FirstFrameDay]) -> ColumnElement[bool]:
    """Summary rows of the store's shows in SCOPE (a host's own shows; the date range is the
    day the session started, UTC)."""
    f = scope.filters
    parts = [model.seller_id == scope.seller_id]
    if scope.host_id is not None:
        hosted = select(ShowHost.show_id).where(ShowHost.user_id == scope.host_id)
        parts.append(model.show_id.in_(hosted))
    if f.show_id is not None:
        parts.append(model.show_id == f.show_id)
    if f.market is not None:
        parts.append(model.market_code == f.market)
    if f.since is not None:
        parts.append(model.day >= f.since)
    if f.until is not None:
        parts.append(model.day <= f.until)
    return and_(*parts)


def quality_report(db: Session, scope: Scope) -> Report:
    found = figures(db, scope)
    store = found["overall"].get("", _empty())
    tables = {"overall": _table("Video quality", "scope", {"store": store})}
    titles = _titles(db, scope)
    for key, name in GROUPS.items():
        rows = found[key]
        if key == "by_show":
            rows = {titles.get(int(k), str(k)): v for k, v in rows.items()}
        else:
            rows = {(k or "unknown"): v for k, v in rows.items()}
        tables[key] = _table(f"Video quality by {name}", name, rows)
    tables["warnings"] = _warnings(tables["by_show"], store)
    return Report("quality", scope.filters.as_dict(), tables)


def _titles(db: Session, scope: Scope) -> dict[int, str]:
    stmt = select(Show.id, Show.title).where(Show.seller_id == scope.seller_id)
    return {i: t for i, t in db.execute(stmt)}


Sums = list[float]  # sessions, watch s, frozen s, freezes, kbit/s x s, switches, lost
GROUP_KEYS = {
    "by_show": "show_id",
    "by_market": "market_code",
    "by_region": "country",
    "by_device": "device",
}


def figures(db: Session, scope: Scope) -> dict[str, dict[Any, dict[str, Cell]]]:
    """The quality figures of the ended sessions in SCOPE, overall and per group of GROUPS,
    from the per-day summaries (crosslive.media.session_days): one query per show, market,
    country and device gives them all, as the sums are additive."""
    d = SessionDay
    columns = [getattr(d, name) for name in GROUP_KEYS.values()]
    stmt = (
        select(
            *columns,
            func.sum(d.sessions),
            func.sum(d.watch_ds),
            func.sum(d.freeze_ms),
            func.sum(d.freezes),
            func.sum(d.kbps_ds2),
            func.sum(d.switches),
            func.sum(d.under_10s),
        )
        .where(days_filter(scope, d))
        .group_by(*columns)
        .having(func.sum(d.sessions) > 0)
    )
    scale = (1, 10, 1000, 1, 100, 1, 1)
    sums: dict[str, dict[Any, Sums]] = {key: {} for key in ("overall", *GROUPS)}
    for row in db.execute(stmt):
        values = [int(cast(int, v) or 0) for v in row[len(columns) :]]
        for key, value in (("overall", ""), *zip(GROUPS, row[: len(columns)], strict=True)):
            into = sums[key].setdefault(value, [0] * len(values))
            for k, v in enumerate(values):
                into[k] += v
    found = {
        key: {g: _finish([v / n for v, n in zip(s, scale, strict=True)]) for g, s in groups.items()}
        for key, groups in sums.items()
    }
    _first_frames(db, scope, found)
    return found


def _finish(sums: Sums) -> dict[str, Cell]:
    n, watch, frozen, freezes, kbps_s, switches, lost = sums
    hours = watch / 3600
    return {
        "sessions": int(n),
        "ttff_p50_ms": None,
        "ttff_p95_ms": None,
        "frozen_share": round(min(1.0, frozen / watch), 4) if watch else None,
        "freezes_per_hour": round(freezes / hours, 2) if hours else None,
        "avg_kbps": round(kbps_s / watch, 1) if watch else None,
        "switches_per_hour": round(switches / hours, 2) if hours else None,
        "lost_first_10s": int(lost),
        "lost_share": rate(int(lost), int(n)),
    }


def _first_frames(db: Session, scope: Scope, found: dict[str, dict[Any, dict[str, Cell]]]) -> None:
    """Nearest-rank p50 and p95 of the time to first frame overall and per group, from the
    count of sessions in each 10 ms bucket (FIRST_FRAME_BUCKET_MS; a percentile is the
    bucket's lower bound)."""
    f = FirstFrameDay
    for key in ("overall", *GROUPS):
        column = [] if key == "overall" else [getattr(f, GROUP_KEYS[key])]
        # The histogram of each group summed in SQL: one row per group and bucket.
        stmt = (
            select(*column, f.bucket_ms, func.sum(f.sessions))
            .where(days_filter(scope, f), f.sessions > 0)
            .group_by(*column, f.bucket_ms)
        )
        by_group: dict[Any, dict[int, int]] = {}
        for *group, ms, n in db.execute(stmt):
            by_group.setdefault(group[0] if group else "", {})[int(ms)] = int(n)
        for g, values in by_group.items():
            if g in found[key]:
                found[key][g]["ttff_p50_ms"] = _rank(values, 50)
                found[key][g]["ttff_p95_ms"] = _rank(values, 95)


def _rank(counts: dict[int, int], percent: int) -> int:
    """The ceil(PERCENT % x n)-th smallest value of COUNTS (value -> how many)."""
    wanted = (sum(counts.values()) * percent + 99) // 100
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if seen >= wanted:
            return value
    return max(counts)


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
