"""After Stripe's page: the buyer's own order status (what the live room's notice asks), and
the hosted page closed when the order's hold runs out first (against the local server)."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.app import create_app
from crosslive.db import utcnow
from crosslive.orders.models import OrderStatus, PaymentStatus, Refund
from crosslive.orders.stripe_expiry import EXPIRE_PAGE
from crosslive.scheduler.models import JobState, ScheduledJob
from crosslive.settings import Settings
from crosslive.viewers import VIEWER_HEADER
from tests.conftest import keeps_viewer_identity
from tests.factories import Shop
from tests.orders.stripe_server import LocalStripe
from tests.orders.test_checkout import stock
from tests.orders.test_holds import go_live, run_jobs_at
from tests.orders.test_stripe import (
    open_page,
    pay_on_hosted_page,
    place_card_order,
    poster,
    the_order,
)


def status_of(client: TestClient, public_id: str) -> httpx.Response:
    return client.get(f"/api/v1/orders/{public_id}/status")


def card_order_past_its_hold(
    buyer: TestClient,
    settings: Settings,
    shop: Shop,
    db: Session,
    session_factory: sessionmaker[Session],
) -> tuple[str, datetime]:
    """A card order placed during the live show with its Stripe page open, and the jobs run a
    second after its hold ran out (so it is cancelled): the page's URL and that moment."""
    go_live(session_factory, shop)
    url = open_page(buyer, place_card_order(buyer, shop)["public_id"])
    hold = the_order(db).hold_until
    assert hold is not None
    after = hold + timedelta(seconds=1)
    run_jobs_at(session_factory, settings, after)
    return url, after


def test_the_buyer_reads_their_own_order_status_and_nobody_else_does(
    buyer: TestClient, card_settings: Settings, shop: Shop, stripe_api: LocalStripe
) -> None:
    body = place_card_order(buyer, shop)
    public_id = body["public_id"]
    assert status_of(buyer, public_id).json() == {"status": "pending_payment"}
    pay_on_hosted_page(open_page(buyer, public_id))
    assert status_of(buyer, public_id).json() == {"status": "pending_payment"}  # redirect only
    stripe_api.deliver(poster(buyer))
    assert status_of(buyer, public_id).json() == {"status": "paid"}
    with TestClient(create_app(card_settings)) as other:
        assert status_of(other, public_id).status_code == 401  # no viewer token
        keeps_viewer_identity(other)
        other.get("/api/v1/shows/spring-drop/cart", params={"market": "US"})
        assert VIEWER_HEADER in other.headers
        refused = status_of(other, public_id)
        assert (refused.status_code, refused.json()["detail"]) == (404, "no such order")
        assert status_of(other, "no-such-order").status_code == 404
    assert status_of(buyer, "x" * 65).status_code == 422


def test_a_cancelled_hold_expires_the_hosted_page_so_it_takes_no_payment(
    buyer: TestClient,
    card_settings: Settings,
    shop: Shop,
    db: Session,
    session_factory: sessionmaker[Session],
    stripe_api: LocalStripe,
) -> None:
    url, after = card_order_past_its_hold(buyer, card_settings, shop, db, session_factory)
    [sid] = stripe_api.state.sessions
    assert the_order(db).status is OrderStatus.CANCELLED and stock(db, shop.shirt_m) == 5
    job = db.scalar(select(ScheduledJob).where(ScheduledJob.kind == EXPIRE_PAGE))
    assert job is not None and job.payload == {"session_id": sid}
    run_jobs_at(session_factory, card_settings, after)  # then Stripe closes the page
    assert stripe_api.state.expired_by_api == [sid]
    assert stripe_api.state.sessions[sid]["status"] == "expired"
    assert httpx.get(url).status_code == 410 and httpx.post(url).status_code == 410
    [expired] = stripe_api.deliver(poster(buyer))  # Stripe's expired event: nothing left to do
    assert expired.json()["outcome"] == "unchanged"
    order = the_order(db)
    assert order.payments[0].status is PaymentStatus.FAILED and stripe_api.state.refunds == []


def test_a_payment_made_just_before_the_page_closes_is_refunded(
    buyer: TestClient,
    card_settings: Settings,
    shop: Shop,
    db: Session,
    session_factory: sessionmaker[Session],
    stripe_api: LocalStripe,
) -> None:
    url, after = card_order_past_its_hold(buyer, card_settings, shop, db, session_factory)
    pay_on_hosted_page(url)  # paid between the cancel and the page's closing
    run_jobs_at(session_factory, card_settings, after)
    db.expire_all()
    job = db.scalar(select(ScheduledJob).where(ScheduledJob.kind == EXPIRE_PAGE))
    assert job is not None and job.state is JobState.DONE  # Stripe: not open; no retry
    assert stripe_api.state.expired_by_api == []
    [late] = stripe_api.deliver(poster(buyer))
    assert late.json()["outcome"] == "refunded_late"
    [refund] = stripe_api.state.refunds
    assert refund["amount"] == 5000
    order = the_order(db)
    assert order.status is OrderStatus.CANCELLED
    assert [r.reference for r in db.scalars(select(Refund))] == [refund["id"]]


def test_an_order_cancelled_by_hand_closes_its_hosted_page_too(
    buyer: TestClient,
    card_settings: Settings,
    shop: Shop,
    db: Session,
    session_factory: sessionmaker[Session],
    stripe_api: LocalStripe,
    auth_headers: dict[str, str],
) -> None:
    body = place_card_order(buyer, shop)
    url = open_page(buyer, body["public_id"])
    [sid] = stripe_api.state.sessions
    cancelled = buyer.post(f"/api/v1/orders/{the_order(db).id}/cancel", headers=auth_headers)
    assert cancelled.status_code == 200, cancelled.text
    run_jobs_at(session_factory, card_settings, utcnow())
    assert stripe_api.state.expired_by_api == [sid]
    assert httpx.post(url).status_code == 410
