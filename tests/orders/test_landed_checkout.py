"""Checkout with a market's landed cost: shipping, VAT under IOSS, duties paid (DDP)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction
from crosslive.landed.models import LandedSettings
from crosslive.mail.models import OutboxEmail
from crosslive.markets.models import Market, Warehouse, WarehouseRoute
from crosslive.orders.models import Order
from tests.factories import Shop, checkout_body, confirmed

SHOW = "/api/v1/shows/spring-drop"
ADDRESS_DE = {"line1": "Hauptstr. 1", "city": "Berlin", "postal_code": "10115", "country": "DE"}
SETTINGS = {
    "regime": "ddp",
    "de_minimis_minor": 0,
    "ioss_number": "IM2760000001",
    "duty_bp": {"other": 1200},
}


def _eu_route(
    factory: sessionmaker[Session], shop: Shop, code: str = "SZX", country: str = "CN"
) -> None:
    with transaction(factory) as db:
        market = db.scalar(
            select(Market).where(Market.seller_id == shop.seller_id, Market.code == "EU")
        )
        assert market is not None
        city = {"SZX": "Shenzhen", "BER": "Berlin"}[code]
        wh = Warehouse(seller_id=shop.seller_id, code=code, name=city, city=city, country=country)
        db.add(wh)
        db.flush()
        db.add(
            WarehouseRoute(
                market_id=market.id, warehouse_id=wh.id, delivery_days_min=2, delivery_days_max=3
            )
        )


def _configure(client: TestClient, headers: dict[str, str], code: str = "szx") -> None:
    put = client.put("/api/v1/markets/by-code/EU/landed", json=SETTINGS, headers=headers)
    assert put.status_code == 200, put.text
    fee = client.put(
        f"/api/v1/markets/by-code/EU/shipping/{code}", json={"flat_minor": 500}, headers=headers
    )
    assert fee.status_code == 200, fee.text


def test_cart_and_order_carry_shipping_vat_and_duties(
    app_client: TestClient,
    shop: Shop,
    auth_headers: dict[str, str],
    session_factory: sessionmaker[Session],
    db: Session,
) -> None:
    _eu_route(session_factory, shop)
    _configure(app_client, auth_headers)
    added = app_client.post(
        f"{SHOW}/cart/items", json={"market": "EU", "variant_id": shop.shirt_m, "quantity": 2}
    )
    assert added.status_code == 200, added.text
    b = app_client.get(f"{SHOW}/cart", params={"market": "EU", "country": "DE"}).json()["breakdown"]
    # 4600 incl. 19 %: 734 VAT; shipping 500 incl. 80 VAT; under IOSS the duty is the flat
    # EUR 3 for one item (DDP: paid now), not 12 % of the net.
    assert (b["subtotal_minor"], b["shipping_minor"], b["tax_minor"]) == (4600, 500, 814)
    assert (b["duties_minor"], b["total_minor"], b["scheme"]) == (300, 5400, "ioss")
    assert b["delivery"] == "Ships from our Shenzhen warehouse in 2-3 days"
    body = checkout_body(market="EU", address=ADDRESS_DE)
    stale = {**confirmed(app_client, f"{SHOW}/checkout", body), "confirmed_total_minor": 4600}
    refused = app_client.post(
        f"{SHOW}/checkout", json=stale, headers={"Idempotency-Key": "landed-0001"}
    )
    assert refused.status_code == 409, refused.text
    assert db.scalar(select(func.count()).select_from(Order)) == 0
    ready = confirmed(app_client, f"{SHOW}/checkout", body)
    placed = app_client.post(
        f"{SHOW}/checkout", json=ready, headers={"Idempotency-Key": "landed-0002"}
    )
    assert placed.status_code == 201, placed.text
    order = db.scalar(select(Order))
    assert order is not None
    assert (order.subtotal_minor, order.shipping_minor, order.tax_minor) == (4600, 500, 814)
    assert (order.duties_minor, order.duties_at_door_minor, order.total_minor) == (300, 0, 5400)
    assert (order.vat_scheme, order.ioss_number) == ("ioss", "IM2760000001")
    assert order.payments[0].amount_minor == 5400
    page = app_client.get(urlsplit(placed.json()["url"]).path)
    assert page.status_code == 200
    assert re.search(r'data-charge="tax"><td colspan="3">VAT included</td><td>€8.14', page.text)
    assert re.search(r'data-charge="duties"><td colspan="3">Import duties</td><td>€3.00', page.text)
    email = db.scalar(select(OutboxEmail))
    assert email is not None
    lines = email.text_body.splitlines()
    for expected in ("Shipping: €5.00", "VAT included: €8.14", "Import duties: €3.00"):
        assert expected in lines, email.text_body
    assert "(IOSS number IM2760000001)" in email.text_body
    assert "<tr><td>VAT included</td><td>€8.14</td></tr>" in email.html_body


def test_inside_the_eu_nothing_is_due_at_the_door_and_the_order_keeps_the_cart_total(
    app_client: TestClient,
    shop: Shop,
    auth_headers: dict[str, str],
    session_factory: sessionmaker[Session],
    db: Session,
) -> None:
    _eu_route(session_factory, shop, "BER", "DE")
    _configure(app_client, auth_headers, "ber")
    app_client.post(
        f"{SHOW}/cart/items", json={"market": "EU", "variant_id": shop.shirt_m, "quantity": 2}
    )
    b = app_client.get(f"{SHOW}/cart", params={"market": "EU", "country": "DE"}).json()["breakdown"]
    # Berlin to Berlin crosses no customs border: German VAT in the price, no duty, no IOSS.
    assert (b["subtotal_minor"], b["shipping_minor"], b["tax_minor"]) == (4600, 500, 814)
    assert (b["duties_minor"], b["duties_at_door_minor"], b["scheme"]) == (0, 0, "")
    assert b["total_minor"] == 5100
    body = confirmed(app_client, f"{SHOW}/checkout", checkout_body(market="EU", address=ADDRESS_DE))
    placed = app_client.post(
        f"{SHOW}/checkout", json=body, headers={"Idempotency-Key": "landed-0003"}
    )
    assert placed.status_code == 201, placed.text
    order = db.scalar(select(Order))
    assert order is not None
    assert (order.duties_minor, order.duties_at_door_minor, order.vat_scheme) == (0, 0, "")
    assert order.total_minor == b["total_minor"] == order.payments[0].amount_minor
    page = app_client.get(urlsplit(placed.json()["url"]).path).text
    assert 'data-charge="duties"' not in page and 'data-charge="at-door"' not in page


def test_bad_settings_are_refused_and_change_nothing(
    app_client: TestClient, shop: Shop, auth_headers: dict[str, str], db: Session
) -> None:
    bad = {**SETTINGS, "duty_bp": {"spaceships": 500}}
    response = app_client.put("/api/v1/markets/by-code/EU/landed", json=bad, headers=auth_headers)
    assert response.status_code == 422, response.text
    assert "spaceships" in response.json()["detail"]
    assert db.scalar(select(func.count()).select_from(LandedSettings)) == 0
    anonymous = app_client.put("/api/v1/markets/by-code/EU/landed", json=SETTINGS)
    assert anonymous.status_code == 401


def test_without_settings_the_total_is_unchanged(app_client: TestClient, shop: Shop) -> None:
    app_client.post(f"{SHOW}/cart/items", json={"market": "US", "variant_id": shop.lamp})
    cart = app_client.get(f"{SHOW}/cart", params={"market": "US"}).json()
    assert cart["breakdown"]["total_minor"] == cart["subtotal_minor"] == 4000
    assert cart["breakdown"]["tax_minor"] == cart["breakdown"]["shipping_minor"] == 0
