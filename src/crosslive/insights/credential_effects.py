"""What works: the conversion of viewers who saw a credential of a type (pushed while they
watched, or opened in a product sheet's trust panel) against those who watched the same shows
and did not, per credential type and market, with a 95 % Wilson interval."""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from crosslive.events import action_viewers
from crosslive.insights.report import Cell, Table
from crosslive.insights.scope import Scope, start_of
from crosslive.insights.stats import MIN_LINES, rate, wilson
from crosslive.insights.watcher_groups import EVERY_MARKET, WatcherGroup
from crosslive.shows.models import Show, ShowHost

NOT_ENOUGH = "not enough data"
COLUMNS = ["credential_type", "market", "group", "viewers", "ordered", "conversion"]
COLUMNS += ["ci_low", "ci_high", "note"]


def credentials_table(db: Session, scope: Scope) -> Table:
    """Read from the watchers' groups (crosslive.insights.watcher_groups) of SCOPE's shows."""
    f = scope.filters
    g = WatcherGroup
    stmt = (
        select(g.market_code, g.seen, g.order_days, func.sum(g.viewers))
        .where(*_shows(scope), g.market_filter == (f.market or EVERY_MARKET))
        .group_by(g.market_code, g.seen, g.order_days)
    )
    since = f.since.isoformat() if f.since else ""
    until = f.until.isoformat() if f.until else "9999-12-31"
    # per market: all viewers and buyers; per (type, market): those who saw it and bought
    everyone: dict[str, list[int]] = {}
    saw: dict[tuple[str, str], list[int]] = {}
    for market, seen, days, n in db.execute(stmt):
        if not n:
            continue
        # ISO days compare as text
        ordered = int(any(since <= day <= until for day in days.split(",") if day))
        label = market or "unknown"
        into = everyone.setdefault(label, [0, 0])
        into[0] += int(n)
        into[1] += int(n) * ordered
        for kind in seen.split(",") if seen else ():
            more = saw.setdefault((kind, label), [0, 0])
            more[0] += int(n)
            more[1] += int(n) * ordered
    table = Table("Credentials: conversion of viewers who saw one and who did not", COLUMNS)
    for kind in action_viewers.seen_types(db, scope.seller_id):
        for market in sorted(everyone):
            n, k = saw.get((kind, market), (0, 0))
            total, bought = everyone[market]
            table.add(credential_type=kind, market=market, group="saw", **_figures(n, k))
            table.add(
                credential_type=kind,
                market=market,
                group="did_not_see",
                **_figures(total - n, bought - k),
            )
    return table


def _shows(scope: Scope) -> list[ColumnElement[bool]]:
    """The groups of SCOPE's store and shows: the host's, the one asked for, and those
    scheduled in the date range."""
    f = scope.filters
    g = WatcherGroup
    parts: list[ColumnElement[bool]] = [g.seller_id == scope.seller_id]
    if scope.host_id is not None:
        parts.append(
            g.show_id.in_(select(ShowHost.show_id).where(ShowHost.user_id == scope.host_id))
        )
    if f.show_id is not None:
        parts.append(g.show_id == f.show_id)
    if f.since is not None or f.until is not None:
        shows = select(Show.id).where(Show.seller_id == scope.seller_id)
        if f.since is not None:
            shows = shows.where(Show.scheduled_at >= start_of(f.since))
        if f.until is not None:
            shows = shows.where(Show.scheduled_at < start_of(f.until, days=1))
        parts.append(g.show_id.in_(shows))
    return parts


def _figures(n: int, k: int) -> dict[str, Cell]:
    cells: dict[str, Cell] = {"viewers": n, "ordered": k}
    if n < MIN_LINES:
        return {**cells, "note": NOT_ENOUGH}
    low, high = wilson(k, n)
    return {**cells, "conversion": rate(k, n), "ci_low": round(low, 4), "ci_high": round(high, 4)}
