"""An order's life after checkout: paid -> shipped -> delivered -> closed, each move once
(a repeat changes nothing), recorded in the show's log, emailed to the buyer; moves out of
order refused with the reason; the scheduled jobs (closing, expiring unpaid orders)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth.models import Role
from crosslive.catalog.models import Variant
from crosslive.errors import InvalidInput
from crosslive.events.models import ShowEvent
from crosslive.mail.models import OutboxEmail
from crosslive.orders import holds, lifecycle, tracking
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import OrderStatus, PaymentStatus
from crosslive.scheduler.models import ScheduledJob
from tests.factories import Shop, add_staff, login_headers, make_shop
from tests.orders.lifecycle_helpers import (
    fresh,
    order_id,
    paid_order,
    place_order,
    shipped_order,
    subjects,
)


def test_an_order_is_shipped_delivered_and_closed_once_each(
    app_client: TestClient,
    other_viewer: TestClient,
    shop: Shop,
    auth_headers: dict[str, str],
    db: Session,
) -> None:
    oid = shipped_order(app_client, other_viewer, db, shop.shirt_m, "life-0001", auth_headers)
    order = fresh(db, oid)
    assert order.tracking_url == f"https://www.ups.com/track?tracknum=1Z{oid:06d}"
    shipped_email = subjects(db)[-1]
    assert shipped_email == "Acme Outfitters: your order is on its way"

    first = app_client.post(f"/api/v1/orders/{oid}/delivered", json={}, headers=auth_headers)
    assert first.status_code == 200, first.text
    again = app_client.post(f"/api/v1/orders/{oid}/delivered", json={}, headers=auth_headers)
    assert again.status_code == 200
    assert again.json()["delivered_at"] == first.json()["delivered_at"]
    order = fresh(db, oid)
    assert order.status is OrderStatus.DELIVERED and order.delivered_at is not None
    assert order.returns_until == order.delivered_at + timedelta(days=30)  # the US market
    assert subjects(db).count("Acme Outfitters: your order was delivered") == 1

    kinds = db.scalars(
        select(ShowEvent.payload).where(ShowEvent.kind == "order_status").order_by(ShowEvent.id)
    ).all()
    assert kinds == [
        {"order_id": oid, "status": "paid"},
        {"order_id": oid, "status": "shipped"},
        {"order_id": oid, "status": "delivered"},
    ]

    # Delivery scheduled the order's closing for the end of its return window.
    job = db.scalar(select(ScheduledJob).where(ScheduledJob.kind == lifecycle.CLOSE))
    assert job is not None
    assert (job.key, job.payload, job.due_at) == (
        f"order:{oid}",
        {"order_id": oid},
        order.returns_until,
    )
    payload = {"order_id": oid}
    early = order.returns_until - timedelta(seconds=1)
    assert lifecycle.close_when_returns_end(db, payload, now=early) is False
    assert lifecycle.close_when_returns_end(db, payload, now=order.returns_until) is True
    db.commit()
    later = order.returns_until + timedelta(days=1)
    assert lifecycle.close_when_returns_end(db, payload, now=later) is False
    closed = fresh(db, oid)
    assert (closed.status, closed.closed_at) == (OrderStatus.CLOSED, order.returns_until)
    late = app_client.post(f"/api/v1/orders/{oid}/delivered", json={}, headers=auth_headers)
    assert late.status_code == 200 and late.json()["status"] == "closed"  # past it: no change


def test_moves_out_of_order_are_refused_and_change_nothing(
    app_client: TestClient,
    other_viewer: TestClient,
    shop: Shop,
    auth_headers: dict[str, str],
    db: Session,
) -> None:
    oid = order_id(db, place_order(other_viewer, shop.shirt_m, "life-0002")["public_id"])
    early = app_client.post(f"/api/v1/orders/{oid}/delivered", json={}, headers=auth_headers)
    assert early.status_code == 409
    assert early.json() == {
        "detail": f"order {oid} is pending_payment; it cannot become delivered "
        "(its next steps: cancelled, paid)"
    }
    assert fresh(db, oid).status is OrderStatus.PENDING_PAYMENT

    sid = shipped_order(app_client, other_viewer, db, shop.shirt_m, "life-0003", auth_headers)
    emails = len(subjects(db))
    other = {"carrier": "DHL", "tracking_number": "JD-OTHER"}
    moved = app_client.post(f"/api/v1/orders/{sid}/shipped", json=other, headers=auth_headers)
    assert moved.status_code == 409
    assert moved.json()["detail"] == f"order {sid} was already shipped with UPS 1Z{sid:06d}"
    before = (fresh(db, sid).shipped_at - timedelta(hours=1)).isoformat()
    backwards = app_client.post(
        f"/api/v1/orders/{sid}/delivered", json={"at": before}, headers=auth_headers
    )
    assert backwards.status_code == 422
    assert "is before" in backwards.json()["detail"]
    cancel = app_client.post(f"/api/v1/orders/{sid}/cancel", headers=auth_headers)
    assert cancel.status_code == 409
    order = fresh(db, sid)
    assert (order.status, order.carrier, order.delivered_at) == (OrderStatus.SHIPPED, "UPS", None)
    assert len(subjects(db)) == emails


def test_another_stores_order_cannot_be_delivered_or_refunded(
    app_client: TestClient,
    other_viewer: TestClient,
    shop: Shop,
    auth_headers: dict[str, str],
    session_factory: sessionmaker[Session],
    db: Session,
) -> None:
    sid = shipped_order(app_client, other_viewer, db, shop.shirt_m, "life-0004", auth_headers)
    rival = make_shop(session_factory, "rival")
    add_staff(session_factory, rival.seller_id, "boss@rival.test", Role.OWNER)
    headers = login_headers(app_client, "boss@rival.test")
    delivered = app_client.post(f"/api/v1/orders/{sid}/delivered", json={}, headers=headers)
    assert (delivered.status_code, delivered.json()) == (404, {"detail": f"no order {sid}"})
    refund = app_client.post(
        f"/api/v1/orders/{sid}/refunds",
        json={"amount_minor": 100, "reference": "B-1"},
        headers={**headers, "Idempotency-Key": "rival-refund-1"},
    )
    assert refund.status_code == 404
    order = fresh(db, sid)
    assert (order.status, order.refunds, order.payments[0].refunded_minor) == (
        OrderStatus.SHIPPED,
        [],
        0,
    )


def test_unpaid_orders_expire_after_the_payment_methods_window(
    app_client: TestClient,
    other_viewer: TestClient,
    shop: Shop,
    auth_headers: dict[str, str],
    db: Session,
) -> None:
    unpaid = order_id(db, place_order(other_viewer, shop.shirt_m, "life-0005", 2)["public_id"])
    paid = paid_order(app_client, other_viewer, db, shop.shirt_m, "life-0006", auth_headers)
    order = fresh(db, unpaid)
    assert order.hold_until is not None  # bank transfer's window, from checkout's clock
    assert timedelta(days=3) <= order.hold_until - order.created_at < timedelta(days=3, seconds=5)
    links = OrderLinks("http://shop.test", "secret")
    for oid in (unpaid, paid):  # each one's expiry job, run at its deadline
        holds.expire_unpaid(db, {"order_id": oid}, links=links)
    db.commit()
    assert holds.expire_unpaid(db, {"order_id": unpaid}, links=links) is False  # once
    order = fresh(db, unpaid)
    assert (order.status, order.cancel_reason) == (OrderStatus.CANCELLED, "unpaid_in_time")
    assert order.payments[0].status is PaymentStatus.FAILED
    assert db.scalar(select(Variant.stock).where(Variant.id == shop.shirt_m)) == 4  # 5 - 1 paid
    assert fresh(db, paid).status is OrderStatus.PAID


def test_tracking_links_and_providers() -> None:
    assert tracking.tracking_link("  Royal   Mail ", "AB 12/3") == (
        "https://www.royalmail.com/track-your-item#/tracking-results/AB%2012%2F3"
    )
    assert tracking.tracking_link("Unknown Post", "X1") == ""
    assert tracking.tracking_link("UPS", "1Z", "https://t.example/1Z") == "https://t.example/1Z"
    with pytest.raises(InvalidInput):
        tracking.tracking_link("UPS", "1Z", "javascript:alert(1)")
    manual = tracking.load_provider("manual")
    assert isinstance(manual, tracking.TrackingProvider)
    assert manual.events(["1Z"]) == []
    with pytest.raises(InvalidInput):
        tracking.load_provider("not-a-spec")


def test_the_delivered_email_states_the_return_terms_in_the_buyers_language(
    app_client: TestClient,
    other_viewer: TestClient,
    shop: Shop,
    auth_headers: dict[str, str],
    db: Session,
) -> None:
    oid = shipped_order(app_client, other_viewer, db, shop.shirt_m, "life-de01", auth_headers)
    order = fresh(db, oid)
    order.language = "de"
    db.commit()
    delivered = app_client.post(f"/api/v1/orders/{oid}/delivered", json={}, headers=auth_headers)
    assert delivered.status_code == 200, delivered.text
    db.expire_all()
    email = db.scalars(select(OutboxEmail).order_by(OutboxEmail.id.desc())).first()
    assert email is not None
    order = fresh(db, oid)
    assert order.returns_until is not None
    day = order.returns_until.strftime("%d.%m.%Y")
    assert f"Sie können sie bis {day} zurückgeben." in email.text_body
    assert "Rückgabe innerhalb von 30 Tagen" in email.text_body, email.text_body
    assert "Return within" not in email.text_body
