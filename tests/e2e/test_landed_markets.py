"""What each market's buyer reads in the cart drawer before paying: VAT inside EU prices,
US sales tax added on top, and a UK consignment above GBP 135 told what is due at the door."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.models import VariantPrice
from crosslive.db import transaction
from crosslive.fit.sizes import SizeSystem
from crosslive.landed.breakdown import Regime
from crosslive.landed.models import LandedSettings, ShippingFee
from crosslive.markets.models import Market, Warehouse, WarehouseRoute
from crosslive.orders.models import Order
from tests.e2e.conftest import LiveServer
from tests.factories import Shop, make_shop


def _landed(db: Session, shop: Shop, market: Market, **rules: Any) -> None:
    defaults: dict[str, Any] = {
        "taxes": True,
        "regime": Regime.DAP,
        "de_minimis_minor": 0,
        "ioss_number": "",
        "sales_tax_bp": 0,
        "duty_bp": {},
        "reduced_categories": [],
    }
    db.add(LandedSettings(seller_id=shop.seller_id, market_id=market.id, **(defaults | rules)))


def landed_shop(factory: sessionmaker[Session]) -> Shop:
    """EU with IOSS and a EUR 4.90 flat fee from Shenzhen (outside the EU); US at 8.75 %
    sales tax; a UK market selling the shirt at GBP 90 with duties at the door."""
    shop = make_shop(factory)
    with transaction(factory) as db:
        markets = {m.code: m for m in db.scalars(select(Market))}
        uk = Market(
            seller_id=shop.seller_id,
            code="UK",
            name="United Kingdom",
            currency="GBP",
            countries=["GB"],
            size_system=SizeSystem.US,
        )
        db.add(uk)
        db.add(VariantPrice(variant_id=shop.shirt_m, currency="GBP", amount_minor=9000))
        shenzhen = Warehouse(
            seller_id=shop.seller_id, code="SZX", name="Shenzhen", city="Shenzhen", country="CN"
        )
        db.add(shenzhen)
        db.flush()
        eu = markets["EU"]
        db.add(
            WarehouseRoute(
                market_id=eu.id, warehouse_id=shenzhen.id, delivery_days_min=2, delivery_days_max=3
            )
        )
        db.add(
            ShippingFee(
                seller_id=shop.seller_id, market_id=eu.id, warehouse_id=shenzhen.id, flat_minor=490
            )
        )
        _landed(db, shop, eu, regime=Regime.DDP, ioss_number="IM2760000001")
        _landed(db, shop, markets["US"], sales_tax_bp=875)
        _landed(db, shop, uk, de_minimis_minor=13500, duty_bp={"other": 1200})
    return shop


def _open_cart(page: Page, server: LiveServer, market: str, variant: int, qty: int) -> None:
    page.goto(f"{server.url}/shows/spring-drop/cart?market={market}")
    page.wait_for_function("() => window.crossliveCart !== undefined")
    page.evaluate("([id, qty]) => window.crossliveCart.addToCart(id, qty)", [variant, qty])


def test_eu_buyer_sees_shipping_and_vat_included_before_paying(
    page: Page, live_server: LiveServer, session_factory: sessionmaker[Session]
) -> None:
    shop = landed_shop(session_factory)
    _open_cart(page, live_server, "EU", shop.shirt_m, 1)
    # EUR 23.00 + 4.90 shipping, 19 % German VAT inside both (367 + 78), and under IOSS
    # the flat EUR 3 duty for the one item, paid now (DDP).
    expect(page.locator(".cart-total")).to_have_text("Total €30.90")
    charges = page.locator(".cart-charges p")
    expect(charges).to_have_text(
        ["Subtotal: €23.00", "Shipping: €4.90", "VAT included: €4.45", "Import duties: €3.00"]
    )
    expect(page.locator(".cart-door")).to_have_count(0)


def test_us_buyer_sees_sales_tax_added(
    page: Page, live_server: LiveServer, session_factory: sessionmaker[Session]
) -> None:
    shop = landed_shop(session_factory)
    _open_cart(page, live_server, "US", shop.lamp, 1)
    charges = page.locator(".cart-charges p")
    expect(charges).to_have_text(["Subtotal: $40.00", "Shipping: $0.00", "Sales tax: $3.50"])
    expect(page.locator(".cart-total")).to_have_text("Total $43.50")


def test_uk_order_above_135_pounds_shows_what_is_due_at_the_door(
    page: Page, live_server: LiveServer, session_factory: sessionmaker[Session], db: Session
) -> None:
    shop = landed_shop(session_factory)
    _open_cart(page, live_server, "UK", shop.shirt_m, 2)
    # GBP 180 as shown holds 30 VAT: goods worth 150 pass the 135 limit, so VAT is import
    # VAT and joins the 12 % duty (18) at the door; the buyer pays the net price now.
    expect(page.locator(".cart-total")).to_have_text("Total £150.00")
    door = "Due on delivery (duties and import tax, estimate): £48.00"
    expect(page.locator(".cart-door")).to_have_text(door)
    assert db.scalar(select(func.count()).select_from(Order)) == 0
    page.fill("#cart-email", "sam@example.com")
    page.fill("#cart-name", "Sam Buyer")
    page.fill("#cart-line1", "1 High Street")
    page.fill("#cart-city", "London")
    page.fill("#cart-postal_code", "SW1A 1AA")
    page.click(".cart-submit")
    expect(page.locator(".cart-status")).to_have_text("Order placed: £150.00")
    order = db.scalars(select(Order)).one()
    assert (order.total_minor, order.duties_at_door_minor, order.vat_scheme) == (15000, 4800, "")
