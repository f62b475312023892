from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.models import Variant, VariantPrice
from crosslive.db import transaction
from crosslive.mail.models import EmailStatus, OutboxEmail
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import (
    CartItem,
    IdempotencyKey,
    Order,
    OrderLine,
    OrderStatus,
    Payment,
    PaymentStatus,
)
from tests.factories import Shop, checkout_body, confirmed

SHOW = "/api/v1/shows/spring-drop"


def add(client: TestClient, variant_id: int, qty: int = 1, market: str = "US") -> None:
    response = client.post(
        f"{SHOW}/cart/items", json={"market": market, "variant_id": variant_id, "quantity": qty}
    )
    assert response.status_code == 200, response.text


def checkout(  # type: ignore[no-untyped-def]
    client: TestClient,
    key: str,
    body: dict[str, object] | None = None,
    ready: dict[str, object] | None = None,
):
    """Check out as the buyer's page does (READY: a body already confirmed and solved)."""
    payload = ready or confirmed(client, f"{SHOW}/checkout", body or checkout_body())
    return client.post(f"{SHOW}/checkout", json=payload, headers={"Idempotency-Key": key})


def stock(db: Session, variant_id: int) -> int:
    db.expire_all()
    return db.scalar(select(Variant.stock).where(Variant.id == variant_id)) or 0


def count(db: Session, model: type) -> int:
    return db.scalar(select(func.count()).select_from(model)) or 0


def test_checkout_snapshots_prices_reserves_stock_empties_the_cart_and_queues_the_email(
    app_client: TestClient, shop: Shop, db: Session, session_factory: sessionmaker[Session]
) -> None:
    add(app_client, shop.shirt_m, 2)
    add(app_client, shop.lamp, 1)
    response = checkout(app_client, "attempt-0001")
    assert response.status_code == 201, response.text
    order = response.json()
    assert (order["status"], order["currency"], order["market_code"]) == (
        "pending_payment",
        "USD",
        "US",
    )
    assert (order["subtotal_minor"], order["total_minor"], order["total"]) == (9000, 9000, "$90.00")
    assert [(x["variant_id"], x["quantity"], x["unit_price_minor"]) for x in order["lines"]] == [
        (shop.shirt_m, 2, 2500),
        (shop.lamp, 1, 4000),
    ]
    token = order["url"].removeprefix("http://127.0.0.1:8000/orders/")
    assert OrderLinks("http://127.0.0.1:8000", "test-secret").public_id(token) == order["public_id"]
    assert len(order["public_id"]) == 32
    payment = order["payment"]
    assert re.fullmatch(r"CL-[A-HJ-NP-Z2-9]{10}", payment["reference"])
    assert payment["provider"] == "manual" and payment["status"] == "pending"
    assert payment["instructions"].startswith(
        f"Transfer $90.00 quoting reference {payment['reference']}."
    )
    assert (stock(db, shop.shirt_m), stock(db, shop.lamp)) == (3, 2)
    assert app_client.get(f"{SHOW}/cart", params={"market": "US"}).json()["items"] == []
    stored = db.scalar(select(Order))
    assert stored is not None
    assert (stored.email, stored.name, stored.city, stored.country) == (
        "ana@example.com",
        "Ana Buyer",
        "Springfield",
        "US",
    )
    email = db.scalar(select(OutboxEmail))
    assert email is not None
    assert (email.to_address, email.status) == ("ana@example.com", EmailStatus.PENDING)
    assert email.subject == f"Acme Outfitters: your order {payment['reference']}"
    assert "2 x Linen Shirt (M)  $50.00" in email.text_body
    # A later price change leaves the order's snapshot alone.
    with transaction(session_factory) as tx:
        for price in tx.scalars(select(VariantPrice)):
            price.amount_minor = 1
    db.expire_all()
    assert [line.unit_price_minor for line in db.scalars(select(OrderLine))] == [2500, 4000]


def test_the_same_key_and_body_replays_the_first_order(
    app_client: TestClient, shop: Shop, db: Session
) -> None:
    add(app_client, shop.shirt_m, 1)
    body = confirmed(app_client, f"{SHOW}/checkout", checkout_body())
    first = checkout(app_client, "attempt-0001", ready=body)
    again = checkout(app_client, "attempt-0001", ready=body)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert (count(db, Order), count(db, Payment), count(db, OutboxEmail)) == (1, 1, 1)
    assert stock(db, shop.shirt_m) == 4
    # A new key is a new attempt: the cart is empty now.
    fresh = checkout(app_client, "attempt-0002")
    assert fresh.status_code == 422
    assert fresh.json() == {"detail": "your cart is empty"}


