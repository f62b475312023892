"""Orders at a given point of their life, through the real API, for the orders tests."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.mail.models import OutboxEmail
from crosslive.orders import service
from crosslive.orders.models import Order, OrderLine
from tests.factories import checkout_body, confirmed

SHOW = "/api/v1/shows/spring-drop"


def place_order(client: TestClient, variant_id: int, key: str, qty: int = 1) -> dict:  # type: ignore[type-arg]
    """CLIENT (a viewer) puts QTY of the variant in the cart and checks out with KEY."""
    client.post(
        f"{SHOW}/cart/items", json={"market": "US", "variant_id": variant_id, "quantity": qty}
    )
    response = client.post(
        f"{SHOW}/checkout",
        json=confirmed(client, f"{SHOW}/checkout", checkout_body()),
        headers={"Idempotency-Key": key},
    )
    assert response.status_code == 201, response.text
    order: dict = response.json()  # type: ignore[type-arg]
    return order


def order_id(db: Session, public_id: str) -> int:
    return service.order_by_public_id(db, public_id).id


def fresh(db: Session, oid: int) -> Order:
    db.expire_all()
    order = db.get(Order, oid)
    assert order is not None
    return order


def subjects(db: Session) -> list[str]:
    db.expire_all()
    return list(db.scalars(select(OutboxEmail.subject).order_by(OutboxEmail.id)))


def paid_order(
    staff: TestClient,
    buyer: TestClient,
    db: Session,
    variant: int,
    key: str,
    auth: dict[str, str],
) -> int:
    oid = order_id(db, place_order(buyer, variant, key)["public_id"])
    assert staff.post(f"/api/v1/orders/{oid}/paid", headers=auth).status_code == 200
    return oid


def shipped_order(
    staff: TestClient,
    buyer: TestClient,
    db: Session,
    variant: int,
    key: str,
    auth: dict[str, str],
) -> int:
    oid = paid_order(staff, buyer, db, variant, key, auth)
    body = {"carrier": "UPS", "tracking_number": f"1Z{oid:06d}"}
    response = staff.post(f"/api/v1/orders/{oid}/shipped", json=body, headers=auth)
    assert response.status_code == 200, response.text
    return oid


def paid_line(
    staff: TestClient,
    buyer: TestClient,
    db: Session,
    variant: int,
    key: str,
    auth: dict[str, str],
) -> OrderLine:
    """The one line of a paid order of one unit of VARIANT."""
    oid = paid_order(staff, buyer, db, variant, key, auth)
    return db.scalars(select(OrderLine).where(OrderLine.order_id == oid)).one()
