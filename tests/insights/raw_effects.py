"""The What works figures counted straight from the raw order lines, returns, sessions,
actions and orders, as the report did before its summary tables: the reference the
summaries are checked against."""

from __future__ import annotations

from sqlalchemy import Subquery, and_, case, exists, func, select
from sqlalchemy.orm import Session

from crosslive.catalog.models import SizeChartRow
from crosslive.catalog.size_option import variant_sizes
from crosslive.events.actions import ActionKind
from crosslive.events.models import ViewerAction
from crosslive.insights.effects import GROUPS, _group
from crosslive.insights.report import Cell, Table
from crosslive.insights.scope import Scope, delivered_lines, start_of
from crosslive.insights.stats import MIN_LINES, rate, wilson
from crosslive.media.models import ViewerSession
from crosslive.orders.models import Order
from crosslive.shows.models import Show, ShowHost

NOT_ENOUGH = "not enough data"
COLUMNS = ["credential_type", "market", "group", "viewers", "ordered", "conversion"]
COLUMNS += ["ci_low", "ci_high", "note"]


def raw_credentials(db: Session, scope: Scope) -> Table:
    watchers = _watchers(scope)
    seen_types = select(ViewerAction.detail).where(
        ViewerAction.seller_id == scope.seller_id,
        ViewerAction.kind == ActionKind.CREDENTIAL_SEEN.value,
    )
    # Joins on (show, viewer), not a look-up per watcher: orders have no index on the viewer.
    buyers = (
        select(Order.show_id, Order.viewer_id).where(scope.order_filter()).distinct()
    ).subquery("buyers")
    table = Table("Credentials: conversion of viewers who saw one and who did not", COLUMNS)
    for kind in sorted(set(db.scalars(seen_types.distinct()))):
        saw = (
            select(ViewerAction.show_id, ViewerAction.viewer_id)
            .where(
                ViewerAction.seller_id == scope.seller_id,
                ViewerAction.kind == ActionKind.CREDENTIAL_SEEN.value,
                ViewerAction.detail == kind,
            )
            .distinct()
        ).subquery("saw")
        each = (
            select(
                watchers.c.market.label("market"),
                case((saw.c.viewer_id.is_(None), 0), else_=1).label("saw"),
                case((buyers.c.viewer_id.is_(None), 0), else_=1).label("ordered"),
            )
            .select_from(watchers)
            .outerjoin(
                saw,
                and_(saw.c.show_id == watchers.c.show_id, saw.c.viewer_id == watchers.c.viewer_id),
            )
            .outerjoin(
                buyers,
                and_(
                    buyers.c.show_id == watchers.c.show_id,
                    buyers.c.viewer_id == watchers.c.viewer_id,
                ),
            )
        ).subquery("each")
        stmt = select(each.c.market, each.c.saw, func.count(), func.sum(each.c.ordered)).group_by(
            each.c.market, each.c.saw
        )
        counts: dict[tuple[str, bool], tuple[int, int]] = {}
        for market, did_see, n, k in db.execute(stmt):
            counts[(market or "unknown", bool(did_see))] = (int(n), int(k or 0))
        for market in sorted({m for m, _ in counts}):
            for did_see, group in ((True, "saw"), (False, "did_not_see")):
                n, k = counts.get((market, did_see), (0, 0))
                table.add(credential_type=kind, market=market, group=group, **_figures(n, k))
    return table


def _watchers(scope: Scope) -> Subquery:
    """One row per viewer (with an identity) and show they watched, in SCOPE's shows, with
    the market of their first session there."""
    f = scope.filters
    s = ViewerSession
    parts = [s.seller_id == scope.seller_id, s.viewer_id.is_not(None)]
    if scope.host_id is not None:
        parts.append(
            s.show_id.in_(select(ShowHost.show_id).where(ShowHost.user_id == scope.host_id))
        )
    if f.show_id is not None:
        parts.append(s.show_id == f.show_id)
    if f.market is not None:
        parts.append(s.market_code == f.market)
    if f.since is not None or f.until is not None:
        shows = select(Show.id).where(Show.seller_id == scope.seller_id)
        if f.since is not None:
            shows = shows.where(Show.scheduled_at >= start_of(f.since))
        if f.until is not None:
            shows = shows.where(Show.scheduled_at < start_of(f.until, days=1))
        parts.append(s.show_id.in_(shows))
    return (
        select(
            s.show_id.label("show_id"),
            s.viewer_id.label("viewer_id"),
            func.min(s.market_code).label("market"),
        )
        .where(and_(*parts))
        .group_by(s.show_id, s.viewer_id)
        .subquery("watchers")
    )


def _figures(n: int, k: int) -> dict[str, Cell]:
    cells: dict[str, Cell] = {"viewers": n, "ordered": k}
    if n < MIN_LINES:
        return {**cells, "note": NOT_ENOUGH}
    low, high = wilson(k, n)
    return {**cells, "conversion": rate(k, n), "ci_low": round(low, 4), "ci_high": round(high, 4)}


def raw_size_advice(db: Session, scope: Scope) -> dict[str, tuple[int, int]]:
    """Per advisor group: lines and returned lines of the delivered lines in SCOPE."""
    lines = delivered_lines(scope)
    sized = exists().where(SizeChartRow.product_id == lines.c.product_id)
    stmt = (
        select(
            lines.c.variant_id,
            lines.c.advised_size,
            func.count().label("lines"),
            func.count(lines.c.returned_units).label("returned"),
        )
        .where(sized)
        .group_by(lines.c.variant_id, lines.c.advised_size)
    )
    rows = db.execute(stmt).all()
    sizes = variant_sizes(db, [r.variant_id for r in rows if r.variant_id is not None])
    found = {group: (0, 0) for group in GROUPS}
    for variant_id, advised, n, k in rows:
        group = _group(advised, sizes.get(variant_id))
        found[group] = (found[group][0] + int(n), found[group][1] + int(k))
    return found
