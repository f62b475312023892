"""The owner's order pages: list by status, one order, and its moves from the browser:
payment received, shipped with tracking (the buyer is emailed), cancelled (stock returns).
Moves out of order are refused with the reason and change nothing; hosts see no orders."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth.models import Role
from crosslive.catalog.models import Variant
from crosslive.mail.models import OutboxEmail
from crosslive.orders.models import OrderStatus
from tests.factories import Shop, add_staff, page_login
from tests.orders.lifecycle_helpers import fresh, order_id, place_order


def test_the_owner_sees_an_order_marks_it_paid_and_ships_it(
    app_client: TestClient,
    other_viewer: TestClient,
    shop: Shop,
    owner: dict[str, str | int],
    db: Session,
) -> None:
    oid = order_id(db, place_order(other_viewer, shop.shirt_m, "page-0001", 2)["public_id"])
    csrf = page_login(app_client, str(owner["email"]))
    listing = app_client.get("/admin/orders")
    assert listing.status_code == 200
    assert f'href="/admin/orders/{oid}"' in listing.text
    assert "Waiting for payment" in listing.text and "$50.00" in listing.text
    assert f'href="/admin/orders/{oid}"' not in app_client.get("/admin/orders?status=paid").text

    page = app_client.get(f"/admin/orders/{oid}")
    assert "62701" in page.text and "ana@example.com" in page.text
    assert "mark as paid" in page.text and "Mark as shipped" not in page.text

    # Shipping before the money arrived is refused and changes nothing.
    early = app_client.post(
        f"/admin/orders/{oid}/shipped",
        data={"csrf_token": csrf, "carrier": "DHL", "tracking_number": "JD0001"},
    )
    assert early.status_code == 409
    assert f"order {oid} is pending_payment; it cannot become shipped" in early.text
    assert fresh(db, oid).status is OrderStatus.PENDING_PAYMENT

    paid = app_client.post(f"/admin/orders/{oid}/paid", data={"csrf_token": csrf})
    assert paid.status_code == 200 and "Marked as paid." in paid.text
    assert fresh(db, oid).status is OrderStatus.PAID
    shipped = app_client.post(
        f"/admin/orders/{oid}/shipped",
        data={"csrf_token": csrf, "carrier": "DHL", "tracking_number": "JD0001"},
    )
    assert shipped.status_code == 200 and "Shipped with DHL JD0001" in shipped.text
    order = fresh(db, oid)
    assert (order.status, order.carrier, order.tracking_number) == (
        OrderStatus.SHIPPED,
        "DHL",
        "JD0001",
    )
    subjects = [e.subject for e in db.scalars(select(OutboxEmail).order_by(OutboxEmail.id))]
    assert subjects[-1] == "Acme Outfitters: your order is on its way"


def test_cancelling_puts_units_back_and_forms_need_the_csrf_token(
    app_client: TestClient,
    other_viewer: TestClient,
    shop: Shop,
    owner: dict[str, str | int],
    db: Session,
) -> None:
    stock_before = db.get(Variant, shop.shirt_m)
    assert stock_before is not None
    available = stock_before.stock
    oid = order_id(db, place_order(other_viewer, shop.shirt_m, "page-0002", 2)["public_id"])
    csrf = page_login(app_client, str(owner["email"]))
    forged = app_client.post(f"/admin/orders/{oid}/cancelled", data={"csrf_token": "nope"})
    assert forged.status_code == 403
    assert fresh(db, oid).status is OrderStatus.PENDING_PAYMENT

    cancelled = app_client.post(f"/admin/orders/{oid}/cancelled", data={"csrf_token": csrf})
    assert cancelled.status_code == 200 and "its units are back on sale" in cancelled.text
    assert fresh(db, oid).status is OrderStatus.CANCELLED
    db.expire_all()
    variant = db.get(Variant, shop.shirt_m)
    assert variant is not None and variant.stock == available


def test_hosts_see_no_orders_and_other_stores_orders_are_not_found(
    app_client: TestClient,
    other_viewer: TestClient,
    shop: Shop,
    owner: dict[str, str | int],
    session_factory: sessionmaker[Session],
    db: Session,
) -> None:
    oid = order_id(db, place_order(other_viewer, shop.shirt_m, "page-0003")["public_id"])
    host = add_staff(session_factory, int(owner["seller_id"]), "host@acme.test", Role.HOST)
    page_login(app_client, host)
    denied = app_client.get(f"/admin/orders/{oid}")
    assert denied.status_code == 403
    assert "only the store owner sees orders; you are host" in denied.text
    assert "62701" not in denied.text
    csrf = page_login(app_client, str(owner["email"]))
    missing = app_client.get(f"/admin/orders/{oid + 1000}")
    assert missing.status_code == 404
    assert "text/html" in missing.headers["content-type"]
    # A step on an order that does not exist: the same page, not a JSON error.
    step = app_client.post(f"/admin/orders/{oid + 1000}/paid", data={"csrf_token": csrf})
    assert step.status_code == 404
    assert "text/html" in step.headers["content-type"]
    assert f"no order {oid + 1000}" in step.text
