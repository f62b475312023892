"""Migration 0045 back-fills the Shows report's summaries (orders, buyers and their counts,
chat) from the orders, returns and chat messages already recorded, with its own SQL: the
result is what the rebuild gives, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert, text

from crosslive import migrate
from crosslive.chat.models import ChatMessage
from crosslive.db import make_engine, make_session_factory, transaction, utcnow
from crosslive.insights import line_days, show_chat
from crosslive.orders.models import Order, OrderLine, OrderStatus
from crosslive.returns.models import ReturnOutcome, ReturnRequest, ReturnStatus
from crosslive.shows.models import Show, ShowState
from tests.events.test_log_migration import database_url
from tests.factories import old_seller

__all__ = ["database_url"]

AT = datetime(2026, 3, 1, 23, 59, 59, 999_999, tzinfo=UTC)
QUERIES = (
    "SELECT day, show_id, market_code, currency, orders, paid, kept, revenue_minor"
    " FROM show_order_days",
    "SELECT viewer_id, show_id, market_code, day, orders, paid, kept FROM show_buyers",
    "SELECT show_id, market_code, ordered, paid, kept FROM show_buyer_counts",
    "SELECT market_code, ordered FROM market_buyer_counts",
    "SELECT show_id, messages, questions, answered, answer_us FROM show_chat",
)


def _summaries(engine: Engine) -> list[list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        return [sorted(tuple(r) for r in conn.execute(text(q))) for q in QUERIES]


def _order(seller_id: int, show_id: int | None, n: int, **values: Any) -> dict[str, Any]:
    return {
        "public_id": f"o{n}", "seller_id": seller_id, "show_id": show_id, "market_code": "US",
        "viewer_id": "v", "currency": "USD", "subtotal_minor": 1000, "total_minor": 1000,
        "status": OrderStatus.CLOSED, "email": "b@x.test", "name": "B", "address_line1": "1",
        "city": "T", "country": "US", "created_at": AT, "paid_at": AT, **values,
    }  # fmt: skip


def _store(engine: Engine) -> None:
    """A show, its orders, a return and chat written with plain inserts (no hook runs)."""
    with transaction(make_session_factory(engine)) as db:
        seller_id = old_seller(db)
        show = Show(seller_id=seller_id, slug="spring", title="Spring", description="",
                    scheduled_at=utcnow(), duration_minutes=60, language="en", market_codes=[],
                    sponsored=False, state=ShowState.ENDED)  # fmt: skip
        db.add(show)
        db.flush()
        s = show.id
        orders = [
            _order(seller_id, s, 1),
            _order(seller_id, s, 2, created_at=AT + timedelta(microseconds=1)),
            _order(seller_id, s, 3, viewer_id="w", market_code="JP", currency="JPY"),
            _order(seller_id, s, 4, viewer_id="x", paid_at=None, status=OrderStatus.CANCELLED),
            _order(seller_id, None, 5, viewer_id="y"),
        ]
        db.execute(insert(Order), orders)
        first = db.scalar(text("SELECT min(id) FROM orders"))
        db.execute(
            insert(OrderLine),
            [{"order_id": first, "product_title": "P", "variant_label": "M", "sku": "",
              "unit_price_minor": 1000, "quantity": 1, "line_total_minor": 1000}],
        )  # fmt: skip
        line = db.scalar(text("SELECT min(id) FROM order_lines"))
        db.execute(
            insert(ReturnRequest),
            [{"seller_id": seller_id, "order_id": first, "order_line_id": line,
              "reference": "r1", "reason": "defect",
              "quantity": 1, "status": ReturnStatus.REFUNDED, "currency": "USD",
              "outcome": ReturnOutcome.RETURN_REFUND, "refund_minor": 1000}],
        )  # fmt: skip
        asked = AT - timedelta(seconds=10, microseconds=700_001)
        db.execute(
            insert(ChatMessage),
            [
                {"show_id": s, "viewer_id": v, "display_name": "V", "body": "b", "is_staff": staff,
                 "is_question": question, "created_at": asked, "answered_at": answered}
                for v, staff, question, answered in (
                    ("v", False, True, AT),
                    ("w", False, True, asked + timedelta(seconds=3)),
                    ("x", False, True, None),
                    ("y", False, False, None),
                    ("staff:1", True, False, None),
                )
            ],
        )  # fmt: skip


def test_the_back_fill_sums_the_recorded_orders_and_chat_as_a_rebuild_does(
    database_url: str,
) -> None:
    migrate.upgrade(database_url, "0043")
    engine = make_engine(database_url)
    _store(engine)
    migrate.upgrade(database_url)
    filled = _summaries(engine)
    day = AT.date()
    assert [row[4:] for row in filled[0]] == [(1, 1, 1, 1000), (2, 1, 0, 1000), (1, 1, 1, 1000)]
    assert {row[0]: row[4:] for row in filled[1] if str(row[3]) == day.isoformat()} == {
        "v": (1, 1, 0), "w": (1, 1, 1), "x": (1, 0, 0),
    }  # fmt: skip
    assert [row[1:] for row in filled[2] if row[1] == "*"] == [("*", 3, 2, 2)]
    assert filled[3] == [("JP", 1), ("US", 2)]
    # Four viewers' messages, three questions, two answered after 10.700001 s and 3 s.
    assert [row[1:] for row in filled[4]] == [(4, 3, 2, 13_700_001)]
    with transaction(make_session_factory(engine)) as db:
        line_days.rebuild(db)
        show_chat.rebuild(db)
    assert _summaries(engine) == filled
    engine.dispose()
