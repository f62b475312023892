"""The owner's returns queue pages through a big store: 50 at a time, oldest confirmed first
by (confirmed_at, id), the count of returns in the view, "Later" keeping the view, a bad
page link refused with a message, and another store's returns never shown."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction
from crosslive.orders.models import Order, OrderLine, OrderStatus
from crosslive.returns.models import ReturnOutcome, ReturnReason, ReturnRequest, ReturnStatus
from tests.factories import other_store, page_login

BASE = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
SECTION = re.compile(r'<section class="return" data-return="(\d+)"')


def _returns(
    factory: sessionmaker[Session], seller_id: int, count: int, status: ReturnStatus
) -> list[int]:
    """COUNT returns of one delivered order, two confirmed in each minute; their ids in
    queue order."""
    with transaction(factory) as db:
        order = Order(
            public_id=f"queue-{seller_id}-{status.value}",
            seller_id=seller_id,
            market_code="US",
            viewer_id="viewer-q",
            currency="USD",
            subtotal_minor=100 * count,
            total_minor=100 * count,
            status=OrderStatus.DELIVERED,
            email="q@example.com",
            name="Quinn",
            address_line1="1 Main St",
            city="Springfield",
            country="US",
        )
        for n in range(count):
            order.lines.append(
                OrderLine(
                    product_title=f"Shirt {n}",
                    variant_label="M",
                    unit_price_minor=100,
                    quantity=1,
                    line_total_minor=100,
                )
            )
        db.add(order)
        db.flush()
        returns = [
            ReturnRequest(
                seller_id=seller_id,
                order_id=order.id,
                order_line_id=line.id,
                reference=f"R{seller_id}-{status.value}-{n:04d}",
                reason=ReturnReason.TOO_SMALL,
                quantity=1,
                status=status,
                outcome=ReturnOutcome.RETURN_REFUND,
                refund_minor=100,
                currency="USD",
                # Later lines are confirmed earlier: id order is not the queue's order.
                confirmed_at=BASE + timedelta(minutes=(count - n) // 2),
            )
            for n, line in enumerate(order.lines)
        ]
        db.add_all(returns)
        db.flush()
        ordered = sorted(returns, key=lambda r: (r.confirmed_at, r.id))
        return [r.id for r in ordered]


def _ids(html: str) -> list[int]:
    return [int(i) for i in SECTION.findall(html)]


def _later(html: str) -> str | None:
    match = re.search(r'<a href="([^"]+)" rel="next">', html)
    return unescape(match.group(1)) if match else None


def test_the_queue_pages_fifty_at_a_time_in_each_view(
    app_client: TestClient, owner: dict[str, Any], session_factory: sessionmaker[Session]
) -> None:
    seller_id = int(owner["seller_id"])
    done = _returns(session_factory, seller_id, 120, ReturnStatus.REJECTED)
    waiting = _returns(session_factory, seller_id, 3, ReturnStatus.REQUESTED)
    page_login(app_client, str(owner["email"]))

    first = app_client.get("/admin/returns?view=done")
    assert first.status_code == 200
    assert "120 returns" in first.text and _ids(first.text) == done[:50]
    link = _later(first.text)
    assert link is not None and "view=done" in link
    second = app_client.get(link)
    assert _ids(second.text) == done[50:100]
    assert 'rel="first"' in second.text
    link = _later(second.text)
    assert link is not None
    last = app_client.get(link)
    assert _ids(last.text) == done[100:] and len(done[100:]) == 20
    assert _later(last.text) is None

    open_view = app_client.get("/admin/returns")
    assert "3 returns" in open_view.text and _ids(open_view.text) == waiting
    assert _later(open_view.text) is None


def test_a_bad_page_link_is_refused_and_stores_stay_apart(
    app_client: TestClient, owner: dict[str, Any], session_factory: sessionmaker[Session]
) -> None:
    mine = _returns(session_factory, int(owner["seller_id"]), 60, ReturnStatus.REQUESTED)
    page_login(app_client, str(owner["email"]))
    for after in ("nope", "1.2.3", "99999999999999999999.1"):
        bad = app_client.get("/admin/returns", params={"after": after})
        assert bad.status_code == 422, after
        assert "This page link is not valid; start again from the first page." in bad.text
        assert _ids(bad.text) == []

    globex = other_store(session_factory)
    theirs = _returns(session_factory, int(globex["seller_id"]), 55, ReturnStatus.REQUESTED)
    page_login(app_client, str(globex["email"]))
    first = app_client.get("/admin/returns")
    assert "55 returns" in first.text
    link = _later(first.text)
    assert link is not None
    seen = _ids(first.text) + _ids(app_client.get(link).text)
    assert seen == theirs and not set(seen) & set(mine)
