"""The demo's past returns: reasons follow each category's drivers, the market's policy picks
the outcomes (keep-it, exchange, return), a few wait in the queue, the summary adds up."""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.models import Category, Product, Variant
from crosslive.db import transaction, utcnow
from crosslive.demo.past_returns import REASONS, add_returns, asked_lately
from crosslive.fit.models import FitFeedback
from crosslive.orders.models import Order, Refund
from crosslive.returns.models import ReturnOutcome, ReturnRequest, ReturnStatus
from tests.factories import Shop
from tests.returns.return_helpers import delivered_order, set_us_market


def test_past_returns_follow_the_domain_figures_and_leave_a_few_open(
    shop: Shop, session_factory: sessionmaker[Session], db: Session
) -> None:
    set_us_market(session_factory, keep_it_below_minor=500)
    with transaction(session_factory) as s:
        for variant_id, category in (
            (shop.shirt_m, Category.APPAREL),
            (shop.lamp, Category.ELECTRONICS),
        ):
            variant = s.get(Variant, variant_id)
            assert variant is not None
            variant.product.category = category
    made = []
    for i in range(36):
        variant = (shop.shirt_m, shop.lamp, shop.hidden)[i % 3]
        made.append(delivered_order(session_factory, shop, variant, days_left=-5 if i < 30 else 15))
    with transaction(session_factory) as s:
        orders = [s.get(Order, m.order_id) for m in made]
        summary = add_returns(s, [o for o in orders if o is not None], random.Random(7), utcnow())

    rows = db.scalars(select(ReturnRequest)).all()
    assert summary["returns"] == len(rows) >= 6
    assert summary["by_outcome"] == dict(Counter(r.outcome.value for r in rows))
    assert set(summary["by_outcome"]) == {"keep_it", "exchange", "return_refund"}
    assert summary["by_status"] == dict(Counter(r.status.value for r in rows))
    categories = {p.id: p.category for p in db.scalars(select(Product))}
    for ret in rows:
        assert ret.reason in REASONS[categories[ret.product_id]]  # type: ignore[index]
        if ret.outcome is ReturnOutcome.KEEP_IT:
            assert ret.refund_minor < 500
    open_ones = [r for r in rows if r.status in (ReturnStatus.REQUESTED, ReturnStatus.APPROVED)]
    assert summary["open"] == len(open_ones) >= 3
    refunded = [r for r in rows if r.status is ReturnStatus.REFUNDED]
    assert sorted(r.amount_minor for r in db.scalars(select(Refund))) == sorted(
        r.refund_minor for r in refunded
    )
    size_returns = [r for r in rows if r.reason.value in ("too_small", "too_large")]
    assert len(db.scalars(select(FitFeedback)).all()) == len(size_returns)


def test_past_returns_of_a_recent_delivery_happened_before_now(
    shop: Shop, session_factory: sessionmaker[Session], db: Session
) -> None:
    """Parcels delivered two days ago: every return step the demo writes lies in the past
    (asked 1-14 days after delivery would otherwise land up to twelve days ahead)."""
    set_us_market(session_factory, keep_it_below_minor=500)
    now = utcnow()
    two_days_ago = now + timedelta(days=8)  # delivered_order delivers 10 days before its `now`
    made = [
        delivered_order(session_factory, shop, shop.shirt_m, now=two_days_ago) for _ in range(30)
    ]
    with transaction(session_factory) as s:
        orders = [s.get(Order, m.order_id) for m in made]
        add_returns(s, [o for o in orders if o is not None], random.Random(7), now)

    rows = db.scalars(select(ReturnRequest)).all()
    assert len(rows) >= 3
    for ret in rows:
        for step in (ret.confirmed_at, ret.decided_at, ret.received_at, ret.closed_at):
            assert step is None or step <= now
        assert ret.confirmed_at is not None and ret.confirmed_at > now - timedelta(days=2)


def test_the_newest_parcel_s_return_is_asked_halfway_since_it_arrived_and_waits(
    shop: Shop, session_factory: sessionmaker[Session], db: Session
) -> None:
    """The morning's return: the newest delivered parcel whose line is not returned yet, asked
    halfway between its delivery and now, for its category's commonest reason, to review."""
    set_us_market(session_factory, keep_it_below_minor=500)
    now = utcnow()
    older = delivered_order(session_factory, shop, shop.shirt_m, now=now - timedelta(days=3))
    newest = delivered_order(session_factory, shop, shop.shirt_m, now=now - timedelta(days=1))
    # The newest parcel of all, its window closed before halfway from its delivery to now.
    closed = delivered_order(session_factory, shop, shop.shirt_m, now=now, days_left=-5)
    with transaction(session_factory) as s:
        variant = s.get(Variant, shop.shirt_m)
        assert variant is not None
        variant.product.category = Category.APPAREL
        orders = [s.get(Order, d.order_id) for d in (older, newest, closed)]
        made = asked_lately(s, [o for o in orders if o is not None], now)
        assert made is not None
        again = asked_lately(s, [o for o in orders if o is not None], now)
        assert again is not None
        ids = [made.order_id, again.order_id]

    assert ids == [newest.order_id, older.order_id]  # the newest first, once per line
    rows = {r.order_id: r for r in db.scalars(select(ReturnRequest))}
    assert set(rows) == set(ids)
    ret = rows[newest.order_id]
    delivered = now - timedelta(days=11)  # delivered_order delivers 10 days before its `now`
    assert ret.confirmed_at == ret.created_at == delivered + (now - delivered) / 2
    assert ret.status is ReturnStatus.REQUESTED and ret.decided_at is None
    assert ret.reason.value == max(REASONS[Category.APPAREL], key=REASONS[Category.APPAREL].get)
