"""Stock per warehouse: the seller places units, checkout takes them from the fastest
warehouse of the market that holds them, cancelling and returning put them back."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog import inventory
from crosslive.catalog.models import Variant, WarehouseStock
from crosslive.db import transaction
from crosslive.markets.models import Market
from crosslive.orders import lifecycle
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Order
from crosslive.returns.models import ReturnRequest
from crosslive.settings import Settings
from tests.factories import Shop, checkout_body, confirmed, routed_warehouse
from tests.returns.return_helpers import delivered_order, returns_url, set_us_market

SHOW = "/api/v1/shows/spring-drop"
ADDRESS_DE = {"line1": "Hauptstr. 1", "city": "Berlin", "postal_code": "10115", "country": "DE"}


def _warehouses(factory: sessionmaker[Session], shop: Shop) -> dict[str, int]:
    """BER ships to the EU in 1-2 days, RTM in 3-5; LAX ships to the US only."""
    with transaction(factory) as db:
        markets = {m.code: m for m in db.scalars(select(Market))}
        ids: dict[str, int] = {}
        for code, country, market, days in (
            ("BER", "DE", "EU", (1, 2)),
            ("RTM", "NL", "EU", (3, 5)),
            ("LAX", "US", "US", (2, 4)),
        ):
            wh = routed_warehouse(db, shop.seller_id, markets[market], code, country, days)
            ids[code] = wh.id
        return ids


def _where(db: Session, variant_id: int) -> tuple[int, dict[int, int]]:
    db.expire_all()
    variant = db.get(Variant, variant_id)
    assert variant is not None
    return variant.stock, inventory.placed(db, variant_id)


def _put(client: TestClient, headers: dict[str, str], variant: int, code: str, qty: int) -> dict:
    response = client.put(
        f"/api/v1/variants/{variant}/stock/{code}", json={"quantity": qty}, headers=headers
    )
    assert response.status_code == 200, response.text
    body: dict = response.json()
    return body


def test_owner_places_units_and_the_total_follows(
    app_client: TestClient,
    shop: Shop,
    auth_headers: dict[str, str],
    session_factory: sessionmaker[Session],
    db: Session,
) -> None:
    _warehouses(session_factory, shop)
    # The shirt starts with 5 unplaced units; 2 more arrive in Berlin, then 1 in Rotterdam.
    body = _put(app_client, auth_headers, shop.shirt_m, "ber", 2)
    assert body == {"variant_id": shop.shirt_m, "stock": 7, "warehouses": {"BER": 2}, "unplaced": 5}
    body = _put(app_client, auth_headers, shop.shirt_m, "RTM", 1)
    assert (body["stock"], body["warehouses"]) == (8, {"BER": 2, "RTM": 1})
    body = _put(app_client, auth_headers, shop.shirt_m, "BER", 0)
    assert (body["stock"], body["warehouses"], body["unplaced"]) == (6, {"BER": 0, "RTM": 1}, 5)
    read = app_client.get(f"/api/v1/variants/{shop.shirt_m}/stock", headers=auth_headers)
    assert read.json() == body
    missing = app_client.get("/api/v1/variants/9999/stock", headers=auth_headers)
    assert missing.status_code == 404
    before = _where(db, shop.shirt_m)
    unknown = app_client.put(
        f"/api/v1/variants/{shop.shirt_m}/stock/NOPE", json={"quantity": 3}, headers=auth_headers
    )
    assert unknown.status_code == 404, unknown.text
    negative = app_client.put(
        f"/api/v1/variants/{shop.shirt_m}/stock/BER", json={"quantity": -1}, headers=auth_headers
    )
    assert negative.status_code == 422
    anonymous = app_client.put(f"/api/v1/variants/{shop.shirt_m}/stock/BER", json={"quantity": 9})
    assert anonymous.status_code == 401
    assert _where(db, shop.shirt_m) == before


def test_reserve_takes_the_fastest_warehouse_holding_the_units_else_unplaced(
    shop: Shop, session_factory: sessionmaker[Session], db: Session
) -> None:
    wh = _warehouses(session_factory, shop)
    with transaction(session_factory) as tx:
        tx.execute(
            Variant.__table__.update().where(Variant.id == shop.lamp).values(stock=0)  # type: ignore[attr-defined]
        )
        inventory.place(tx, shop.seller_id, shop.lamp, wh["BER"], 1)
        inventory.place(tx, shop.seller_id, shop.lamp, wh["RTM"], 3)
        inventory.place(tx, shop.seller_id, shop.lamp, wh["LAX"], 2)
    eu = [wh["BER"], wh["RTM"]]
    with transaction(session_factory) as tx:
        assert inventory.reserve(tx, shop.lamp, 1, eu) == inventory.Reserved(wh["BER"])
        assert inventory.reserve(tx, shop.lamp, 2, eu) == inventory.Reserved(wh["RTM"])
        # One left in Rotterdam, two in Los Angeles, none unplaced: the EU cannot take two.
        assert inventory.reserve(tx, shop.lamp, 2, eu) is None
    assert _where(db, shop.lamp) == (3, {wh["BER"]: 0, wh["RTM"]: 1, wh["LAX"]: 2})
    with transaction(session_factory) as tx:
        inventory.release(tx, shop.lamp, 2, wh["RTM"])
        inventory.release(tx, shop.lamp, 1, None)
        # Unplaced units serve any market, after its own warehouses.
        assert inventory.reserve(tx, shop.lamp, 1, []) == inventory.Reserved(None)
    assert _where(db, shop.lamp) == (5, {wh["BER"]: 0, wh["RTM"]: 3, wh["LAX"]: 2})


def test_checkout_records_the_warehouse_and_a_cancellation_gives_back_there(
    app_client: TestClient, shop: Shop, session_factory: sessionmaker[Session], db: Session
) -> None:
    wh = _warehouses(session_factory, shop)
    with transaction(session_factory) as tx:
        inventory.place(tx, shop.seller_id, shop.shirt_m, wh["RTM"], 2)
    added = app_client.post(
        f"{SHOW}/cart/items", json={"market": "EU", "variant_id": shop.shirt_m, "quantity": 2}
    )
    assert added.status_code == 200, added.text
    body = confirmed(app_client, f"{SHOW}/checkout", checkout_body(market="EU", address=ADDRESS_DE))
    placed = app_client.post(
        f"{SHOW}/checkout", json=body, headers={"Idempotency-Key": "warehouse-0001"}
    )
    assert placed.status_code == 201, placed.text
    order = db.scalars(select(Order)).one()
    # Berlin holds none of the shirt; Rotterdam, the next fastest, holds both units.
    assert order.lines[0].warehouse_id == wh["RTM"]
    assert _where(db, shop.shirt_m) == (5, {wh["RTM"]: 0})
    with transaction(session_factory) as tx:
        again = tx.get(Order, order.id)
        assert again is not None
        assert lifecycle.cancel(tx, again, reason="test") is True
    assert _where(db, shop.shirt_m) == (7, {wh["RTM"]: 2})
    assert db.scalar(select(WarehouseStock.quantity)) == 2


def test_exchange_reserves_in_the_market_warehouse_and_returns_restock_at_its_return_address(
    app_client: TestClient,
    shop: Shop,
    settings: Settings,
    auth_headers: dict[str, str],
    session_factory: sessionmaker[Session],
    db: Session,
) -> None:
    wh = _warehouses(session_factory, shop)
    set_us_market(session_factory, warehouse=False)
    with transaction(session_factory) as tx:
        us = tx.scalars(select(Market).where(Market.code == "US")).one()
        us.return_warehouse_id = wh["LAX"]
        inventory.place(tx, shop.seller_id, shop.shirt_l, wh["LAX"], 1)  # + 1 unplaced
        inventory.place(tx, shop.seller_id, shop.lamp, wh["LAX"], 0)
    links = OrderLinks.from_settings(settings)
    shirt = delivered_order(session_factory, shop, shop.shirt_m)
    url = returns_url(links, shirt.public_id)
    seen = app_client.post(url, json={"line_id": shirt.line_id, "reason": "too_small"})
    assert seen.json()["outcome"] == "exchange", seen.text
    assert app_client.post(f"{url}/{seen.json()['id']}/confirm").status_code == 200
    ret = db.get(ReturnRequest, seen.json()["id"])
    assert ret is not None and ret.exchange_warehouse_id == wh["LAX"]
    assert _where(db, shop.shirt_l) == (1, {wh["LAX"]: 0})
    base = f"/api/v1/returns/{ret.id}"
    rejected = app_client.post(f"{base}/reject", json={"reason": "worn"}, headers=auth_headers)
    assert rejected.status_code == 200, rejected.text
    assert _where(db, shop.shirt_l) == (2, {wh["LAX"]: 1})

    lamp = delivered_order(session_factory, shop, shop.lamp)
    url = returns_url(links, lamp.public_id)
    seen = app_client.post(url, json={"line_id": lamp.line_id, "reason": "defect"})
    assert app_client.post(f"{url}/{seen.json()['id']}/confirm").status_code == 200
    base = f"/api/v1/returns/{seen.json()['id']}"
    assert app_client.post(f"{base}/approve", headers=auth_headers).status_code == 200
    got = app_client.post(f"{base}/received", json={"restockable": True}, headers=auth_headers)
    assert got.status_code == 200, got.text
    assert _where(db, shop.lamp) == (4, {wh["LAX"]: 1})
