"""What the cart, the product sheet and the order page say about shipping is in the viewer's
language: a line no route can ship, the fee with its free-from amount, the delivery promise."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.models import Product
from crosslive.db import transaction
from crosslive.landed.models import ShippingFee
from crosslive.live.audience import Audience
from crosslive.live.cards import product_card
from tests.factories import Shop, checkout_body, confirmed
from tests.orders.test_shipping_route import ADDRESS_DE, SHOW, _market, _only_in, _routes

GERMAN = {"Accept-Language": "de-DE,de;q=0.9"}


def test_a_line_no_route_can_ship_and_the_promise_read_german(
    app_client: TestClient, shop: Shop, session_factory: sessionmaker[Session]
) -> None:
    wh = _routes(session_factory, shop)
    added = app_client.post(
        f"{SHOW}/cart/items",
        json={"market": "EU", "variant_id": shop.shirt_m, "quantity": 1},
        headers=GERMAN,
    )
    assert added.status_code == 200, added.text
    assert (
        added.json()["breakdown"]["delivery"]
        == "Lieferung aus unserem Lager in BER in 1\u20132 Tagen"
    )
    _only_in(session_factory, shop, {shop.shirt_m: {wh["LAX"]: 3}})

    line = app_client.get(f"{SHOW}/cart", params={"market": "EU"}, headers=GERMAN).json()
    assert line["items"][0]["message"] == (
        "Ausverkauft für Europe: Linen Shirt (M) kann in dieser Menge nicht dorthin "
        "geliefert werden"
    )
    english = app_client.get(f"{SHOW}/cart", params={"market": "EU"}).json()
    assert english["items"][0]["message"].startswith("Sold out for Europe: Linen Shirt (M)")


def test_the_shipping_line_reads_german_with_german_prices(
    shop: Shop, session_factory: sessionmaker[Session], db: Session
) -> None:
    _routes(session_factory, shop)
    with transaction(session_factory) as tx:
        tx.execute(update(ShippingFee).values(free_above_minor=5000))
    shirt = db.scalars(select(Product).where(Product.title == "Linen Shirt")).one()
    who = Audience(_market(db, "EU"), "de", "")
    german = product_card(db, shirt, who, date(2026, 12, 1), "de")["shipping"]
    assert german.replace("\xa0", " ") == "4,95 € (kostenlos ab 50,00 €)"
    assert product_card(db, shirt, who, date(2026, 12, 1))["shipping"] == (
        "€4.95 (free from €50.00)"
    )


def test_the_order_page_promises_delivery_in_german(
    app_client: TestClient, shop: Shop, session_factory: sessionmaker[Session]
) -> None:
    _routes(session_factory, shop)
    app_client.post(f"{SHOW}/cart/items", json={"market": "EU", "variant_id": shop.shirt_m})
    body = confirmed(app_client, f"{SHOW}/checkout", checkout_body(market="EU", address=ADDRESS_DE))
    placed = app_client.post(
        f"{SHOW}/checkout", json=body, headers={"Idempotency-Key": "de-promise-01"}
    )
    assert placed.status_code == 201, placed.text
    page = app_client.get(
        placed.json()["url"].removeprefix("http://127.0.0.1:8000"), headers=GERMAN
    )
    assert page.status_code == 200
    assert (
        "Lieferung aus unserem Lager in BER in 1\u20132 Tagen, sobald die Bestellung versandt ist."
        in page.text
    )
    assert "once it ships" not in page.text
