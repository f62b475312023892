"""The returns loop end to end in Chromium, with a real SMTP server: buyers order in the live
room; the owner marks paid, shipped and delivered; the follow-up email arrives and its "Too
small" link leads to an exchange with the next size reserved; a second buyer returns a lamp
damaged in transit with a photo and keeps a cheap item, and the owner receives and refunds
both from the returns queue, each refund emailed."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.models import Category, Product, Variant, VariantPrice
from crosslive.db import transaction
from crosslive.live.models import ShowPin
from crosslive.orders.models import Order, Refund
from crosslive.returns.models import ReturnOutcome, ReturnRequest, ReturnStatus
from crosslive.settings import Settings
from crosslive.shows.models import ShowProduct
from tests.conftest import PASSWORD
from tests.e2e.conftest import LiveServer
from tests.e2e.journey_mail import JourneySmtp, WaitingInbox, link_after, text_of
from tests.factories import Shop, make_shop
from tests.returns.return_helpers import set_us_market

STORE = "Acme Outfitters"
ANA, BO = "ana@example.com", "bo@example.com"


@pytest.fixture
def smtp() -> Iterator[JourneySmtp]:
    server = JourneySmtp()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def settings(settings: Settings, smtp: JourneySmtp) -> Settings:
    fast = {
        "smtp_host": "127.0.0.1",
        "smtp_port": smtp.port,
        "mail_poll_seconds": 0.1,
        "mail_per_recipient_per_hour": 100,
        "scheduler_poll_seconds": 0.1,
        "follow_up_hours": 0.0,
    }
    return Settings(**{**settings.model_dump(), **fast})


@pytest.fixture
def shop(session_factory: sessionmaker[Session], owner: dict[str, str | int]) -> Shop:
    """make_shop's show (a shirt in M and L, one L left; a lamp), plus $5 socks, all pinned;
    keep-it below $10, returns to a Los Angeles warehouse."""
    shop = make_shop(session_factory)
    with transaction(session_factory) as db:
        db.execute(
            update(Product).where(Product.title == "Linen Shirt").values(category=Category.APPAREL)
        )
        socks = Product(seller_id=shop.seller_id, handle="acme-socks", title="Socks")
        pair = Variant(seller_id=shop.seller_id, sku="SOCKS", option1="Default", stock=9)
        pair.prices = [VariantPrice(currency="USD", amount_minor=500)]
        socks.variants.append(pair)
        db.add(socks)
        db.flush()
        db.add(ShowProduct(show_id=shop.show_id, product_id=socks.id, position=3))
        for title in ("Linen Shirt", "Lamp", "Socks"):
            product = db.scalars(select(Product).where(Product.title == title)).one()
            db.add(ShowPin(show_id=shop.show_id, product_id=product.id))
    set_us_market(session_factory, keep_it_below_minor=1000)
    return shop


def _page(browser: Browser) -> Page:
    page = browser.new_context(locale="en-US").new_page()
    page.set_default_timeout(10_000)
    return page


def buy(page: Page, server: LiveServer, email: str, picks: list[tuple[str, int]]) -> str:
    """Order PICKS (product title, variant id) in the live room; the order page's path."""
    page.goto(f"{server.url}/live/spring-drop?country=US")
    for title, variant_id in picks:
        page.locator(".pin", has_text=title).locator(".pin-open").click()
        sheet = page.locator("dialog.sheet[open]")
        sheet.locator("select[name=variant]").select_option(str(variant_id))
        sheet.locator(".add-to-cart").click()
        expect(sheet.locator(".added")).to_have_text("Added to your cart")
        sheet.locator(".sheet-close").click()
    page.locator(".cart-drawer summary").click()
    page.fill("#cart-email", email)
    page.fill("#cart-name", "Ana Buyer" if email == ANA else "Bo Buyer")
    page.fill("#cart-line1", "1 Main St")
    page.fill("#cart-city", "Springfield")
    page.fill("#cart-region", "IL")
    page.fill("#cart-postal_code", "62701")
    page.select_option("#cart-country", "US")
    page.click(".cart-submit")
    expect(page.locator(".cart-status")).to_contain_text("Order placed")
    return page.locator(".order-link").get_attribute("href") or ""


def fulfil(page: Page, server: LiveServer, order_id: int) -> None:
    page.goto(f"{server.url}/admin/orders/{order_id}")
    page.get_by_role("button", name="The payment arrived: mark as paid").click()
    page.get_by_label("Carrier", exact=True).fill("UPS")
    page.get_by_label("Tracking number").fill(f"1Z{order_id:08d}")
    page.get_by_role("button", name="Mark as shipped and tell the buyer").click()
    page.get_by_role("button", name="It arrived: mark as delivered and tell the buyer").click()
    expect(
        page.get_by_role("button", name="It arrived: mark as delivered and tell the buyer")
    ).to_have_count(0)


def order_by_email(db: Session, email: str) -> Order:
    db.expire_all()
    return db.scalars(select(Order).where(Order.email == email)).one()


def return_of(db: Session, line_id: int) -> ReturnRequest:
    db.expire_all()
    return db.scalars(select(ReturnRequest).where(ReturnRequest.order_line_id == line_id)).one()


def png(tmp: pytest.TempPathFactory) -> str:
    path = tmp.mktemp("photos") / "dent.png"
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 40, 40)).save(out, "PNG")
    path.write_bytes(out.getvalue())
    return str(path)


def log_in_owner(page: Page, server: LiveServer) -> None:
    page.goto(f"{server.url}/admin/login?next=/admin/returns")
    page.fill("input[name=email]", "owner@acme.test")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/returns")


