"""The packing slip PDF: lines, packaging advice and the return card with the address."""

from __future__ import annotations

import io

from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.catalog.models import Category, Product
from crosslive.markets.models import LabelPaidBy, Market, Warehouse
from crosslive.orders import service as orders_service
from tests.factories import Shop, checkout_body, confirmed

SHOW = "/api/v1/shows/spring-drop"
BUYER = "Ангелина Петрова"


def _order(buyer: TestClient, shop: Shop) -> str:
    for variant, qty in ((shop.shirt_m, 2), (shop.lamp, 1)):
        added = buyer.post(
            f"{SHOW}/cart/items", json={"market": "US", "variant_id": variant, "quantity": qty}
        )
        assert added.status_code in (200, 201), added.text
    body = confirmed(buyer, f"{SHOW}/checkout", checkout_body(name=BUYER))
    placed = buyer.post(f"{SHOW}/checkout", json=body, headers={"Idempotency-Key": "slip-0001"})
    assert placed.status_code == 201, placed.text
    public_id: str = placed.json()["public_id"]
    return public_id


def _arrange(db: Session, shop: Shop) -> None:
    products = {p.title: p for p in db.scalars(select(Product))}
    products["Linen Shirt"].category = Category.APPAREL
    products["Lamp"].category = Category.HOME
    products["Lamp"].product_type = "Glass table lamp"
    warehouse = Warehouse(
        seller_id=shop.seller_id, code="LA", name="LA returns", city="Los Angeles", country="US"
    )
    db.add(warehouse)
    db.flush()
    market = db.scalars(select(Market).where(Market.code == "US")).one()
    market.return_warehouse_id = warehouse.id
    market.return_label_paid_by = LabelPaidBy.SELLER
    market.return_window_days = 30
    market.languages = ["en"]
    db.commit()


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_the_owner_prints_a_packing_slip_with_lines_advice_and_return_card(
    app_client: TestClient, buyer: TestClient, shop: Shop, auth_headers: dict[str, str], db: Session
) -> None:
    _arrange(db, shop)
    order_id = orders_service.order_by_public_id(db, _order(buyer, shop)).id

    response = app_client.get(f"/api/v1/orders/{order_id}/packing-slip.pdf", headers=auth_headers)

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = _text(response.content)
    assert f"Packing slip · Order #{order_id}" in text
    assert BUYER in text  # a Cyrillic name survives (DejaVu Sans)
    for expected in ("acme-shirt-m", "Linen Shirt", "M 2", "acme-lamp-default", "Lamp"):
        assert expected in text
    # The advice for the categories in the order, and only those.
    assert "Apparel" in text and "Home" in text and "Fragile" in text
    assert "5 cm of cushioning" in text and "polybag" in text
    assert "Shoes" not in text and "Electronics" not in text
    # The return card: window, the market's return warehouse, who pays, the reference.
    assert "within 30 days of delivery" in text
    assert "Send it back to: LA returns, Los Angeles, US" in text
    assert "We pay the return label" in text
    assert f"ORDER-{order_id}" in text


def test_a_buyer_paid_label_and_a_market_without_warehouse_say_so(
    app_client: TestClient, buyer: TestClient, shop: Shop, auth_headers: dict[str, str], db: Session
) -> None:
    market = db.scalars(select(Market).where(Market.code == "US")).one()
    market.return_label_paid_by = LabelPaidBy.BUYER
    db.commit()
    order_id = orders_service.order_by_public_id(db, _order(buyer, shop)).id

    text = _text(
        app_client.get(f"/api/v1/orders/{order_id}/packing-slip.pdf", headers=auth_headers).content
    )

    assert "The return postage is yours to pay." in text
    assert "Write to us first" in text
    assert "No category-specific advice" in text  # both products are "other"


def test_another_stores_order_is_not_found_and_hosts_may_not_print(
    app_client: TestClient,
    buyer: TestClient,
    shop: Shop,
    auth_headers: dict[str, str],
    other_headers: dict[str, str],
    host_headers: dict[str, str],
    db: Session,
) -> None:
    order_id = orders_service.order_by_public_id(db, _order(buyer, shop)).id
    url = f"/api/v1/orders/{order_id}/packing-slip.pdf"

    assert app_client.get(url, headers=other_headers).status_code == 404
    assert app_client.get(url, headers=host_headers).status_code == 403
    assert app_client.get(url).status_code == 401
    missing = app_client.get("/api/v1/orders/999999/packing-slip.pdf", headers=auth_headers)
    assert missing.status_code == 404
