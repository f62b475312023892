"""The cart drawer shows the landed cost for the chosen country and confirms its total."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction
from crosslive.landed.breakdown import Regime
from crosslive.landed.models import LandedSettings
from crosslive.markets.models import Market
from crosslive.orders.models import Order
from tests.e2e.conftest import LiveServer
from tests.factories import make_shop


def test_drawer_breakdown_follows_the_country_and_the_order_matches(
    page: Page, live_server: LiveServer, session_factory: sessionmaker[Session], db: Session
) -> None:
    shop = make_shop(session_factory)
    with transaction(session_factory) as tx:
        market = tx.scalars(select(Market).where(Market.code == "EU")).one()
        tx.add(
            LandedSettings(
                seller_id=shop.seller_id,
                market_id=market.id,
                taxes=True,
                regime=Regime.DAP,
                de_minimis_minor=0,
                ioss_number="",
                sales_tax_bp=0,
                duty_bp={"other": 1200},
                reduced_categories=[],
            )
        )
    page.goto(f"{live_server.url}/shows/spring-drop/cart?market=EU")
    page.wait_for_function("() => window.crossliveCart !== undefined")
    page.evaluate("([id, qty]) => window.crossliveCart.addToCart(id, qty)", [shop.shirt_m, 2])
    # DE, no IOSS number, duties at the door: the buyer pays 4600 less 19 % VAT now, and
    # VAT 734 + duty 464 on delivery.
    expect(page.locator(".cart-total")).to_have_text("Total €38.66")
    door = "Due on delivery (duties and import tax, estimate): €11.98"
    expect(page.locator(".cart-door")).to_have_text(door)
    page.select_option("#cart-country", "FR")
    expect(page.locator(".cart-total")).to_have_text("Total €38.33")
    page.fill("#cart-email", "ana@example.com")
    page.fill("#cart-name", "Ana Buyer")
    page.fill("#cart-line1", "1 rue de Rivoli")
    page.fill("#cart-city", "Paris")
    page.fill("#cart-postal_code", "75001")
    page.click(".cart-submit")
    expect(page.locator(".cart-status")).to_have_text("Order placed: €38.33")
    db.expire_all()
    order = db.scalars(select(Order)).one()
    assert (order.total_minor, order.duties_at_door_minor, order.country) == (3833, 1227, "FR")
