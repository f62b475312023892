from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth.models import Role
from crosslive.catalog.models import Variant
from crosslive.events.models import ShowEvent
from crosslive.mail.models import OutboxEmail
from crosslive.orders import service
from crosslive.orders.models import Order, OrderStatus
from tests.factories import Shop, add_staff, checkout_body, confirmed, login_headers, make_shop
from tests.orders.lifecycle_helpers import SHOW, order_id, place_order


def test_the_owner_lists_reads_and_moves_an_order_to_paid_and_shipped(
    app_client: TestClient,
    other_viewer: TestClient,
    shop: Shop,
    auth_headers: dict[str, str],
    db: Session,
) -> None:
    first = place_order(other_viewer, shop.shirt_m, "attempt-0001", 2)
    oid = order_id(db, first["public_id"])
    listed = app_client.get("/api/v1/orders", headers=auth_headers).json()
    assert listed["next_cursor"] is None
    assert [(o["id"], o["status"], o["total_minor"]) for o in listed["orders"]] == [
        (oid, "pending_payment", 5000)
    ]
    one = app_client.get(f"/api/v1/orders/{oid}", headers=auth_headers).json()
    assert (one["email"], one["postal_code"], one["payments"][0]["status"]) == (
        "ana@example.com",
        "62701",
        "pending",
    )

    paid = app_client.post(f"/api/v1/orders/{oid}/paid", headers=auth_headers)
    assert paid.status_code == 200
    assert (paid.json()["status"], paid.json()["payments"][0]["status"]) == ("paid", "paid")
    assert paid.json()["paid_at"] is not None
    twice = app_client.post(f"/api/v1/orders/{oid}/paid", headers=auth_headers)
    assert twice.status_code == 200  # idempotent: the same order, nothing changed
    assert twice.json()["paid_at"] == paid.json()["paid_at"]

    shipped = app_client.post(
        f"/api/v1/orders/{oid}/shipped",
        json={"carrier": "DHL", "tracking_number": "JD0001"},
        headers=auth_headers,
    )
    assert shipped.status_code == 200
    body = shipped.json()
    assert (body["status"], body["carrier"], body["tracking_number"]) == (
        "shipped",
        "DHL",
        "JD0001",
    )
    emails = db.scalars(select(OutboxEmail).order_by(OutboxEmail.id)).all()
    assert [e.subject for e in emails][1] == "Acme Outfitters: your order is on its way"
    assert "Carrier: DHL, tracking number: JD0001" in emails[1].text_body
    filtered = app_client.get("/api/v1/orders", params={"status": "paid"}, headers=auth_headers)
    assert filtered.json() == {"orders": [], "next_cursor": None}


def test_shipping_an_unpaid_order_is_refused(
    app_client: TestClient,
    other_viewer: TestClient,
    shop: Shop,
    auth_headers: dict[str, str],
    db: Session,
) -> None:
    oid = order_id(db, place_order(other_viewer, shop.shirt_m, "attempt-0001")["public_id"])
    response = app_client.post(f"/api/v1/orders/{oid}/shipped", json={}, headers=auth_headers)
    assert response.status_code == 409
    refused = f"order {oid} is pending_payment; it cannot become shipped"
    assert response.json() == {"detail": f"{refused} (its next steps: cancelled, paid)"}
    db.expire_all()
    order = db.get(Order, oid)
    assert order is not None and order.status is OrderStatus.PENDING_PAYMENT


def test_another_store_can_neither_read_nor_change_the_orders(
    app_client: TestClient,
    other_viewer: TestClient,
    shop: Shop,
    session_factory: sessionmaker[Session],
    db: Session,
) -> None:
    oid = order_id(db, place_order(other_viewer, shop.shirt_m, "attempt-0001")["public_id"])
    rival = make_shop(session_factory, "rival")
    add_staff(session_factory, rival.seller_id, "boss@rival.test", Role.OWNER)
    headers = login_headers(app_client, "boss@rival.test")
    assert app_client.get("/api/v1/orders", headers=headers).json()["orders"] == []
    assert app_client.get(f"/api/v1/orders/{oid}", headers=headers).status_code == 404
    response = app_client.post(f"/api/v1/orders/{oid}/paid", headers=headers)
    assert response.status_code == 404
    assert response.json() == {"detail": f"no order {oid}"}
    counters = app_client.get(f"/api/v1/orders/shows/{shop.show_id}/counters", headers=headers)
    assert counters.status_code == 404
    db.expire_all()
    order = db.get(Order, oid)
    assert order is not None and order.status is OrderStatus.PENDING_PAYMENT