def test_the_same_key_with_another_body_is_refused_and_changes_nothing(
    app_client: TestClient, shop: Shop, db: Session
) -> None:
    add(app_client, shop.shirt_m, 1)
    assert checkout(app_client, "attempt-0001").status_code == 201
    add(app_client, shop.shirt_m, 1)
    other = checkout(app_client, "attempt-0001", checkout_body(name="Somebody Else"))
    assert other.status_code == 409
    assert other.json() == {
        "detail": "this Idempotency-Key was already used for a different request"
    }
    assert count(db, Order) == 1
    assert stock(db, shop.shirt_m) == 4
    assert count(db, CartItem) == 1


def test_checkout_needs_an_idempotency_key(app_client: TestClient, shop: Shop, db: Session) -> None:
    add(app_client, shop.shirt_m, 1)
    body = confirmed(app_client, f"{SHOW}/checkout", checkout_body())
    response = app_client.post(f"{SHOW}/checkout", json=body)
    assert response.status_code == 422
    assert response.json() == {"detail": "an Idempotency-Key header is required"}
    bad = checkout(app_client, "short")
    assert bad.json() == {"detail": "Idempotency-Key: 8-128 letters, digits or _ . : -"}
    assert (count(db, Order), stock(db, shop.shirt_m), count(db, CartItem)) == (0, 5, 1)


def test_an_address_outside_the_market_is_refused_and_nothing_changes(
    app_client: TestClient, shop: Shop, db: Session
) -> None:
    add(app_client, shop.shirt_m, 2, market="EU")
    address = {"line1": "1 Rue", "city": "Lyon", "postal_code": "69001", "country": "GB"}
    response = checkout(app_client, "attempt-0001", checkout_body(market="EU", address=address))
    assert response.status_code == 422
    assert response.json() == {
        "detail": "Europe ships only to Germany and France (the address is in United Kingdom)"
    }
    assert (count(db, Order), count(db, IdempotencyKey), count(db, OutboxEmail)) == (0, 0, 0)
    assert (stock(db, shop.shirt_m), db.scalar(select(CartItem.quantity))) == (5, 2)
    # Fixed, the same attempt goes through and is charged in EUR.
    address["country"] = "fr"
    fixed = checkout(app_client, "attempt-0002", checkout_body(market="EU", address=address))
    assert fixed.status_code == 201, fixed.text
    assert (fixed.json()["total"], fixed.json()["currency"]) == ("€46.00", "EUR")


def test_missing_fields_and_bad_email_are_named(app_client: TestClient, shop: Shop) -> None:
    add(app_client, shop.shirt_m, 1)
    blank = {"line1": " ", "city": "", "postal_code": "", "country": "US"}
    response = checkout(app_client, "attempt-0001", checkout_body(address=blank))
    needed = "An address in United States needs this"
    assert response.json() == {
        "detail": "fill in: Address, City, State / region, and Postal code",
        "code": "address",
        "fields": {"line1": needed, "city": needed, "region": needed, "postal_code": needed},
    }
    response = checkout(app_client, "attempt-0002", checkout_body(email="ana@@x"))
    assert response.json() == {
        "detail": "'ana@@x' is not an email address: "
        "The part after the @-sign contains invalid characters: '@'."
    }


def test_hong_kong_addresses_need_no_postal_code(
    app_client: TestClient, shop: Shop, db: Session
) -> None:
    add(app_client, shop.shirt_m, 1, market="HK")
    # Hong Kong's data asks for the area (Hong Kong Island, Kowloon, New Territories).
    address = {"line1": "8 Finance St", "city": "Central", "country": "HK"}
    refused = checkout(app_client, "attempt-0000", checkout_body(market="HK", address=address))
    assert refused.status_code == 422
    assert refused.json()["fields"] == {"region": "An address in Hong Kong SAR China needs this"}
    assert count(db, Order) == 0
    address["region"] = "hong kong island"
    response = checkout(app_client, "attempt-0001", checkout_body(market="HK", address=address))
    assert response.status_code == 201, response.text
    order = db.scalar(select(Order))
    assert order is not None and (order.postal_code, order.country) == ("", "HK")
    assert order.region == "Hong Kong Island"


