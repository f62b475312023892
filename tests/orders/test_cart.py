from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction
from crosslive.errors import NotAuthenticated
from crosslive.orders.models import Cart, CartAdd, CartItem
from crosslive.shows.models import Show
from crosslive.viewers import VIEWER_HEADER, issue, read
from tests.factories import Shop

CART = "/api/v1/shows/spring-drop/cart"


def add(client: TestClient, variant_id: int, qty: int = 1, market: str = "US"):  # type: ignore[no-untyped-def]
    return client.post(
        f"{CART}/items", json={"market": market, "variant_id": variant_id, "quantity": qty}
    )


def test_add_to_cart_prices_in_the_market_currency_and_gives_the_viewer_an_identity(
    app_client: TestClient, shop: Shop
) -> None:
    response = add(app_client, shop.shirt_m, 2)
    assert response.status_code == 200, response.text
    cart = response.json()
    assert cart["currency"] == "USD"
    assert cart["market"] == {
        "code": "US",
        "name": "United States",
        "currency": "USD",
        "countries": ["US"],
    }
    assert cart["items"] == [
        {
            "variant_id": shop.shirt_m,
            "product_title": "Linen Shirt",
            "variant_label": "M",
            "sku": "acme-shirt-m",
            "quantity": 2,
            "unit_price_minor": 2500,
            "line_total_minor": 5000,
            "unit_price": "$25.00",
            "line_total": "$50.00",
            "sold_out": False,
            "message": "",
        }
    ]
    assert (cart["item_count"], cart["subtotal_minor"], cart["subtotal"]) == (2, 5000, "$50.00")
    # No cookie: the identity comes back in a header the page keeps and sends again.
    assert "set-cookie" not in response.headers
    token = response.headers[VIEWER_HEADER]
    assert len(read("test-secret", token).id) >= 16
    with pytest.raises(NotAuthenticated):
        read("another-secret", token)

    # Adding again adds to the line; the EUR market has its own cart with EUR prices.
    assert add(app_client, shop.shirt_m, 1).json()["items"][0]["quantity"] == 3
    eu = add(app_client, shop.shirt_m, 1, market="EU").json()
    assert (eu["currency"], eu["subtotal"], eu["item_count"]) == ("EUR", "€23.00", 1)
    assert app_client.get(CART, params={"market": "US"}).json()["subtotal_minor"] == 7500


def test_a_variant_without_a_price_in_the_market_currency_cannot_be_bought_there(
    app_client: TestClient, shop: Shop, db: Session
) -> None:
    response = add(app_client, shop.lamp, 1, market="EU")
    assert response.status_code == 422
    assert response.json() == {
        "detail": "Lamp (Default) is not sold in Europe: it has no price in EUR"
    }
    assert db.scalar(select(func.count(CartItem.id))) == 0
    assert db.scalar(select(func.count(CartAdd.id))) == 0


def test_only_products_of_the_show_line_up_can_be_added(
    app_client: TestClient, shop: Shop, db: Session
) -> None:
    response = add(app_client, shop.hidden)
    assert response.status_code == 404
    assert response.json() == {"detail": "that product is not on sale in this show"}
    assert add(app_client, 999_999).status_code == 404
    assert db.scalar(select(func.count(Cart.id))) == 0


def test_unknown_show_and_market_are_refused(app_client: TestClient, shop: Shop) -> None:
    assert app_client.get("/api/v1/shows/nope/cart", params={"market": "US"}).json() == {
        "detail": "no show 'nope'"
    }
    response = add(app_client, shop.shirt_m, market="BR")
    assert response.status_code == 422
    assert response.json() == {"detail": "this store does not sell to market BR"}


def test_more_than_in_stock_is_refused_with_what_is_left(
    app_client: TestClient, shop: Shop
) -> None:
    response = add(app_client, shop.shirt_m, 6)
    assert response.status_code == 422
    assert response.json() == {"detail": "only 5 left of Linen Shirt"}
    assert app_client.get(CART, params={"market": "US"}).json()["items"] == []


def test_set_quantity_and_remove_a_line(app_client: TestClient, shop: Shop) -> None:
    add(app_client, shop.shirt_m, 1)
    add(app_client, shop.lamp, 1)
    body = app_client.put(f"{CART}/items/{shop.shirt_m}", json={"market": "US", "quantity": 4})
    assert body.status_code == 200
    assert [(i["variant_id"], i["quantity"]) for i in body.json()["items"]] == [
        (shop.shirt_m, 4),
        (shop.lamp, 1),
    ]
    assert body.json()["subtotal_minor"] == 4 * 2500 + 4000
    gone = app_client.put(f"{CART}/items/{shop.lamp}", json={"market": "US", "quantity": 0})
    assert [i["variant_id"] for i in gone.json()["items"]] == [shop.shirt_m]
    missing = app_client.put(f"{CART}/items/{shop.lamp}", json={"market": "US", "quantity": 2})
    assert missing.status_code == 404


def test_each_viewer_has_their_own_cart_and_a_forged_token_gets_a_fresh_one(
    app_client: TestClient, other_viewer: TestClient, shop: Shop
) -> None:
    add(app_client, shop.shirt_m, 2)
    assert other_viewer.get(CART, params={"market": "US"}).json()["items"] == []
    victim = read("test-secret", app_client.headers[VIEWER_HEADER]).id
    # Knowing someone's viewer id is not enough without the signature.
    forged = issue("a-guessed-secret", viewer_id=victim)[1]
    other_viewer.headers[VIEWER_HEADER] = forged
    response = other_viewer.get(CART, params={"market": "US"})
    assert response.json()["items"] == []
    fresh = read("test-secret", response.headers[VIEWER_HEADER]).id
    assert fresh != victim
    # A correctly signed token is that viewer's cart.
    other_viewer.headers[VIEWER_HEADER] = issue("test-secret", viewer_id=victim)[1]
    assert other_viewer.get(CART, params={"market": "US"}).json()["item_count"] == 2


def test_cart_writes_are_rate_limited_per_viewer(app_client: TestClient, shop: Shop) -> None:
    responses = [app_client.get(CART, params={"market": "US"}) for _ in range(121)]
    assert [r.status_code for r in responses[:120]] == [200] * 120
    refused = responses[120]
    assert refused.status_code == 429
    assert refused.json() == {"detail": "too many requests; wait a minute and try again"}
    assert refused.headers["Retry-After"] == "60"


def test_a_show_for_some_markets_refuses_the_others(
    app_client: TestClient, shop: Shop, session_factory: sessionmaker[Session]
) -> None:
    with transaction(session_factory) as tx:
        show = tx.get(Show, shop.show_id)
        assert show is not None
        show.market_codes = ["EU"]
    response = add(app_client, shop.shirt_m, market="US")
    assert response.status_code == 422
    assert response.json() == {"detail": "this show does not sell to market US"}
    japanese = app_client.post(
        f"{CART}/items",
        json={"market": "US", "variant_id": shop.shirt_m, "quantity": 1},
        headers={"Accept-Language": "ja-JP,ja;q=0.9"},
    )
    assert japanese.json() == {"detail": "このライブはUS市場では販売していません"}
    assert add(app_client, shop.shirt_m, market="eu").json()["currency"] == "EUR"
