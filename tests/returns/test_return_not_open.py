"""A return that cannot be asked for (not delivered yet, window closed, a market without
returns): the return page says why and what happens next in the buyer's language, shows no
form, and the form's POST and the returns API still refuse, in that language, creating
nothing."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction, utcnow
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Order, OrderStatus
from crosslive.returns.models import ReturnRequest
from tests.factories import Shop
from tests.returns.return_helpers import (
    count,
    delivered_order,
    returns_url,
    set_us_market,
    token,
)

GERMAN = {"Accept-Language": "de-DE,de;q=0.9"}


def _not_delivered(factory: sessionmaker[Session], order_id: int) -> None:
    with transaction(factory) as db:
        order = db.get(Order, order_id)
        assert order is not None
        order.status, order.delivered_at, order.returns_until = OrderStatus.SHIPPED, None, None


def test_a_german_buyer_of_an_undelivered_order_is_told_so_without_a_form(
    app_client: TestClient,
    shop: Shop,
    links: OrderLinks,
    session_factory: sessionmaker[Session],
    db: Session,
) -> None:
    set_us_market(session_factory)
    order = delivered_order(session_factory, shop, shop.lamp)
    _not_delivered(session_factory, order.order_id)
    key = token(links, order.public_id)

    page = app_client.get(f"/orders/{key}/return?line={order.line_id}", headers=GERMAN)
    assert page.status_code == 409
    assert 'data-closed="not_delivered"' in page.text
    assert (
        "Sie können eine Rücksendung anfragen, sobald die Bestellung zugestellt wurde." in page.text
    )
    assert "once the order has been delivered" not in page.text
    assert 'data-testid="return-form"' not in page.text and "<form" not in page.text
    assert f'href="/orders/{key}" data-testid="back-to-order">Zurück zu Ihrer Bestellung' in (
        page.text
    )

    fields = {"line": str(order.line_id), "quantity": "1", "reason": "too_small"}
    posted = app_client.post(f"/orders/{key}/return", data=fields, headers=GERMAN)
    assert posted.status_code == 409
    assert 'data-closed="not_delivered"' in posted.text and "<form" not in posted.text

    api = app_client.post(
        returns_url(links, order.public_id),
        json={"line_id": order.line_id, "reason": "too_small"},
        headers=GERMAN,
    )
    assert (api.status_code, api.json()["detail"]) == (
        409,
        "Eine Rücksendung können Sie anfragen, sobald die Bestellung zugestellt wurde",
    )
    assert count(db, ReturnRequest) == 0


def test_a_closed_window_names_its_day_as_the_buyers_language_writes_it(
    app_client: TestClient,
    shop: Shop,
    links: OrderLinks,
    session_factory: sessionmaker[Session],
    db: Session,
) -> None:
    set_us_market(session_factory)
    order = delivered_order(session_factory, shop, shop.lamp, days_left=-3)
    with transaction(session_factory) as tx:
        row = tx.get(Order, order.order_id)
        assert row is not None and row.returns_until is not None
        ended = row.returns_until.date()
    key = token(links, order.public_id)
    german_day = ended.strftime("%d.%m.%Y")

    page = app_client.get(f"/orders/{key}/return", headers=GERMAN)
    assert page.status_code == 409 and "<form" not in page.text
    assert f"Die Rückgabefrist endete am {german_day}." in page.text
    assert "Für diese Bestellung kann keine Rücksendung angefragt werden." in page.text

    english = app_client.get(f"/orders/{key}/return", headers={"Accept-Language": "en"})
    assert f"The return window closed on {ended.isoformat()}." in english.text

    fields = {"line": str(order.line_id), "quantity": "1", "reason": "changed_mind"}
    posted = app_client.post(f"/orders/{key}/return", data=fields, headers=GERMAN)
    assert posted.status_code == 409 and "<form" not in posted.text
    assert f"Die Rückgabefrist endete am {german_day}." in posted.text

    api = app_client.post(
        returns_url(links, order.public_id),
        json={"line_id": order.line_id, "reason": "changed_mind"},
        headers=GERMAN,
    )
    assert (api.status_code, api.json()["detail"]) == (
        409,
        f"Die Rückgabefrist für diese Bestellung endete am {german_day}",
    )
    assert count(db, ReturnRequest) == 0


def test_a_market_without_returns_says_so_in_japanese(
    app_client: TestClient,
    shop: Shop,
    links: OrderLinks,
    session_factory: sessionmaker[Session],
    db: Session,
) -> None:
    set_us_market(session_factory, window_days=0)
    order = delivered_order(session_factory, shop, shop.lamp)
    key = token(links, order.public_id)
    page = app_client.get(f"/orders/{key}/return", headers={"Accept-Language": "ja"})
    assert page.status_code == 409 and "<form" not in page.text
    assert "このストアはお住まいの市場で返品を受け付けていません。" in page.text
    assert count(db, ReturnRequest) == 0


def test_an_open_window_still_shows_the_form(
    app_client: TestClient,
    shop: Shop,
    links: OrderLinks,
    session_factory: sessionmaker[Session],
) -> None:
    set_us_market(session_factory)
    order = delivered_order(session_factory, shop, shop.lamp, now=utcnow() - timedelta(days=1))
    page = app_client.get(f"/orders/{token(links, order.public_id)}/return", headers=GERMAN)
    assert page.status_code == 200
    assert 'data-testid="return-form"' in page.text and "data-closed" not in page.text