def test_hosts_cannot_manage_orders(
    app_client: TestClient,
    other_viewer: TestClient,
    shop: Shop,
    session_factory: sessionmaker[Session],
    db: Session,
) -> None:
    oid = order_id(db, place_order(other_viewer, shop.shirt_m, "attempt-0001")["public_id"])
    add_staff(session_factory, shop.seller_id, "host@acme.test", Role.HOST)
    headers = login_headers(app_client, "host@acme.test")
    response = app_client.post(f"/api/v1/orders/{oid}/paid", headers=headers)
    assert response.status_code == 403
    assert response.json() == {"detail": "this needs the owner role; you are host"}
    assert app_client.get("/api/v1/orders", headers=headers).status_code == 403
    assert app_client.get("/api/v1/orders").status_code == 401
    db.expire_all()
    order = db.get(Order, oid)
    assert order is not None and order.status is OrderStatus.PENDING_PAYMENT
    # Hosts do see the show's live counters.
    counters = app_client.get(f"/api/v1/orders/shows/{shop.show_id}/counters", headers=headers)
    assert counters.json()["orders"] == 1


def test_bank_instructions_appear_in_the_next_orders_payment(
    app_client: TestClient, other_viewer: TestClient, shop: Shop, auth_headers: dict[str, str]
) -> None:
    bank = "IBAN DE89 3704 0044 0532 0130 00, Acme GmbH"
    put = app_client.put(
        "/api/v1/orders/payment-settings", json={"bank_instructions": bank}, headers=auth_headers
    )
    assert put.json() == {"bank_instructions": bank}
    assert app_client.get("/api/v1/orders/payment-settings", headers=auth_headers).json() == {
        "bank_instructions": bank
    }
    order = place_order(other_viewer, shop.shirt_m, "attempt-0001")
    reference = order["payment"]["reference"]
    assert order["payment"]["instructions"] == (
        f"Transfer $25.00 quoting reference {reference}.\n{bank}"
    )


def test_show_counters_count_adds_orders_and_revenue_per_currency(
    app_client: TestClient, other_viewer: TestClient, shop: Shop, db: Session
) -> None:
    place_order(other_viewer, shop.shirt_m, "attempt-0001", 2)  # 1 add, $50
    app_client.post(f"{SHOW}/cart/items", json={"market": "EU", "variant_id": shop.shirt_m})
    app_client.post(f"{SHOW}/cart/items", json={"market": "EU", "variant_id": shop.shirt_m})
    address = {"line1": "1 Rue", "city": "Lyon", "postal_code": "69001", "country": "FR"}
    response = app_client.post(
        f"{SHOW}/checkout",
        json=confirmed(app_client, f"{SHOW}/checkout", checkout_body(market="EU", address=address)),
        headers={"Idempotency-Key": "attempt-0002"},
    )
    assert response.status_code == 201
    app_client.post(f"{SHOW}/cart/items", json={"market": "US", "variant_id": shop.lamp})
    assert service.show_counters(db, shop.show_id).model_dump() == {
        "add_to_carts": 4,
        "orders": 2,
        "revenue": [
            {"currency": "EUR", "amount_minor": 4600, "display": "€46.00"},
            {"currency": "USD", "amount_minor": 5000, "display": "$50.00"},
        ],
    }
    nothing = {"add_to_carts": 0, "orders": 0, "revenue": []}
    assert service.show_counters(db, 999).model_dump() == nothing


def test_cancelling_an_unpaid_order_puts_the_units_back_on_sale(
    app_client: TestClient,
    other_viewer: TestClient,
    shop: Shop,
    auth_headers: dict[str, str],
    db: Session,
) -> None:
    oid = order_id(db, place_order(other_viewer, shop.shirt_m, "attempt-0001", 3)["public_id"])
    db.expire_all()
    assert db.scalar(select(Variant.stock).where(Variant.id == shop.shirt_m)) == 2
    response = app_client.post(f"/api/v1/orders/{oid}/cancel", headers=auth_headers)
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["payments"][0]["status"]) == (
        "cancelled",
        "failed",
    )
    db.expire_all()
    assert db.scalar(select(Variant.stock).where(Variant.id == shop.shirt_m)) == 5
    again = app_client.post(f"/api/v1/orders/{oid}/cancel", headers=auth_headers)
    assert again.status_code == 200  # idempotent: the units were released once
    db.expire_all()
    assert db.scalar(select(Variant.stock).where(Variant.id == shop.shirt_m)) == 5
    assert service.show_counters(db, shop.show_id).orders == 0


def test_a_staff_cancel_tells_live_viewers_the_units_are_back(
    app_client: TestClient,
    other_viewer: TestClient,
    shop: Shop,
    auth_headers: dict[str, str],
    db: Session,
) -> None:
    oid = order_id(db, place_order(other_viewer, shop.shirt_m, "attempt-0001", 5)["public_id"])
    for _ in range(2):  # the repeat changes nothing and announces nothing
        response = app_client.post(f"/api/v1/orders/{oid}/cancel", headers=auth_headers)
        assert response.status_code == 200
    db.expire_all()
    rows = db.execute(
        select(ShowEvent.show_id, ShowEvent.kind, ShowEvent.payload).order_by(ShowEvent.id)
    ).all()
    assert [tuple(row) for row in rows] == [
        (shop.show_id, "order_status", {"order_id": oid, "status": "cancelled"}),
        (shop.show_id, "stock_changed", {"variants": [{"id": shop.shirt_m, "in_stock": True}]}),
    ]
