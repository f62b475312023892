"""The Shows report's order, buyer, money and chat figures read from their summaries
(crosslive.insights.show_days, answer_days and show_chat), with every filter: the shows are
the rows, the days, the market and a host's shows columns of the keys."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import Session

from crosslive.insights.answer_days import RefundDay
from crosslive.insights.scope import Scope
from crosslive.insights.show_chat import ShowChat
from crosslive.insights.show_days import (
    EVERY_MARKET,
    MarketBuyerCount,
    ShowBuyer,
    ShowBuyerCount,
    ShowOrderDay,
)


def _rows(scope: Scope, model: Any, ids: list[int]) -> ColumnElement[bool]:
    """The rows of MODEL of SCOPE's store, shows IDS (a host's shows are among them), days
    and market."""
    f = scope.filters
    parts: list[ColumnElement[bool]] = [model.seller_id == scope.seller_id, model.show_id.in_(ids)]
    if f.since is not None:
        parts.append(model.day >= f.since)
    if f.until is not None:
        parts.append(model.day <= f.until)
    if f.market is not None:
        parts.append(model.market_code == f.market)
    return and_(*parts)


def _dated(scope: Scope) -> bool:
    return scope.filters.since is not None or scope.filters.until is not None


def order_counts(db: Session, scope: Scope, ids: list[int]) -> dict[int, dict[str, int]]:
    """Per show: orders, paid orders and kept orders."""
    d = ShowOrderDay
    stmt = (
        select(d.show_id, func.sum(d.orders), func.sum(d.paid), func.sum(d.kept))
        .where(_rows(scope, d, ids))
        .group_by(d.show_id)
        .having(func.sum(d.orders) > 0)
    )
    return {
        show: {"orders": int(n), "paid": int(paid), "kept": int(kept)}
        for show, n, paid, kept in db.execute(stmt)
    }


def money(db: Session, scope: Scope, ids: list[int]) -> dict[tuple[int, str], list[int]]:
    """Per show and currency: [revenue of the paid orders, refunds on its orders]."""
    found: dict[tuple[int, str], list[int]] = {}
    d, r = ShowOrderDay, RefundDay
    paid = (
        select(d.show_id, d.currency, func.sum(d.revenue_minor))
        .where(_rows(scope, d, ids))
        .group_by(d.show_id, d.currency)
        .having(func.sum(d.paid) > 0)
    )
    refunds = (
        select(r.show_id, r.currency, func.sum(r.amount_minor))
        .where(_rows(scope, r, ids))
        .group_by(r.show_id, r.currency)
        .having(func.sum(r.refunds) > 0)
    )
    for column, stmt in enumerate((paid, refunds)):
        for show_id, currency, amount in db.execute(stmt):
            found.setdefault((show_id, currency), [0, 0])[column] = int(amount)
    return found


def buyers(db: Session, scope: Scope, ids: list[int]) -> dict[int, tuple[int, int, int]]:
    """Per show: the distinct buyers who ordered, paid and kept (the funnel's last steps)."""
    if not _dated(scope):
        c = ShowBuyerCount
        stmt = select(c.show_id, c.ordered, c.paid, c.kept).where(
            c.show_id.in_(ids),
            c.seller_id == scope.seller_id,
            c.market_code == (scope.filters.market or EVERY_MARKET),
        )
        return {show: (int(o), int(p), int(k)) for show, o, p, k in db.execute(stmt)}
    b = ShowBuyer
    per = (
        select(b.show_id, b.viewer_id)
        .add_columns(func.sum(b.paid).label("paid"), func.sum(b.kept).label("kept"))
        .where(_rows(scope, b, ids))
        .group_by(b.show_id, b.viewer_id)
        .having(func.sum(b.orders) > 0)
        .subquery()
    )
    counted = select(
        per.c.show_id,
        func.count(),
        func.sum(case((per.c.paid > 0, 1), else_=0)),
        func.sum(case((per.c.kept > 0, 1), else_=0)),
    ).group_by(per.c.show_id)
    return {show: (int(o), int(p), int(k)) for show, o, p, k in db.execute(counted)}


def market_buyers(db: Session, scope: Scope, ids: list[int], whole_store: bool) -> dict[str, int]:
    """Per market: the distinct buyers with an order in the shows IDS (WHOLE_STORE: every
    show of the store, read from the per-store counts)."""
    f = scope.filters
    if whole_store:
        m = MarketBuyerCount
        stmt = select(m.market_code, m.ordered).where(m.seller_id == scope.seller_id)
        if f.market is not None:
            stmt = stmt.where(m.market_code == f.market)
        return {code: int(n) for code, n in db.execute(stmt) if n}
    b = ShowBuyer
    per = (
        select(b.market_code, b.viewer_id)
        .where(_rows(scope, b, ids))
        .group_by(b.market_code, b.viewer_id)
        .having(func.sum(b.orders) > 0)
        .subquery()
    )
    counted = select(per.c.market_code, func.count()).group_by(per.c.market_code)
    return {code: int(n) for code, n in db.execute(counted)}


def chat(db: Session, ids: list[int]) -> dict[int, dict[str, Any]]:
    """Per show: messages, questions, answered and the average seconds to answer."""
    c = ShowChat
    stmt = select(c.show_id, c.messages, c.questions, c.answered, c.answer_us).where(
        c.show_id.in_(ids)
    )
    found: dict[int, dict[str, Any]] = {}
    for show_id, messages, questions, answered, answer_us in db.execute(stmt):
        found[show_id] = {
            "messages": int(messages),
            "questions": int(questions),
            "answered": int(answered),
            "avg_answer_s": round(answer_us / answered / 1_000_000, 1) if answered else None,
        }
    return found
