"""A product a market rule refuses (GPSR fields missing for the EU) cannot be added to the
cart nor checked out there: a clear message in the viewer's language, nothing changed."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.models import Product, Variant
from crosslive.db import transaction
from crosslive.markets.models import Market
from crosslive.orders.models import CartAdd, CartItem, IdempotencyKey, Order
from tests.compliance.factories import SAFE
from tests.factories import Shop, checkout_body, confirmed, page_login

SHOW = "/api/v1/shows/spring-drop"
GERMAN = {"Accept-Language": "de-DE,de;q=0.9"}
ADDRESS_DE = {"line1": "Hauptstr. 1", "city": "Berlin", "postal_code": "10115", "country": "DE"}
REFUSED = (
    "Linen Shirt cannot be sold in Europe yet: the product safety information the law there "
    "requires is missing"
)


def _count(db: Session, model: type) -> int:
    return db.scalar(select(func.count()).select_from(model)) or 0


def _require_gpsr(factory: sessionmaker[Session], shop: Shop) -> None:
    with transaction(factory) as db:
        db.execute(
            update(Market)
            .where(Market.seller_id == shop.seller_id, Market.code == "EU")
            .values(required_disclosures=["gpsr"], languages=["en"])
        )


def test_checkout_refuses_a_product_missing_its_gpsr_fields_and_changes_nothing(
    app_client: TestClient, shop: Shop, session_factory: sessionmaker[Session], db: Session
) -> None:
    add = {"market": "EU", "variant_id": shop.shirt_m, "quantity": 2}
    assert app_client.post(f"{SHOW}/cart/items", json=add).status_code == 200
    body = confirmed(app_client, f"{SHOW}/checkout", checkout_body(market="EU", address=ADDRESS_DE))
    _require_gpsr(session_factory, shop)

    response = app_client.post(
        f"{SHOW}/checkout", json=body, headers={"Idempotency-Key": "attempt-0001"}
    )
    assert (response.status_code, response.json()) == (422, {"detail": REFUSED})
    again = app_client.post(f"{SHOW}/cart/items", json=add, headers=GERMAN)
    assert (again.status_code, again.json()["detail"]) == (
        422,
        "Linen Shirt kann in Europe noch nicht verkauft werden: Die dort gesetzlich "
        "vorgeschriebenen Angaben zur Produktsicherheit fehlen",
    )
    db.expire_all()
    assert (_count(db, Order), _count(db, IdempotencyKey), _count(db, CartAdd)) == (0, 0, 1)
    assert db.scalar(select(CartItem.quantity)) == 2
    assert db.scalar(select(Variant.stock).where(Variant.id == shop.shirt_m)) == 5
    # The US market has no such rule: the same product sells there meanwhile.
    us = {"market": "US", "variant_id": shop.shirt_m, "quantity": 1}
    assert app_client.post(f"{SHOW}/cart/items", json=us).status_code == 200

    # Once the seller enters them, the same cart checks out.
    with transaction(session_factory) as tx:
        tx.execute(update(Product).where(Product.title == "Linen Shirt").values(**SAFE))
    placed = app_client.post(
        f"{SHOW}/checkout", json=body, headers={"Idempotency-Key": "attempt-0002"}
    )
    assert placed.status_code == 201, placed.text


def test_the_admin_console_and_live_room_say_where_the_product_is_hidden_and_why(
    app_client: TestClient,
    shop: Shop,
    owner: dict[str, str | int],
    session_factory: sessionmaker[Session],
    db: Session,
) -> None:
    _require_gpsr(session_factory, shop)
    shirt = db.scalars(select(Product).where(Product.title == "Linen Shirt")).one()
    with transaction(session_factory) as tx:
        tx.execute(
            update(Product).where(Product.id == shirt.id).values({**SAFE, "eu_rp_address": ""})
        )
    page_login(app_client, str(owner["email"]))

    admin = app_client.get(f"/admin/products/{shirt.id}").text
    rows = {
        code: admin.split(f'<tr data-market="{code}">')[1].split("</tr>")[0]
        for code in ("US", "EU", "HK")
    }
    assert "hidden from this market's viewers" in rows["EU"]
    assert "The EU responsible person&#39;s postal address is missing" in rows["EU"]
    assert "hidden from" not in rows["US"] and "hidden from" not in rows["HK"]

    console = app_client.get("/host/spring-drop").text
    row = console.split(f'data-product="{shirt.id}"')[1].split("</li>")[0]
    assert (
        'data-pin-warning="Viewers in Europe cannot buy it: The EU responsible person&#39;s '
        'postal address is missing."'
    ) in row

    # The live room's sheet: not offered to an EU viewer, offered to a US one.
    card = f"/live/spring-drop/cards/{shirt.id}"
    assert app_client.get(card, params={"country": "DE"}).status_code == 204
    assert app_client.get(card, params={"country": "US"}).status_code == 200
