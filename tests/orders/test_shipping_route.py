"""The route that ships a variant decides the promise and the fee: the fastest route of the
market whose warehouse holds the units, else the fastest when unplaced units cover them;
a variant no route of the market can ship is sold out there."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog import inventory
from crosslive.catalog.models import Product, Variant
from crosslive.db import transaction
from crosslive.landed.models import ShippingFee
from crosslive.live.audience import Audience
from crosslive.live.cards import product_card
from crosslive.markets import service as markets_service
from crosslive.markets.models import Market
from crosslive.orders.models import Order
from tests.factories import Shop, checkout_body, confirmed, routed_warehouse

SHOW = "/api/v1/shows/spring-drop"
ADDRESS_DE = {"line1": "Hauptstr. 1", "city": "Berlin", "postal_code": "10115", "country": "DE"}
# code, country, market, (days min, max), flat fee
ROUTES = (
    ("BER", "DE", "EU", (1, 2), 495),
    ("RTM", "NL", "EU", (3, 5), 900),
    ("LAX", "US", "US", (2, 4), 700),
)


def _routes(factory: sessionmaker[Session], shop: Shop) -> dict[str, int]:
    """BER ships to the EU in 1-2 days (EUR 4.95), RTM in 3-5 (EUR 9.00); LAX ships to the
    US only (USD 7.00)."""
    with transaction(factory) as db:
        markets = {m.code: m for m in db.scalars(select(Market))}
        ids: dict[str, int] = {}
        for code, country, market, days, fee in ROUTES:
            wh = routed_warehouse(db, shop.seller_id, markets[market], code, country, days)
            db.add(
                ShippingFee(
                    seller_id=shop.seller_id,
                    market_id=markets[market].id,
                    warehouse_id=wh.id,
                    flat_minor=fee,
                    bands=[],
                    free_above_minor=None,
                )
            )
            ids[code] = wh.id
        return ids


def _only_in(factory: sessionmaker[Session], shop: Shop, where: dict[int, dict[int, int]]) -> None:
    """Each variant of WHERE keeps no unplaced unit, only the given warehouse quantities."""
    with transaction(factory) as db:
        for variant_id, placed in where.items():
            db.execute(
                Variant.__table__.update().where(Variant.id == variant_id).values(stock=0)  # type: ignore[attr-defined]
            )
            for warehouse_id, qty in placed.items():
                inventory.place(db, shop.seller_id, variant_id, warehouse_id, qty)


def _market(db: Session, code: str) -> Market:
    db.expire_all()
    return db.scalars(select(Market).where(Market.code == code)).one()


def _card(db: Session, code: str) -> dict:
    shirt = db.scalars(select(Product).where(Product.title == "Linen Shirt")).one()
    return product_card(db, shirt, Audience(_market(db, code), "en", ""), date(2026, 12, 1))


def test_a_variant_held_only_in_the_slower_warehouse_gets_its_promise_and_fee(
    app_client: TestClient, shop: Shop, session_factory: sessionmaker[Session], db: Session
) -> None:
    wh = _routes(session_factory, shop)
    _only_in(session_factory, shop, {shop.shirt_m: {wh["RTM"]: 2}, shop.shirt_l: {wh["RTM"]: 1}})
    found = markets_service.shipment(db, _market(db, "EU"), shop.shirt_m, 2)
    assert found is not None and found.warehouse_id == wh["RTM"]
    assert markets_service.shipment(db, _market(db, "EU"), shop.shirt_m, 3) is None
    card = _card(db, "EU")
    assert (card["delivery"]["city"], card["delivery"]["days_max"]) == ("RTM", 5)
    assert (card["shipping"], card["sold_out"]) == ("€9.00", False)

    added = app_client.post(
        f"{SHOW}/cart/items", json={"market": "EU", "variant_id": shop.shirt_m, "quantity": 2}
    )
    assert added.status_code == 200, added.text
    breakdown = added.json()["breakdown"]
    assert breakdown["shipping_minor"] == 900
    assert breakdown["delivery"] == "Ships from our RTM warehouse in 3-5 days"
    body = confirmed(app_client, f"{SHOW}/checkout", checkout_body(market="EU", address=ADDRESS_DE))
    placed = app_client.post(f"{SHOW}/checkout", json=body, headers={"Idempotency-Key": "route-01"})
    assert placed.status_code == 201, placed.text
    order = db.scalars(select(Order)).one()
    assert (order.shipping_minor, order.total_minor) == (900, 2 * 2300 + 900)
    assert order.lines[0].warehouse_id == wh["RTM"]
    promise = markets_service.order_promise(_market(db, "EU"), [order.lines[0].warehouse_id])
    assert promise is not None and (promise.days_min, promise.days_max) == (3, 5)


def test_parcels_from_two_warehouses_pay_each_fee_and_promise_the_slowest(
    app_client: TestClient, shop: Shop, session_factory: sessionmaker[Session]
) -> None:
    wh = _routes(session_factory, shop)
    # M sits in Rotterdam; L keeps its unplaced unit, which goes by the fastest route.
    _only_in(session_factory, shop, {shop.shirt_m: {wh["RTM"]: 2}})
    for variant in (shop.shirt_m, shop.shirt_l):
        added = app_client.post(
            f"{SHOW}/cart/items", json={"market": "EU", "variant_id": variant, "quantity": 1}
        )
        assert added.status_code == 200, added.text
    breakdown = added.json()["breakdown"]
    assert breakdown["shipping_minor"] == 900 + 495
    assert breakdown["delivery"] == "Ships from our RTM warehouse in 3-5 days"


def test_stock_only_in_a_warehouse_not_serving_the_market_is_sold_out_there(
    app_client: TestClient, shop: Shop, session_factory: sessionmaker[Session], db: Session
) -> None:
    wh = _routes(session_factory, shop)
    # A viewer puts the unplaced M in the EU cart; then the seller moves all units to LAX.
    added = app_client.post(
        f"{SHOW}/cart/items", json={"market": "EU", "variant_id": shop.shirt_m, "quantity": 1}
    )
    assert added.status_code == 200, added.text
    _only_in(session_factory, shop, {shop.shirt_m: {wh["LAX"]: 3}, shop.shirt_l: {wh["LAX"]: 1}})

    eu, us = _card(db, "EU"), _card(db, "US")
    assert (eu["sold_out"], eu["delivery"], eu["shipping"]) == (True, None, "")
    assert [v["in_stock"] for v in eu["variants"]] == [False, False]
    assert (us["sold_out"], us["delivery"]["city"], us["shipping"]) == (False, "LAX", "$7.00")
    assert [v["in_stock"] for v in us["variants"]] == [True, True]

    cart = app_client.get(f"{SHOW}/cart", params={"market": "EU"}).json()
    line = cart["items"][0]
    assert line["sold_out"] is True
    assert line["message"].startswith("Sold out for Europe: Linen Shirt (M)")
    more = app_client.post(
        f"{SHOW}/cart/items", json={"market": "EU", "variant_id": shop.shirt_l, "quantity": 1}
    )
    assert more.status_code == 409, more.text
    body = confirmed(app_client, f"{SHOW}/checkout", checkout_body(market="EU", address=ADDRESS_DE))
    refused = app_client.post(
        f"{SHOW}/checkout", json=body, headers={"Idempotency-Key": "route-02"}
    )
    assert refused.status_code == 409, refused.text
    assert "Sold out" in refused.json()["detail"]
    assert db.scalars(select(Order)).all() == []
    db.expire_all()
    assert inventory.placed(db, shop.shirt_m) == {wh["LAX"]: 3}

    us_cart = app_client.post(
        f"{SHOW}/cart/items", json={"market": "US", "variant_id": shop.shirt_m, "quantity": 2}
    )
    assert us_cart.status_code == 200, us_cart.text
    assert us_cart.json()["breakdown"]["shipping_minor"] == 700
    assert us_cart.json()["items"][0]["sold_out"] is False


def test_unplaced_units_go_by_the_fastest_route_as_before(
    app_client: TestClient, shop: Shop, session_factory: sessionmaker[Session], db: Session
) -> None:
    wh = _routes(session_factory, shop)
    found = markets_service.shipment(db, _market(db, "EU"), shop.shirt_m, 5)
    assert found is not None and found.warehouse_id is None and found.route is not None
    assert found.route.warehouse_id == wh["BER"]
    assert markets_service.shipment(db, _market(db, "EU"), shop.shirt_m, 6) is None
    card = _card(db, "EU")
    assert (card["delivery"]["city"], card["shipping"], card["sold_out"]) == ("BER", "€4.95", False)
    added = app_client.post(
        f"{SHOW}/cart/items", json={"market": "EU", "variant_id": shop.shirt_m, "quantity": 5}
    )
    assert added.status_code == 200, added.text
    assert added.json()["breakdown"]["shipping_minor"] == 495
    assert added.json()["breakdown"]["delivery"] == "Ships from our BER warehouse in 1-2 days"
