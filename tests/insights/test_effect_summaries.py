"""The What works summaries (crosslive.insights.advice_days and watcher_groups) stay exactly
what a rebuild from the raw records gives, and the report read from them gives the figures
counting the raw order lines, returns, sessions, actions and orders gives, with every filter:
after sessions, credential actions and orders are added, moved (an ORM change, an UPDATE
statement) and deleted, advice changes, and orders and returns move status."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.models import Variant
from crosslive.db import transaction
from crosslive.events.actions import Action, ActionKind, record
from crosslive.insights import advice_days, watcher_rebuild
from crosslive.insights.advice_days import AdviceDay
from crosslive.insights.scope import Filters, Scope
from crosslive.insights.service import REPORTS
from crosslive.insights.watcher_groups import WatcherGroup
from crosslive.markets.models import Market
from crosslive.media import service as media
from crosslive.media.models import ViewerSession
from crosslive.orders import lifecycle
from crosslive.orders.models import Order, OrderLine, OrderStatus
from crosslive.returns.models import ReturnRequest, ReturnStatus
from crosslive.shows.models import ShowHost
from tests.insights.audience_scenario import add_session
from tests.insights.raw_effects import raw_credentials, raw_size_advice
from tests.insights.scenario import DAY, Scenario, _order, add_followed
from tests.insights.test_summaries import store

__all__ = ["store"]
TODAY = DAY.date()


def _scopes(seller_id: int, s: Scenario, host_id: int) -> list[Scope]:
    filters = [
        Filters(),
        Filters(market="US"),
        Filters(market="EU"),
        Filters(show_id=s.show1),
        Filters(show_id=s.show2, market="US"),
        Filters(since=TODAY, until=TODAY),
        Filters(since=TODAY + timedelta(days=1)),
        Filters(until=TODAY - timedelta(days=1)),
        Filters(since=TODAY, market="EU"),
        Filters(category="apparel"),
    ]
    scopes = [Scope(seller_id, None, f) for f in filters]
    return [*scopes, Scope(seller_id, host_id, Filters()), Scope(seller_id, host_id, filters[1])]


def _kept(db: Session) -> list[tuple[Any, ...]]:
    a, g = AdviceDay, WatcherGroup
    advice = db.execute(
        select(a.seller_id, a.day, a.show_id, a.market_code, a.variant_id, a.advised)
        .add_columns(a.advised_size, a.lines, a.returned)
        .where((a.lines != 0) | (a.returned != 0))
    )
    groups = db.execute(
        select(g.seller_id, g.show_id, g.market_filter, g.market_code, g.seen, g.order_days)
        .add_columns(g.viewers)
        .where(g.viewers != 0)
    )
    return sorted(tuple(r) for r in advice) + sorted(tuple(r) for r in groups)


def _check(factory: sessionmaker[Session], seller_id: int, s: Scenario) -> list[tuple[Any, ...]]:
    """The report equals the raw count in every scope; the summaries equal a rebuild."""
    with transaction(factory) as db:
        host_id = db.scalars(select(ShowHost.user_id).where(ShowHost.show_id == s.show1)).one()
        for scope in _scopes(seller_id, s, host_id):
            tables = REPORTS["effects"](db, scope).tables
            advice = {
                r["group"]: (r["lines"], r["returned_lines"]) for r in tables["size_advice"].rows
            }
            assert advice == raw_size_advice(db, scope), scope
            assert tables["credentials"].rows == raw_credentials(db, scope).rows, scope
        kept = _kept(db)
    with transaction(factory) as db:
        advice_days.rebuild(db, seller_id)
        watcher_rebuild.rebuild(db, seller_id)
    with transaction(factory) as db:
        assert _kept(db) == kept
    return kept


def test_sessions_actions_and_orders_move_the_watcher_groups_exactly(
    session_factory: sessionmaker[Session], store: tuple[Scenario, int]
) -> None:
    s, seller_id = store
    before = _check(session_factory, seller_id, s)
    assert any(row[2] == "*" and row[4] == "certification" for row in before)
    with transaction(session_factory) as db:
        # a new viewer in two markets who saw the credential and ordered the next day
        add_session(
            db, seller_id, s.show1, "n1", "US", "US", "phone", 5, 30.0, 500, 0, 0.0, 1.0, (0, 0)
        )
        add_session(
            db, seller_id, s.show1, "n1", "EU", "FR", "phone", 9, 30.0, 500, 0, 0.0, 1.0, (0, 0)
        )
        db.flush()
        seen = Action(ActionKind.CREDENTIAL_SEEN, 1, "reviews", "panel")
        record(db, seller_id=seller_id, show_id=s.show1, viewer_id="n1", market_code="EU",
               actions=[seen])  # fmt: skip
        variant = db.get(Variant, db.scalars(select(OrderLine.variant_id)).first())
        assert variant is not None
        eu = db.scalars(
            select(Market).where(Market.seller_id == seller_id, Market.code == "EU")
        ).one()
        new = _order(db, seller_id, s.show1, eu, OrderStatus.PAID, [(variant, 1, 3800, None)])
        new.viewer_id = "n1"
        new.created_at = DAY + timedelta(days=1)
    kept = _check(session_factory, seller_id, s)
    assert (seller_id, s.show1, "EU", "EU", "certification,reviews", "") not in [
        r[:6] for r in kept
    ]
    assert any(r[:6] == (seller_id, s.show1, "EU", "EU", "reviews", "2026-03-03") for r in kept)
    with transaction(session_factory) as db:
        # a session whose viewer becomes known later (an UPDATE statement)
        db.add(ViewerSession(seller_id=seller_id, show_id=s.show2, viewer_key="anon-1",
                             viewer_id=None, market_code="EU"))  # fmt: skip
        db.flush()
        media.identify_viewer_session(db, "anon-1", "n1")
    _check(session_factory, seller_id, s)
    with transaction(session_factory) as db:
        # a session moves market, another is deleted, an order moves day and buyer
        moved = db.scalars(select(ViewerSession).where(ViewerSession.viewer_id == "x")).first()
        assert moved is not None
        moved.market_code = "US"
        gone = db.scalars(select(ViewerSession).where(ViewerSession.viewer_id == "w")).one()
        db.delete(gone)
        bought = db.scalars(select(Order).where(Order.viewer_id == "n1")).one()
        bought.created_at = DAY
        bought.viewer_id = "x"
    _check(session_factory, seller_id, s)
    with transaction(session_factory) as db:
        db.execute(
            update(ViewerSession)
            .where(ViewerSession.viewer_id == "v", ViewerSession.show_id == s.show1)
            .values(market_code="JP")
        )
        db.execute(delete(Order).where(Order.viewer_id == "x"))
    _check(session_factory, seller_id, s)


def test_advice_lines_and_returns_move_the_advice_summary_exactly(
    session_factory: sessionmaker[Session], store: tuple[Scenario, int]
) -> None:
    s, seller_id = store
    before = _check(session_factory, seller_id, s)
    add_followed(session_factory, seller_id, s.show1, 31, 4)
    _check(session_factory, seller_id, s)
    with transaction(session_factory) as db:
        # advice asked after all, another ignored; a line's quantity; an order delivered
        lines = db.scalars(select(OrderLine).where(OrderLine.advised_size.is_(None))).all()
        lines[0].advised_size = "L"
        lines[1].advised_size = "S"
        shipped = db.scalars(select(Order).where(Order.status == OrderStatus.SHIPPED)).one()
        lifecycle.move(db, shipped, OrderStatus.DELIVERED, delivered_at=DAY)
    _check(session_factory, seller_id, s)
    with transaction(session_factory) as db:
        # a rejected return counted again, a counted one rejected (UPDATE statements)
        db.execute(
            update(ReturnRequest)
            .where(ReturnRequest.status == ReturnStatus.REJECTED)
            .values(status=ReturnStatus.REQUESTED)
        )
        first = db.scalars(select(ReturnRequest.id).order_by(ReturnRequest.id)).first()
        db.execute(
            update(ReturnRequest)
            .where(ReturnRequest.id == first)
            .values(status=ReturnStatus.REJECTED)
        )
        order = db.scalars(select(Order).where(Order.status == OrderStatus.DELIVERED)).first()
        assert order is not None
        order.created_at = DAY - timedelta(days=2)
    after = _check(session_factory, seller_id, s)
    assert after != before
    assert any(r[1] == date(2026, 2, 28) for r in after if len(r) == 9)
