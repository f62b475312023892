"""The buyer's order page names what was bought in the page's language (approved only)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.models import Variant
from crosslive.content import service as content
from crosslive.db import transaction
from crosslive.mail.models import OutboxEmail
from tests.factories import Shop, checkout_body, confirmed
from tests.orders.test_checkout import add, checkout
from tests.orders.test_shipping_route import ADDRESS_DE, SHOW, _routes

GERMAN = {"Accept-Language": "de-DE,de;q=0.9"}


def test_the_order_page_reads_the_approved_title_in_german(
    app_client: TestClient, shop: Shop, session_factory: sessionmaker[Session]
) -> None:
    _routes(session_factory, shop)
    with transaction(session_factory) as db:
        variant = db.get(Variant, shop.shirt_m)
        assert variant is not None
        content.save(db, shop.seller_id, "product", variant.product_id, "title", "de", "Leinenhemd")
    app_client.post(f"{SHOW}/cart/items", json={"market": "EU", "variant_id": shop.shirt_m})
    body = confirmed(app_client, f"{SHOW}/checkout", checkout_body(market="EU", address=ADDRESS_DE))
    placed = app_client.post(
        f"{SHOW}/checkout", json=body, headers={"Idempotency-Key": "de-title-1"}
    )
    assert placed.status_code == 201, placed.text
    url = placed.json()["url"].removeprefix("http://127.0.0.1:8000")
    german = app_client.get(url, headers=GERMAN).text
    assert "<td>Leinenhemd <small>M</small></td>" in german
    english = app_client.get(url).text
    assert "<td>Linen Shirt <small>M</small></td>" in english


def test_the_german_confirmation_email_names_the_german_title(
    app_client: TestClient, shop: Shop, session_factory: sessionmaker[Session], db: Session
) -> None:
    with transaction(session_factory) as tx:
        variant = tx.get(Variant, shop.shirt_m)
        assert variant is not None
        content.save(tx, shop.seller_id, "product", variant.product_id, "title", "de", "Leinenhemd")
    add(app_client, shop.shirt_m)
    placed = checkout(app_client, "de-title-mail", checkout_body(language="de"))
    assert placed.status_code == 201, placed.text
    email = db.scalars(select(OutboxEmail)).one()
    assert "1 x Leinenhemd (M)" in email.text_body
    assert email.html_body is not None and "1 &times; Leinenhemd (M)" in email.html_body
    assert "Linen Shirt" not in email.text_body


def test_the_cart_names_the_product_as_the_order_page_will(
    app_client: TestClient, shop: Shop, session_factory: sessionmaker[Session]
) -> None:
    """A German buyer's cart lists the approved German title, as their order page will."""
    _routes(session_factory, shop)
    with transaction(session_factory) as db:
        variant = db.get(Variant, shop.shirt_m)
        assert variant is not None
        content.save(db, shop.seller_id, "product", variant.product_id, "title", "de", "Leinenhemd")
    app_client.post(f"{SHOW}/cart/items", json={"market": "EU", "variant_id": shop.shirt_m})
    german = app_client.get(f"{SHOW}/cart", params={"market": "EU"}, headers=GERMAN).json()
    assert [item["product_title"] for item in german["items"]] == ["Leinenhemd"]
    english = app_client.get(f"{SHOW}/cart", params={"market": "EU", "lang": "en"}).json()
    assert [item["product_title"] for item in english["items"]] == ["Linen Shirt"]
