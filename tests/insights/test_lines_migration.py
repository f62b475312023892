"""Migration 0042 back-fills the order-line and return summaries from the orders, lines and
returns already recorded, with its own copy of the tables: the result is what
`line_days.rebuild` gives, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import Engine, insert, select, text

from crosslive import migrate
from crosslive.catalog.models import Category, Product
from crosslive.db import make_engine, make_session_factory, transaction, utcnow
from crosslive.fit.models import FitFeedback, FitSource, FitVerdict
from crosslive.insights.line_days import OUTCOME_SUMS, rebuild
from crosslive.orders.models import Order, OrderLine, Payment, Refund
from crosslive.returns.models import ReturnOutcome, ReturnReason, ReturnRequest, ReturnStatus
from tests.events.test_log_migration import database_url
from tests.factories import old_seller

__all__ = ["database_url"]

LINES = (
    "SELECT seller_id, day, show_id, market_id, market_code, currency, variant_id, line_title,"
    f" lines, units, revenue_minor, {', '.join(OUTCOME_SUMS)} FROM order_line_days"
)
RETURNS = (
    "SELECT seller_id, day, show_id, market_id, market_code, currency, variant_id, line_title,"
    " reason, outcome, returns, units, refund_minor FROM order_return_days"
)
REFUNDS = "SELECT seller_id, day, show_id, market_code, currency, refunds, amount_minor"
REFUNDS += " FROM order_refund_days"
ANSWERS = "SELECT seller_id, day, show_id, market_code, product_id, size, verdict, answers"
ANSWERS += " FROM fit_answer_days"


def _summaries(engine: Engine) -> list[list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        return [
            sorted(tuple(r) for r in conn.execute(text(q)))
            for q in (LINES, RETURNS, REFUNDS, ANSWERS)
        ]


def _store(engine: Engine) -> None:
    """Orders, lines, returns, a refund and fit answers written with plain inserts, as before
    the summaries existed (no write hook runs): two delivered orders on either side of
    midnight UTC, one not yet delivered, a counted return and one only started, a follow-up
    fit answer and one recorded with a return."""
    night = utcnow().replace(hour=23, minute=59, second=50, microsecond=0)
    with transaction(make_session_factory(engine)) as db:
        seller_id = old_seller(db)
        for n, (at, delivered) in enumerate(
            [(night, True), (night + timedelta(seconds=20), True), (night, False)]
        ):
            db.execute(
                insert(Order).values(
                    public_id=f"o{n}", seller_id=seller_id, market_code="US", viewer_id="v",
                    currency="USD", subtotal_minor=3000, total_minor=3000, email="b@x.test",
                    name="B", address_line1="1 Road", city="Town", country="US", created_at=at,
                    delivered_at=at if delivered else None,
                )
            )  # fmt: skip
        orders = list(db.scalars(select(Order.id).order_by(Order.id)))
        for n, order_id in enumerate(orders):
            for qty in (1, 2):
                db.execute(
                    insert(OrderLine).values(
                        order_id=order_id, product_title=f"Shirt {n % 2}", variant_label="M",
                        unit_price_minor=1000, quantity=qty, line_total_minor=1000 * qty,
                    )
                )  # fmt: skip
        lines = list(db.scalars(select(OrderLine.id).order_by(OrderLine.id)))
        for line_id, status in ((lines[1], ReturnStatus.REFUNDED), (lines[2], "started")):
            db.execute(
                insert(ReturnRequest).values(
                    seller_id=seller_id, order_id=orders[0 if line_id == lines[1] else 1],
                    order_line_id=line_id, reference=f"r{line_id}",
                    reason=ReturnReason.TOO_SMALL, quantity=1, status=ReturnStatus(status),
                    outcome=ReturnOutcome.KEEP_IT, refund_minor=1000, currency="USD",
                )
            )  # fmt: skip
        db.execute(insert(Payment).values(order_id=orders[0], provider="manual", reference="p",
                                          amount_minor=3000, currency="USD"))  # fmt: skip
        payment = db.scalars(select(Payment.id)).one()
        db.execute(insert(Refund).values(order_id=orders[0], payment_id=payment, amount_minor=1000,
                                         currency="USD", idempotency_key="k"))  # fmt: skip
        product = Product(seller_id=seller_id, handle="shirt", title="Shirt",
                          category=Category.APPAREL, option_names=["Size"])  # fmt: skip
        db.add(product)
        db.flush()
        for line_id, source in ((lines[0], FitSource.FOLLOW_UP), (lines[1], FitSource.RETURN)):
            db.execute(insert(FitFeedback).values(order_line_id=line_id, product_id=product.id,
                                                  viewer_id="v", size="M", verdict=FitVerdict.FIT,
                                                  source=source))  # fmt: skip


def test_the_back_fill_sums_the_recorded_lines_as_a_rebuild_does(database_url: str) -> None:
    migrate.upgrade(database_url, "0035")
    engine = make_engine(database_url)
    _store(engine)
    migrate.upgrade(database_url)
    filled = _summaries(engine)
    assert [row[8:11] for row in filled[0]] == [(2, 3, 3000), (2, 3, 3000)]
    # Migration 0047: the counted return's figures on its line's row, under its outcome.
    outcomes = sorted(row[11:] for row in filled[0])
    assert outcomes == [(0,) * 9, (1, 1, 1000) + (0,) * 6]  # keep_it, exchange, return_refund
    assert [row[8:] for row in filled[1]] == [("too_small", "keep_it", 1, 1, 1000)]
    assert filled[0][0][1] != filled[0][1][1]  # the two orders' days
    assert [row[4:] for row in filled[2]] == [("USD", 1, 1000)]
    assert [row[5:] for row in filled[3]] == [("M", "fit", 1)]
    with transaction(make_session_factory(engine)) as db:
        rebuild(db)
    assert _summaries(engine) == filled
    engine.dispose()
