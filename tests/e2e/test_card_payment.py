"""A card payment end to end in Chromium: a German viewer buys in the live room, pays on the
local Stripe-protocol server's hosted page (tests/orders/stripe_server.py), comes back to the
room, and sees "Paid" only once Stripe's signed webhook, posted by that server to the running
app, has made the order paid; a refund then goes back through Stripe."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.models import Product
from crosslive.db import transaction
from crosslive.events.models import ShowEvent
from crosslive.live import service as live_service
from crosslive.orders.models import Order, OrderStatus, PaymentStatus, StripeEvent
from crosslive.settings import Settings
from crosslive.shows.models import Show, ShowState
from tests.conftest import PASSWORD
from tests.e2e.conftest import LiveServer, free_port
from tests.e2e.test_landed_markets import landed_shop
from tests.factories import Shop
from tests.orders.stripe_server import SECRET_KEY, WEBHOOK_SECRET, LocalStripe, local_stripe

WEBHOOK = "/api/v1/payments/stripe/webhook"


@dataclass
class CardRoom:
    server: LiveServer
    stripe: LocalStripe
    shop: Shop
    webhook_gate: threading.Event


@pytest.fixture
def card_room(
    settings: Settings, session_factory: sessionmaker[Session], owner: dict[str, str | int]
) -> Iterator[CardRoom]:
    """The app with Stripe pointed at the local server, which posts its webhooks to the app
    once the test opens the gate; a live show with the shirt pinned."""
    port = free_port()
    gate = threading.Event()
    with local_stripe() as stripe_api:
        stripe_api.forward_to(f"http://127.0.0.1:{port}{WEBHOOK}", gate)
        card_settings = Settings(
            **{
                **settings.model_dump(),
                "base_url": f"http://127.0.0.1:{port}",
                "stripe_secret_key": SECRET_KEY,
                "stripe_webhook_secret": WEBHOOK_SECRET,
                "stripe_api_base": stripe_api.base,
            }
        )
        shop = landed_shop(session_factory)  # EU: EUR 4.90 shipping, VAT and the IOSS duty
        with transaction(session_factory) as db:
            db.execute(update(Show).where(Show.id == shop.show_id).values(state=ShowState.LIVE))
            show = db.get(Show, shop.show_id)
            assert show is not None
            shirt = db.scalar(select(Product.id).where(Product.handle == "acme-shirt"))
            assert shirt is not None
            live_service.pin(db, show, shirt)
        server = LiveServer(card_settings, port=port)
        server.start()
        try:
            yield CardRoom(server, stripe_api, shop, gate)
        finally:
            gate.set()
            server.stop()


def buy_in_the_room(page: Page, room: CardRoom) -> None:
    page.goto(f"{room.server.url}/live/spring-drop?store=acme&country=DE")
    page.locator(".pin-open").click()
    sheet = page.locator("dialog.sheet[open]")
    sheet.locator(".add-to-cart").click()
    expect(sheet.locator(".added")).to_have_text("Added to your cart")
    sheet.locator(".sheet-close").click()
    drawer = page.locator(".cart-drawer")
    expect(drawer.locator(".cart-summary")).to_have_text("1 · €23.00")
    drawer.locator("summary").click()
    page.fill("#cart-email", "lena@example.de")
    page.fill("#cart-name", "Lena Käufer")
    page.fill("#cart-line1", "Torstraße 1")
    page.fill("#cart-city", "Berlin")
    page.fill("#cart-postal_code", "10115")
    page.select_option("#cart-country", "DE")
    page.get_by_label("Card / wallet").check()
    # What the card will be charged, before paying: shipping, the German VAT inside the
    # prices and the EUR 3 IOSS duty (tests/e2e/test_landed_markets.py has the arithmetic).
    expect(drawer.locator(".cart-charges p")).to_have_text(
        ["Subtotal: €23.00", "Shipping: €4.90", "VAT included: €4.45", "Import duties: €3.00"]
    )
    expect(drawer.locator(".cart-total")).to_have_text("Total €30.90")
    page.click(".cart-submit")


def the_order(db: Session) -> Order:
    db.expire_all()
    order = db.scalar(select(Order))
    assert order is not None
    return order


def refund_through_the_api(room: CardRoom, order_id: int, amount_minor: int) -> httpx.Response:
    with httpx.Client(base_url=room.server.url) as api:
        login = api.post(
            "/api/v1/auth/login", json={"email": "owner@acme.test", "password": PASSWORD}
        )
        assert login.status_code == 200, login.text
        return api.post(
            f"/api/v1/orders/{order_id}/refunds",
            json={"amount_minor": amount_minor, "reason": "size"},
            headers={
                "Authorization": f"Bearer {login.json()['token']}",
                "Idempotency-Key": "refund-card-0001",
            },
        )


def test_a_german_viewer_pays_by_card_and_the_room_says_paid_after_the_webhook(
    card_room: CardRoom, page: Page, db: Session
) -> None:
    buy_in_the_room(page, card_room)
    page.wait_for_url(f"{card_room.stripe.base}/pay/*")
    [session] = card_room.stripe.state.sessions.values()
    assert (session["currency"], session["amount_total"]) == ("eur", 3090)
    page.get_by_role("button", name="Pay").click()
    order = the_order(db)
    page.wait_for_url(f"**/live/spring-drop?store=acme&paid_order={order.public_id}")
    notice = page.locator(".paid-notice")
    expect(notice).to_have_text("Payment received — confirming…")
    assert the_order(db).status is OrderStatus.PENDING_PAYMENT  # the redirect proves nothing
    card_room.webhook_gate.set()  # Stripe's webhook arrives
    expect(notice).to_have_text("Paid")
    expect(notice).to_have_attribute("data-status", "paid")
    assert card_room.stripe.state.forwarded == [("checkout.session.completed", 200)]
    order = the_order(db)
    assert order.status is OrderStatus.PAID and order.payments[0].status is PaymentStatus.PAID
    paid_events = db.scalar(
        select(func.count(ShowEvent.id)).where(
            ShowEvent.kind == "order_status", ShowEvent.payload["status"].as_string() == "paid"
        )
    )
    assert paid_events == 1
    assert db.scalar(select(func.count(StripeEvent.id))) == 1
    refund = refund_through_the_api(card_room, order.id, 1000)
    assert refund.status_code == 201, refund.text
    [recorded] = card_room.stripe.state.refunds
    assert (recorded["amount"], recorded["payment_intent"]) == (
        1000,
        the_order(db).payments[0].details["payment_intent"],
    )
    assert refund.json()["reference"] == recorded["id"]


def test_the_notice_answers_only_the_buyer_and_never_renders_the_address_bar(
    card_room: CardRoom, page: Page, browser: Browser, db: Session
) -> None:
    buy_in_the_room(page, card_room)
    page.wait_for_url(f"{card_room.stripe.base}/pay/*")
    page.get_by_role("button", name="Pay").click()
    card_room.webhook_gate.set()
    expect(page.locator(".paid-notice")).to_have_text("Paid")
    public_id = the_order(db).public_id
    other = browser.new_context(locale="de-DE").new_page()
    try:
        room = f"{card_room.server.url}/live/spring-drop?store=acme&paid_order="
        other.goto(room + public_id)  # someone else holding the link learns nothing
        notice = other.locator(".paid-notice")
        expect(notice).to_have_text("Wir konnten diese Bestellung in diesem Browser nicht finden.")
        forged = '<img src=x onerror="window.__pwned=1">'
        other.goto(room + forged)
        expect(notice).to_have_text("Wir konnten diese Bestellung in diesem Browser nicht finden.")
        assert other.locator(".paid-notice img").count() == 0
        assert other.evaluate("window.__pwned") is None
    finally:
        other.context.close()