def test_the_second_buyer_of_the_last_unit_gets_sold_out_and_keeps_the_cart(
    app_client: TestClient, other_viewer: TestClient, shop: Shop, db: Session
) -> None:
    add(app_client, shop.shirt_l, 1)
    add(other_viewer, shop.shirt_l, 1)
    assert checkout(app_client, "attempt-0001").status_code == 201
    late = checkout(other_viewer, "attempt-0001", checkout_body(name="Bo"))
    assert late.status_code == 409
    assert late.json() == {"detail": "Sold out: Linen Shirt (L). Nothing was ordered."}
    assert (count(db, Order), count(db, Payment), count(db, OutboxEmail)) == (1, 1, 1)
    assert stock(db, shop.shirt_l) == 0
    cart = other_viewer.get(f"{SHOW}/cart", params={"market": "US"}).json()
    assert [(i["variant_id"], i["quantity"]) for i in cart["items"]] == [(shop.shirt_l, 1)]


def test_a_sold_out_line_rolls_back_the_lines_already_reserved(
    app_client: TestClient, shop: Shop, db: Session, session_factory: sessionmaker[Session]
) -> None:
    add(app_client, shop.shirt_m, 2)
    add(app_client, shop.shirt_l, 1)
    add(app_client, shop.lamp, 3)
    with transaction(session_factory) as tx:
        lamp = tx.get(Variant, shop.lamp)
        assert lamp is not None
        lamp.stock = 2  # sold elsewhere meanwhile
    response = checkout(app_client, "attempt-0001")
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Sold out: only 2 of Lamp (Default) left. Nothing was ordered."
    }
    assert (stock(db, shop.shirt_m), stock(db, shop.shirt_l), stock(db, shop.lamp)) == (5, 1, 2)
    assert (count(db, Order), count(db, OrderLine), count(db, IdempotencyKey)) == (0, 0, 0)
    assert count(db, CartItem) == 3


def test_unknown_payment_method_is_refused(app_client: TestClient, shop: Shop, db: Session) -> None:
    add(app_client, shop.shirt_m, 1)
    response = checkout(app_client, "attempt-0001", checkout_body(payment_method="card"))
    assert response.status_code == 422
    assert response.json() == {"detail": "unknown payment method 'card'; choose manual"}
    assert count(db, Order) == 0


def test_checkout_is_rate_limited_per_viewer(app_client: TestClient, shop: Shop) -> None:
    statuses = [checkout(app_client, f"attempt-{i:04d}").status_code for i in range(11)]
    assert statuses == [422] * 10 + [429]


def test_payment_and_order_states_start_pending(
    app_client: TestClient, shop: Shop, db: Session
) -> None:
    add(app_client, shop.shirt_m, 1)
    checkout(app_client, "attempt-0001")
    order = db.scalar(select(Order))
    assert order is not None
    assert order.status is OrderStatus.PENDING_PAYMENT
    assert [p.status for p in order.payments] == [PaymentStatus.PENDING]
    assert order.paid_at is None


def test_a_list_in_the_checkout_email_is_refused_and_nothing_happens(
    app_client: TestClient, shop: Shop, db: Session
) -> None:
    app_client.post(
        "/api/v1/shows/spring-drop/cart/items",
        json={"market": "US", "variant_id": shop.shirt_m, "quantity": 1},
    )
    stock = db.scalar(select(Variant.stock).where(Variant.id == shop.shirt_m))
    response = app_client.post(
        "/api/v1/shows/spring-drop/checkout",
        json=confirmed(app_client, f"{SHOW}/checkout", checkout_body(email="a@b.com,c")),
        headers={"Idempotency-Key": "list-0001"},
    )
    assert response.status_code == 422
    assert response.json() == {"detail": "enter one email address, not a list"}
    db.expire_all()
    assert db.scalar(select(func.count(Order.id))) == 0
    assert db.scalar(select(func.count(OutboxEmail.id))) == 0
    assert db.scalar(select(Variant.stock).where(Variant.id == shop.shirt_m)) == stock