def test_follow_up_exchange_damage_return_and_keep_it_refunds(
    browser: Browser,
    live_server: LiveServer,
    shop: Shop,
    smtp: JourneySmtp,
    db: Session,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    inbox: WaitingInbox = smtp.inbox
    ana, bo, seller = _page(browser), _page(browser), _page(browser)
    try:
        buy(ana, live_server, ANA, [("Linen Shirt", shop.shirt_m)])
        socks = db.scalars(select(Variant).where(Variant.sku == "SOCKS")).one().id
        bo_order_path = buy(bo, live_server, BO, [("Lamp", shop.lamp), ("Socks", socks)])
        log_in_owner(seller, live_server)
        for email in (ANA, BO):
            fulfil(seller, live_server, order_by_email(db, email).id)

        # Ana: "Too small" from the follow-up email -> exchange for L, reserved at once.
        [follow_up] = inbox.wait_for(ANA, f"{STORE}: how does it fit?")
        text = text_of(follow_up)
        assert "Linen Shirt (M)" in text and "How does it fit?" in text
        ana.goto(live_server.url + link_after(text, "Too small"))
        expect(ana.get_by_test_id("follow-up-thanks")).to_be_visible()
        ana.get_by_test_id("exchange-link").click()
        ana.get_by_role("button", name="See what happens").click()
        outcome = ana.get_by_test_id("return-outcome")
        expect(outcome).to_have_attribute("data-outcome", "exchange")
        expect(outcome).to_contain_text("Exchange for size L")
        ana.get_by_test_id("confirm-return").click()
        ana.wait_for_url(re.compile(r"/orders/[^/]+\?return=\d+$"))
        ana_order = order_by_email(db, ANA)
        assert ana_order.language == "en"  # the live room's language, sent at checkout
        ana_line = ana_order.lines[0]
        exchange = return_of(db, ana_line.id)
        assert (exchange.status, exchange.outcome, exchange.exchange_label) == (
            ReturnStatus.REQUESTED,
            ReturnOutcome.EXCHANGE,
            "L",
        )
        assert db.get(Variant, shop.shirt_l).stock == 0  # type: ignore[union-attr]
        inbox.wait_for(ANA, f"we received your return request {exchange.reference}")

        # Bo: the lamp arrived broken (a photo), the socks are kept.
        bo_order = order_by_email(db, BO)
        lamp_line, socks_line = sorted(bo_order.lines, key=lambda line: line.unit_price_minor)[::-1]
        form = f"{live_server.url}{bo_order_path}/return?line="
        bo.goto(f"{form}{lamp_line.id}&reason=damaged_in_transit")
        bo.get_by_label("Tell us more (optional)").fill("The shade is cracked.")
        bo.locator("input[name=photos]").set_input_files(png(tmp_path_factory))
        bo.get_by_role("button", name="See what happens").click()
        expect(bo.get_by_test_id("return-outcome")).to_have_attribute(
            "data-outcome", "return_refund"
        )
        expect(bo.get_by_test_id("return-warehouse")).to_have_text("Acme LA, Los Angeles, US")
        expect(bo.get_by_text("1 photo(s) attached.")).to_be_visible()
        bo.get_by_test_id("confirm-return").click()
        bo.wait_for_url(re.compile(r"\?return=\d+$"))
        bo.goto(f"{form}{socks_line.id}&reason=changed_mind")
        bo.get_by_role("button", name="See what happens").click()
        expect(bo.get_by_test_id("return-outcome")).to_have_attribute("data-outcome", "keep_it")
        expect(bo.get_by_test_id("refund-when")).to_contain_text("within 5 days")
        bo.get_by_test_id("confirm-return").click()
        bo.wait_for_url(re.compile(r"\?return=\d+$"))
        damaged, kept = return_of(db, lamp_line.id), return_of(db, socks_line.id)
        assert (damaged.status, len(damaged.photos)) == (ReturnStatus.REQUESTED, 1)
        assert kept.status is ReturnStatus.APPROVED  # a bank transfer: the store refunds

        # The owner: approve, receive and refund the lamp; refund the socks.
        seller.goto(f"{live_server.url}/admin/returns")
        lamp = seller.locator(f'section.return[data-return="{damaged.id}"]')
        lamp.get_by_role("button", name="Approve").click()
        lamp.get_by_role("button", name="Mark received").click()
        lamp.get_by_label("Bank transfer reference").fill("BANK-LAMP")
        lamp.get_by_role("button", name="Refund $40.00").click()
        expect(seller.get_by_text("Refunded; the buyer gets an email.").first).to_be_visible()
        expect(lamp).to_have_count(0)  # refunded: out of the open queue
        kept_row = seller.locator(f'section.return[data-return="{kept.id}"]')
        kept_row.get_by_label("Bank transfer reference").fill("BANK-SOCKS")
        kept_row.get_by_role("button", name="Refund $5.00").click()
        expect(kept_row).to_have_count(0)

        db.expire_all()
        refunds = db.scalars(select(Refund).order_by(Refund.id)).all()
        assert [(r.idempotency_key, r.amount_minor, r.reference) for r in refunds] == [
            (f"return-{damaged.id}", 4000, "BANK-LAMP"),
            (f"return-{kept.id}", 500, "BANK-SOCKS"),
        ]
        assert return_of(db, lamp_line.id).status is ReturnStatus.REFUNDED
        assert return_of(db, socks_line.id).status is ReturnStatus.REFUNDED
        emails = inbox.wait_for(BO, f"{STORE}: a refund on your order", count=2)
        assert "$40.00" in text_of(emails[0]) and "$5.00" in text_of(emails[1])
    finally:
        for page in (ana, bo, seller):
            page.context.close()
