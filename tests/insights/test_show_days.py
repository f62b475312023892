"""The Shows report's summaries (orders, buyers, money: crosslive.insights.show_days; chat:
crosslive.insights.show_chat) follow every write exactly: after orders moved by
compare-and-set UPDATEs, orders and returns changed, added and deleted through the ORM, chat
messages written, answered and deleted, they equal what a rebuild from the raw rows gives,
and the report equals the figures counted from the raw orders and messages with each
filter."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.models import Variant
from crosslive.chat.models import ChatMessage
from crosslive.db import transaction, utcnow
from crosslive.insights import show_chat
from crosslive.insights.line_days import rebuild
from crosslive.insights.scope import COUNTED_RETURNS, Filters, Scope
from crosslive.insights.show_chat import ShowChat
from crosslive.insights.show_days import (
    MarketBuyerCount,
    ShowBuyer,
    ShowBuyerCount,
    ShowOrderDay,
)
from crosslive.insights.shows_report import shows_report
from crosslive.markets.models import Market
from crosslive.orders import lifecycle
from crosslive.orders.models import Order, OrderStatus
from crosslive.returns.models import ReturnOutcome, ReturnRequest, ReturnStatus
from tests.factories import add_staff
from tests.insights.audience_scenario import build_audience
from tests.insights.scenario import DAY, Scenario, _order, build

HOST = "hana@acme.test"
ANSWERS = ("answered", "avg_answer_s")


@pytest.fixture
def store(
    session_factory: sessionmaker[Session], owner: dict[str, str | int]
) -> tuple[Scenario, int]:
    seller_id = int(owner["seller_id"])
    add_staff(session_factory, seller_id, HOST)
    scenario = build(session_factory, seller_id, HOST)
    return scenario, build_audience(session_factory, seller_id, scenario)


def _summaries(db: Session) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = []
    for model, keys, sums in (
        (ShowOrderDay, ("day", "show_id", "market_code", "currency"),
         ("orders", "paid", "kept", "revenue_minor")),
        (ShowBuyer, ("viewer_id", "show_id", "market_code", "day"), ("orders", "paid", "kept")),
        (ShowBuyerCount, ("show_id", "market_code"), ("ordered", "paid", "kept")),
        (MarketBuyerCount, ("market_code",), ("ordered",)),
        (ShowChat, ("show_id",), ("messages", "questions", "answered", "answer_us")),
    ):  # fmt: skip
        rows = [tuple(getattr(r, n) for n in keys + sums) for r in db.scalars(select(model))]
        # Rows taken back to zero by the hooks are left in place; a rebuild makes none.
        found += sorted((model.__tablename__, *r) for r in rows if any(r[len(keys) :]))
    return found


def _same_as_rebuilt(factory: sessionmaker[Session], seller_id: int) -> list[tuple[Any, ...]]:
    with transaction(factory) as db:
        kept = _summaries(db)
    with transaction(factory) as db:
        rebuild(db, seller_id)
        show_chat.rebuild(db, seller_id)
    with transaction(factory) as db:
        assert _summaries(db) == kept
    return kept


def _chat(factory: sessionmaker[Session], show_id: int) -> list[int]:
    with transaction(factory) as db:
        row = db.scalars(select(ShowChat).where(ShowChat.show_id == show_id)).one()
        return [row.messages, row.questions, row.answered, row.answer_us]


def _kept(db: Session, order: Order) -> bool:
    refunded = db.scalar(
        select(ReturnRequest.id).where(
            ReturnRequest.order_id == order.id,
            ReturnRequest.status.in_(COUNTED_RETURNS),
            ReturnRequest.outcome != ReturnOutcome.EXCHANGE,
        )
    )
    return order.status == OrderStatus.CLOSED and refunded is None


def _raw(db: Session, seller_id: int, f: Filters, shows: list[int]) -> dict[str, Any]:
    """The figures counted from the raw orders and messages, as the report defines them."""
    orders = [
        o
        for o in db.scalars(select(Order).where(Order.seller_id == seller_id))
        if o.show_id in shows
        and (f.market is None or o.market_code == f.market)
        and (f.since is None or o.created_at.date() >= f.since)
        and (f.until is None or o.created_at.date() <= f.until)
    ]
    per_show: dict[int, list[int]] = {}
    buyers: dict[int, list[set[str]]] = {}
    money: dict[tuple[int, str], list[int]] = {}
    markets: dict[str, set[str]] = {}
    for o in orders:
        kept = _kept(db, o)
        counts = per_show.setdefault(o.show_id or 0, [0, 0, 0])
        who = buyers.setdefault(o.show_id or 0, [set(), set(), set()])
        counts[0] += 1
        who[0].add(o.viewer_id)
        markets.setdefault(o.market_code, set()).add(o.viewer_id)
        if o.paid_at is not None:
            counts[1] += 1
            who[1].add(o.viewer_id)
            money.setdefault((o.show_id or 0, o.currency), [0, 0])[0] += o.total_minor
        if kept:
            counts[2] += 1
            who[2].add(o.viewer_id)
        for refund in o.refunds:
            money.setdefault((o.show_id or 0, refund.currency), [0, 0])[1] += refund.amount_minor
    chat: dict[int, list[Any]] = {}
    for m in db.scalars(select(ChatMessage).where(ChatMessage.is_staff.is_(False))):
        if m.show_id in shows:
            into = chat.setdefault(m.show_id, [0, 0, 0, timedelta()])
            into[0] += 1
            into[1] += int(m.is_question)
            if m.is_question and m.answered_at is not None:
                into[2] += 1
                into[3] += m.answered_at - m.created_at
    return {
        "shows": {
            s: (
                *per_show.get(s, [0, 0, 0]),
                *chat.get(s, [0, 0, 0])[:3],
                round(chat[s][3].total_seconds() / chat[s][2], 1)
                if chat.get(s, [0, 0, 0])[2]
                else None,
            )
            for s in shows
        },
        "buyers": {s: tuple(len(v) for v in buyers.get(s, [set()] * 3)) for s in shows},
        "money": {k: tuple(v) for k, v in money.items()},
        "markets": {m: len(v) for m, v in markets.items()},
    }


def _report(db: Session, seller_id: int, f: Filters) -> dict[str, Any]:
    report = shows_report(db, Scope(seller_id, None, f))
    t = report.tables
    return {
        "shows": {
            r["show_id"]: tuple(
                r[c] for c in (*("orders", "paid", "kept", "messages", "questions"), *ANSWERS)
            )
            for r in t["shows"].rows
        },
        "buyers": {r["show_id"]: (r["ordered"], r["paid"], r["kept"]) for r in t["funnel"].rows},
        "money": {
            (r["show_id"], r["currency"]): (r["revenue_minor"], r["refunds_minor"])
            for r in t["money"].rows
        },
        "markets": {r["market"]: r["ordered"] for r in t["markets"].rows if r["ordered"]},
    }


def _check_report(factory: sessionmaker[Session], seller_id: int, s: Scenario) -> None:
    day = DAY.date()
    for f in (
        Filters(),
        Filters(market="US"),
        Filters(market="EU"),
        Filters(show_id=s.show1),
        Filters(since=day, until=day),
        Filters(since=day - timedelta(days=5), until=day - timedelta(days=1)),
        Filters(since=date(2020, 1, 1), market="US"),
    ):
        with transaction(factory) as db:
            got = _report(db, seller_id, f)
            shows = list(got["shows"])
            assert got == _raw(db, seller_id, f, shows), f


def test_the_show_summaries_follow_each_write(
    session_factory: sessionmaker[Session], store: tuple[Scenario, int]
) -> None:
    scenario, seller_id = store
    before = _same_as_rebuilt(session_factory, seller_id)
    _check_report(session_factory, seller_id, scenario)
    with transaction(session_factory) as db:
        counts = {(c.show_id, c.market_code): c.ordered for c in db.scalars(select(ShowBuyerCount))}
        assert counts[(scenario.show1, "*")] == 1
    # The refunded returns rejected by an UPDATE statement: closed orders become kept.
    with transaction(session_factory) as db:
        db.execute(
            update(ReturnRequest)
            .where(ReturnRequest.outcome != ReturnOutcome.EXCHANGE)
            .values(status=ReturnStatus.REJECTED)
            .execution_options(synchronize_session=False)
        )
    rejected = _same_as_rebuilt(session_factory, seller_id)
    assert rejected != before
    _check_report(session_factory, seller_id, scenario)
    # The delivered order closed by a compare-and-set UPDATE: kept from now on.
    with transaction(session_factory) as db:
        delivered = db.scalars(select(Order).where(Order.status == OrderStatus.DELIVERED)).one()
        assert lifecycle.move(db, delivered, OrderStatus.CLOSED, closed_at=DAY)
    assert _same_as_rebuilt(session_factory, seller_id) != rejected
    _check_report(session_factory, seller_id, scenario)
    # ORM writes: new buyers in both shows, one order moved to another viewer, day and
    # market, one made unpaid, one deleted.
    with transaction(session_factory) as db:
        us = db.scalars(select(Market).where(Market.code == "US")).one()
        eu = db.scalars(select(Market).where(Market.code == "EU")).one()
        variant = db.scalars(select(Variant)).first()
        assert variant is not None
        for show, market, viewer in (
            (scenario.show1, us, "n1"),
            (scenario.show1, eu, "n2"),
            (scenario.show2, eu, "n1"),
        ):
            new = _order(db, seller_id, show, market, OrderStatus.CLOSED,
                         [(variant, 1, 2500, None)])  # fmt: skip
            new.viewer_id = viewer
        db.flush()
        first = db.scalars(select(Order).where(Order.viewer_id == "v").order_by(Order.id)).first()
        assert first is not None
        first.viewer_id, first.market_code = "moved", "EU"
        first.created_at = DAY - timedelta(days=3)
        unpaid = db.scalars(select(Order).where(Order.viewer_id == "n2")).one()
        unpaid.paid_at = None
    _same_as_rebuilt(session_factory, seller_id)
    _check_report(session_factory, seller_id, scenario)
    with transaction(session_factory) as db:
        gone = db.scalars(select(Order).where(Order.viewer_id == "n1")).first()
        db.delete(gone)
    _same_as_rebuilt(session_factory, seller_id)
    _check_report(session_factory, seller_id, scenario)
    # Chat: a question written and answered, a staff message, a message deleted.
    chat = _chat(session_factory, scenario.show2)
    with transaction(session_factory) as db:
        asked = utcnow() - timedelta(seconds=42, microseconds=123_457)
        question = ChatMessage(show_id=scenario.show2, viewer_id="q", display_name="Q",
                               body="size?", is_question=True, created_at=asked)  # fmt: skip
        db.add(question)
        db.add(ChatMessage(show_id=scenario.show2, viewer_id="staff:1", display_name="S",
                           body="hi", is_staff=True))  # fmt: skip
        db.flush()
        question.answered_at = asked + timedelta(seconds=30, microseconds=250_001)
    _same_as_rebuilt(session_factory, seller_id)
    _check_report(session_factory, seller_id, scenario)
    more = [a - b for a, b in zip(_chat(session_factory, scenario.show2), chat, strict=True)]
    assert more == [1, 1, 1, 30_250_001]
    with transaction(session_factory) as db:
        db.execute(delete(ChatMessage).where(ChatMessage.viewer_id == "staff:1"))
        db.delete(db.scalars(select(ChatMessage).where(ChatMessage.viewer_id == "q")).one())
    _same_as_rebuilt(session_factory, seller_id)
    assert _chat(session_factory, scenario.show2) == chat
    _check_report(session_factory, seller_id, scenario)
