"""An EU viewer cannot buy a product missing its GPSR fields, and sees them once entered
(Chromium against a real server)."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.models import Product
from crosslive.db import transaction
from crosslive.live.models import ShowPin
from crosslive.markets.models import Market
from tests.compliance.factories import SAFE
from tests.e2e.conftest import LiveServer
from tests.factories import make_shop

TRY_ADD = """async (id) => {
  try { await window.crossliveCart.addToCart(id, 1); return "added"; }
  catch (error) { return error.message; }
}"""


def test_an_eu_viewer_cannot_buy_a_product_missing_gpsr_fields_and_sees_them_once_entered(
    live_server: LiveServer, page: Page, session_factory: sessionmaker[Session]
) -> None:
    shop = make_shop(session_factory)
    with transaction(session_factory) as db:
        db.execute(
            update(Market)
            .where(Market.seller_id == shop.seller_id, Market.code == "EU")
            .values(required_disclosures=["gpsr"], languages=["en"])
        )
        shirt = db.query(Product).filter(Product.title == "Linen Shirt").one()
        shirt_id = shirt.id
        db.add(ShowPin(show_id=shop.show_id, product_id=shirt_id))

    room = f"{live_server.url}/live/spring-drop?country=DE"
    page.goto(room)
    expect(page.get_by_role("complementary", name="Products")).to_be_visible()
    expect(page.locator(f'.pin[data-product="{shirt_id}"]')).to_have_count(0)
    page.goto(f"{live_server.url}/shows/spring-drop/cart?market=EU")
    page.wait_for_function("() => window.crossliveCart !== undefined")
    assert page.evaluate(TRY_ADD, shop.shirt_m) == (
        "Linen Shirt cannot be sold in Europe yet: the product safety information the law "
        "there requires is missing"
    )

    with transaction(session_factory) as db:
        db.execute(update(Product).where(Product.id == shirt_id).values(**SAFE))
    page.goto(room)
    card = page.locator(f'.pin[data-product="{shirt_id}"]')
    card.locator(".pin-open").click()
    safety = page.locator("dialog.sheet[open] [data-safety]")
    expect(safety).to_contain_text("Acme Manufacturing Ltd.")
    expect(safety).to_contain_text("Acme Europe B.V.")
    expect(safety).to_contain_text("Type L-200, batch 26-11 · GTIN 4006381333931")
    expect(safety.locator(".warnings li")).to_have_text(["Keep away from water."])
    sheet = page.locator("dialog.sheet[open]")
    sheet.locator(".add-to-cart").click()
    expect(sheet.locator(".added")).to_have_text("Added to your cart")
