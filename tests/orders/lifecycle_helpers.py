"""Orders at a given point of their life, through the real API, for the lifecycle tests."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.mail.models import OutboxEmail
from crosslive.orders.models import Order
from tests.orders.test_staff_api import order_id, place_order


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
