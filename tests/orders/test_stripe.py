"""Card and wallet payments through Stripe Checkout, against a local server that speaks
Stripe's API and signs its webhooks the documented way (tests/orders/stripe_server.py); the
stripe library's own signature check runs."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import utcnow
from crosslive.errors import InvalidInput
from crosslive.events.models import ShowEvent
from crosslive.orders.models import Order, OrderStatus, PaymentStatus, Refund, StripeEvent
from crosslive.orders.stripe_provider import StripeConfig, stripe_amount
from crosslive.settings import Settings
from tests.factories import Shop, checkout_body, page_login, signed_link_target
from tests.orders.stripe_server import SECRET_KEY, WEBHOOK_SECRET, LocalStripe, sign
from tests.orders.test_checkout import add, checkout, stock
from tests.orders.test_holds import go_live

WEBHOOK = "/api/v1/payments/stripe/webhook"


def place_card_order(client: TestClient, shop: Shop) -> dict[str, Any]:
    add(client, shop.shirt_m, 2)
    response = checkout(client, "card-0001", checkout_body(payment_method="stripe"))
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    assert body["payment"]["provider"] == "stripe"
    return body


def open_page(client: TestClient, public_id: str) -> str:
    response = client.post(f"/api/v1/orders/{public_id}/card-payment")
    assert response.status_code == 200, response.text
    url: str = response.json()["url"]
    return url


def pay_on_hosted_page(url: str) -> str:
    """The buyer presses Pay on the hosted page; where it sends them back to."""
    assert "<button>Pay</button>" in httpx.get(url).text
    done = httpx.post(url)
    assert done.status_code == 303
    return done.headers["location"]


def poster(client: TestClient) -> Any:
    return lambda body, headers: client.post(WEBHOOK, content=body, headers=headers)


def the_order(db: Session) -> Order:
    db.expire_all()
    order = db.scalar(select(Order))
    assert order is not None
    return order


def test_amounts_are_sent_in_stripes_units_for_each_currency() -> None:
    assert stripe_amount(1999, "USD") == 1999
    assert stripe_amount(1500, "JPY") == 1500  # zero-decimal on both sides
    assert stripe_amount(5000, "krw") == 5000
    assert stripe_amount(1000, "HUF") == 100000  # whole forints here, two decimals at Stripe
    assert stripe_amount(1250, "KWD") == 1250
    with pytest.raises(InvalidInput, match=r"multiples of 0\.010"):
        stripe_amount(1255, "KWD")


def test_the_mode_comes_from_the_key_and_the_keys_never_print() -> None:
    settings = Settings(stripe_secret_key="sk_live_abc123", stripe_webhook_secret="whsec_x")
    config = StripeConfig.from_settings(settings)
    assert config is not None and config.mode == "live"
    assert "sk_live_abc123" not in repr(config) and "sk_live_abc123" not in repr(settings)
    assert StripeConfig.from_settings(Settings()) is None


def test_without_a_key_checkout_offers_no_card(
    app_client: TestClient, shop: Shop, db: Session
) -> None:
    add(app_client, shop.shirt_m, 1)
    response = checkout(app_client, "card-0001", checkout_body(payment_method="stripe"))
    assert response.status_code == 422
    assert "unknown payment method 'stripe'; choose manual" in response.text
    assert stock(db, shop.shirt_m) == 5 and db.scalar(select(Order)) is None


def test_the_hosted_page_is_one_session_for_the_order(
    buyer: TestClient, shop: Shop, db: Session, stripe_api: LocalStripe
) -> None:
    body = place_card_order(buyer, shop)
    url = open_page(buyer, body["public_id"])
    assert open_page(buyer, body["public_id"]) == url  # asked again: the same page
    [session] = stripe_api.state.sessions.values()
    order = the_order(db)
    assert url == f"{stripe_api.base}/pay/{session['id']}"
    assert (session["mode"], session["currency"], session["amount_total"]) == (
        "payment",
        "usd",
        5000,
    )
    assert session["client_reference_id"] == order.public_id
    assert session["metadata"] == {"order": order.public_id, "payment": order.payments[0].reference}
    assert session["success_url"] == (
        f"http://127.0.0.1:8000/live/spring-drop?store=acme&paid_order={order.public_id}"
    )
    assert signed_link_target(session["cancel_url"]) == signed_link_target(body["url"])
    assert order.hold_until is not None  # outside a live show: CARD_PAY_MINUTES
    assert session["expires_at"] == int(order.hold_until.timestamp()) // 60 * 60
    assert order.payments[0].details["session_id"] == session["id"]


def test_a_card_order_is_paid_by_the_webhook_only_and_once(
    buyer: TestClient,
    shop: Shop,
    db: Session,
    stripe_api: LocalStripe,
    auth_headers: dict[str, str],
) -> None:
    body = place_card_order(buyer, shop)
    order_id = the_order(db).id
    refused = buyer.post(f"/api/v1/orders/{order_id}/paid", headers=auth_headers)
    assert refused.status_code == 409
    assert "marked paid by Stripe's webhook" in refused.text
    back = pay_on_hosted_page(open_page(buyer, body["public_id"]))
    assert back.endswith(f"paid_order={body['public_id']}")
    assert the_order(db).status is OrderStatus.PENDING_PAYMENT  # the redirect proves nothing
    event = stripe_api.state.events[0]
    [first] = stripe_api.deliver(poster(buyer))
    assert (first.status_code, first.json()) == (200, {"outcome": "paid", "duplicate": False})
    again = stripe_api.deliver(poster(buyer), event)[0]
    assert again.json() == {"outcome": "paid", "duplicate": True}
    order = the_order(db)
    assert order.status is OrderStatus.PAID
    assert order.payments[0].status is PaymentStatus.PAID
    assert order.payments[0].details["payment_intent"].startswith("pi_")
    kinds = db.scalars(select(ShowEvent.payload).where(ShowEvent.kind == "order_status")).all()
    assert kinds == [{"order_id": order.id, "status": "paid"}]
    assert (stock(db, shop.shirt_m),) == (3,)


def test_a_bad_signature_is_refused_and_changes_nothing(
    buyer: TestClient, shop: Shop, db: Session, stripe_api: LocalStripe
) -> None:
    body = place_card_order(buyer, shop)
    pay_on_hosted_page(open_page(buyer, body["public_id"]))
    [event] = stripe_api.state.events
    payload = json.dumps(event).encode()
    forged = buyer.post(
        WEBHOOK, content=payload, headers={"Stripe-Signature": sign(payload, "whsec_other")}
    )
    assert forged.status_code == 400
    tampered = payload.replace(b'"paid"', b'"paid" ')
    changed = buyer.post(WEBHOOK, content=tampered, headers={"Stripe-Signature": sign(payload)})
    assert changed.status_code == 400
    unsigned = buyer.post(WEBHOOK, content=payload)
    assert unsigned.status_code == 400
    assert the_order(db).status is OrderStatus.PENDING_PAYMENT
    assert db.scalars(select(StripeEvent)).all() == []


def test_an_expired_page_releases_the_stock_and_a_late_payment_is_refunded(
    buyer: TestClient, shop: Shop, db: Session, stripe_api: LocalStripe
) -> None:
    body = place_card_order(buyer, shop)
    open_page(buyer, body["public_id"])
    [sid] = stripe_api.state.sessions
    stripe_api.state.expire(sid)
    [expired] = stripe_api.deliver(poster(buyer))
    assert expired.json()["outcome"] == "released"
    assert the_order(db).status is OrderStatus.CANCELLED
    assert stock(db, shop.shirt_m) == 5
    stripe_api.state.complete(sid)  # arrives after the release
    [late] = stripe_api.deliver(poster(buyer))
    assert late.json()["outcome"] == "refunded_late"
    [refund] = stripe_api.state.refunds
    order = the_order(db)
    assert (refund["amount"], refund["payment_intent"]) == (
        5000,
        order.payments[0].details["payment_intent"],
    )
    assert order.status is OrderStatus.CANCELLED and stock(db, shop.shirt_m) == 5
    assert order.payments[0].status is PaymentStatus.REFUNDED
    assert [r.reference for r in db.scalars(select(Refund))] == [refund["id"]]


def test_an_expiry_after_the_payment_changes_nothing(
    buyer: TestClient, shop: Shop, db: Session, stripe_api: LocalStripe
) -> None:
    body = place_card_order(buyer, shop)
    pay_on_hosted_page(open_page(buyer, body["public_id"]))
    [sid] = stripe_api.state.sessions
    stripe_api.state.expire(sid)
    answers = stripe_api.deliver(poster(buyer))
    assert [a.json()["outcome"] for a in answers] == ["paid", "unchanged"]
    assert the_order(db).status is OrderStatus.PAID and stock(db, shop.shirt_m) == 3


def test_an_amount_that_does_not_match_is_refused(
    buyer: TestClient, shop: Shop, db: Session, stripe_api: LocalStripe
) -> None:
    body = place_card_order(buyer, shop)
    open_page(buyer, body["public_id"])
    [session] = stripe_api.state.sessions.values()
    session["amount_total"] = 100
    stripe_api.state.complete(session["id"])
    [answer] = stripe_api.deliver(poster(buyer))
    assert answer.json()["outcome"] == "refused_mismatch"
    assert the_order(db).status is OrderStatus.PENDING_PAYMENT


def test_a_refund_goes_through_stripe_once_per_key(
    buyer: TestClient,
    shop: Shop,
    db: Session,
    stripe_api: LocalStripe,
    auth_headers: dict[str, str],
) -> None:
    body = place_card_order(buyer, shop)
    pay_on_hosted_page(open_page(buyer, body["public_id"]))
    stripe_api.deliver(poster(buyer))
    order = the_order(db)
    url = f"/api/v1/orders/{order.id}/refunds"
    headers = {**auth_headers, "Idempotency-Key": "refund-0001"}
    first = buyer.post(url, json={"amount_minor": 2000, "reason": "size"}, headers=headers)
    second = buyer.post(url, json={"amount_minor": 2000, "reason": "size"}, headers=headers)
    assert first.status_code == second.status_code == 201, first.text
    [refund] = stripe_api.state.refunds
    assert first.json()["reference"] == second.json()["reference"] == refund["id"]
    assert refund["amount"] == 2000
    assert the_order(db).payments[0].refunded_minor == 2000


def test_a_live_card_order_gets_the_short_hold(
    buyer: TestClient, shop: Shop, db: Session, session_factory: sessionmaker[Session]
) -> None:
    go_live(session_factory, shop)
    before = utcnow()
    place_card_order(buyer, shop)
    hold = the_order(db).hold_until
    assert hold is not None
    assert before + timedelta(minutes=15) <= hold <= utcnow() + timedelta(minutes=15)


def test_the_account_page_shows_the_methods_and_mode_never_the_keys(
    buyer: TestClient, app_client: TestClient, owner: dict[str, str | int]
) -> None:
    page_login(buyer, str(owner["email"]))
    page = buyer.get("/admin/account").text
    assert (
        '<tr data-method="stripe"><td>Card and wallet (Stripe)</td><td>on</td><td>test</td>'
        "<td>set</td></tr>"
    ) in page
    assert SECRET_KEY not in page and WEBHOOK_SECRET not in page
    page_login(app_client, str(owner["email"]))
    off = app_client.get("/admin/account").text
    assert "<td>Card and wallet (Stripe)</td><td>not configured</td>" in off
