"""On the bulk-loaded benchmark store (random lines, returns, markets and shows), the Returns
and Economics reports read from the order-line and return summaries give the figures the raw
delivered lines give, with each filter."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction
from crosslive.insights import bench
from crosslive.insights.scope import Filters, Scope, delivered_lines
from crosslive.insights.service import REPORTS
from crosslive.orders.models import Order, Refund
from crosslive.shows.models import Show


@pytest.fixture
def store(session_factory: sessionmaker[Session]) -> tuple[int, int]:
    with transaction(session_factory) as db:
        seller_id = bench.build(db, 240)
    with transaction(session_factory) as db:
        show_id = db.scalar(select(func.min(Show.id)).where(Show.seller_id == seller_id))
    assert show_id is not None
    return seller_id, show_id


def _raw(db: Session, scope: Scope, key: str) -> dict[Any, tuple[int, int]]:
    lines = delivered_lines(scope)
    stmt = select(
        lines.c[key], func.sum(lines.c.units), func.coalesce(func.sum(lines.c.returned_units), 0)
    ).group_by(lines.c[key])
    return {k: (int(u), int(r)) for k, u, r in db.execute(stmt)}


def _raw_returns(db: Session, scope: Scope, key: str) -> dict[str, tuple[int, int]]:
    lines = delivered_lines(scope)
    stmt = (
        select(lines.c[key], func.count(), func.sum(lines.c.returned_units))
        .where(lines.c[key].is_not(None))
        .group_by(lines.c[key])
    )
    return {str(k): (int(n), int(u)) for k, n, u in db.execute(stmt)}


def _raw_money(db: Session, scope: Scope) -> dict[tuple[Any, ...], int]:
    lines = delivered_lines(scope)
    keys = (lines.c.market, lines.c.category)
    stmt = select(*keys, func.sum(lines.c.revenue_minor)).group_by(*keys)
    return {(m, str(c)): int(revenue) for m, c, revenue in db.execute(stmt)}


def _raw_refunds(db: Session, scope: Scope) -> list[tuple[Any, ...]]:
    stmt = (
        select(Refund.currency, func.count(), func.sum(Refund.amount_minor))
        .join(Order, Order.id == Refund.order_id)
        .where(scope.order_filter())
        .group_by(Refund.currency)
        .order_by(Refund.currency)
    )
    return [(c, int(n), int(amount)) for c, n, amount in db.execute(stmt)]


def test_the_summaries_give_the_raw_lines_figures(
    session_factory: sessionmaker[Session], store: tuple[int, int]
) -> None:
    seller_id, show_id = store
    first = bench.START.date()
    for filters in (
        Filters(),
        Filters(market="EU"),
        Filters(category="apparel"),
        Filters(show_id=show_id),
        Filters(since=first + timedelta(days=3), until=first + timedelta(days=40)),
    ):
        scope = Scope(seller_id, None, filters)
        with transaction(session_factory) as db:
            returns = REPORTS["returns"](db, scope).tables
            economics = REPORTS["economics"](db, scope).tables
            for table, key in (("by_market", "market"), ("by_show", "show_id")):
                rows = returns[table].rows
                found = {r[key]: (r["units"], r["returned_units"]) for r in rows}
                assert found == _raw(db, scope, key), (filters, table)
            found = {
                r["product_id"]: (r["units"], r["returned_units"])
                for r in returns["by_product"].rows
            }
            assert found == _raw(db, scope, "product_id"), filters
            reasons = {r["reason"]: r["returned_units"] for r in returns["by_reason"].rows}
            assert reasons == {k: u for k, (_, u) in _raw_returns(db, scope, "reason").items()}
            outcomes = {r["outcome"]: (r["returns"], r["units"]) for r in returns["outcomes"].rows}
            raw = _raw_returns(db, scope, "outcome")
            assert {k: v for k, v in outcomes.items() if v[0]} == raw, filters
            money = {
                (r["market"], r["category"]): r["revenue_minor"]
                for r in economics["by_market_category"].rows
            }
            assert money == _raw_money(db, scope), filters
            assert found, filters  # every filter keeps some lines
            refunds = [tuple(r.values()) for r in returns["refunds"].rows]
            assert refunds == _raw_refunds(db, scope), filters
