"""Races on the real database (SQLite, or PostgreSQL with CROSSLIVE_TEST_DATABASE_URL), each
side in its own transaction and thread: two exchanges for the last unit of a size (one gets
it, the other is offered a refund), two staff refunding one return (one refund)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.models import Variant
from crosslive.db import transaction, utcnow
from crosslive.errors import DomainError
from crosslive.i18n import translations
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Order, Payment, Refund
from crosslive.returns import handling, requests
from crosslive.returns.models import ReturnOutcome, ReturnRequest, ReturnStatus
from tests.factories import Shop
from tests.returns.return_helpers import Delivered, delivered_order

T = TypeVar("T")


def all_at_once(calls: list[Callable[[], T]]) -> list[T | DomainError]:
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], T]) -> T | DomainError:
        barrier.wait()
        try:
            return call()
        except DomainError as exc:
            return exc

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def _start(factory: sessionmaker[Session], order: Delivered, reason: str) -> int:
    with transaction(factory) as db:
        found = db.get(Order, order.order_id)
        assert found is not None
        ret = requests.start(
            db,
            found,
            line_id=order.line_id,
            quantity=1,
            reason=reason,
            note="",
            now=utcnow(),
            remind_days=3,
        )
        return ret.id


def _confirm(factory: sessionmaker[Session], links: OrderLinks, order_id: int, ret_id: int):  # type: ignore[no-untyped-def]
    def call() -> str:
        with transaction(factory) as db:
            order = db.get(Order, order_id)
            assert order is not None
            ret = requests.find(db, order, ret_id)
            return requests.confirm(db, order, ret, links, now=utcnow()).status.value

    return call


def test_two_exchanges_for_the_last_unit_one_wins_the_other_is_offered_a_refund(
    shop: Shop, links: OrderLinks, session_factory: sessionmaker[Session], db: Session
) -> None:
    orders = [delivered_order(session_factory, shop, shop.shirt_m) for _ in range(2)]
    ids = [_start(session_factory, o, "too_small") for o in orders]
    results = all_at_once(
        [_confirm(session_factory, links, o.order_id, r) for o, r in zip(orders, ids, strict=True)]
    )
    assert sorted(str(r) for r in results) == [
        "requested",
        "size L has just sold out; look at your return again for a refund instead",
    ]
    db.expire_all()
    assert db.get(Variant, shop.shirt_l).stock == 0  # type: ignore[union-attr]
    statuses = db.scalars(select(ReturnRequest.status).order_by(ReturnRequest.id)).all()
    assert sorted(statuses) == sorted([ReturnStatus.REQUESTED, ReturnStatus.STARTED])
    loser = next(o for o, r in zip(orders, results, strict=True) if isinstance(r, DomainError))
    # The buyer reads it in their language (the error is translated where it is answered).
    refused = next(r for r in results if isinstance(r, DomainError))
    assert refused.translated(translations("de"), "de") == (
        "Größe L ist gerade ausverkauft; sehen Sie sich Ihre Rücksendung noch einmal an und "
        "wählen Sie stattdessen eine Erstattung"
    )
    again = _start(session_factory, loser, "too_small")
    db.expire_all()
    assert db.get(ReturnRequest, again).outcome is ReturnOutcome.RETURN_REFUND  # type: ignore[union-attr]


def test_two_staff_refunding_one_return_at_once_make_one_refund(
    shop: Shop, links: OrderLinks, session_factory: sessionmaker[Session], db: Session
) -> None:
    order = delivered_order(session_factory, shop, shop.lamp)
    ret_id = _start(session_factory, order, "defect")
    _confirm(session_factory, links, order.order_id, ret_id)()
    now = utcnow()
    with transaction(session_factory) as s:
        ret = s.get(ReturnRequest, ret_id)
        assert ret is not None
        handling.approve(s, ret, links, now=now)
        handling.receive(s, ret, links, restockable=False, now=now)

    def refund() -> str:
        with transaction(session_factory) as s:
            ret = s.get(ReturnRequest, ret_id)
            assert ret is not None
            done = handling.refund(s, ret, links, reference="BANK-1", staff_id=None, now=now)
            return done.status.value

    assert all_at_once([refund, refund]) == ["refunded", "refunded"]
    db.expire_all()
    assert [r.amount_minor for r in db.scalars(select(Refund))] == [4000]
    assert db.scalars(select(Payment.refunded_minor)).one() == 4000
