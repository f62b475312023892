"""The viewer's cart and checkout (web/static/shop/cart.js) in Chromium against a real server."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.orders.models import Order
from tests.e2e.conftest import LiveServer
from tests.factories import make_shop

XSS_NAME = '<img src=x onerror="window.__pwned=1">Ana'
XSS_STREET = "<script>window.__pwned=2</script>1 Main St"


def open_cart(page: Page, server: LiveServer, variant_id: int, qty: int) -> None:
    page.goto(f"{server.url}/shows/spring-drop/cart?market=US")
    page.wait_for_function("() => window.crossliveCart !== undefined")
    page.evaluate("([id, qty]) => window.crossliveCart.addToCart(id, qty)", [variant_id, qty])
    expect(page.locator(".cart-line")).to_have_count(1)


def fill_address(page: Page, name: str = "Ana Buyer", street: str = "1 Main St") -> None:
    page.fill("#cart-email", "ana@example.com")
    page.fill("#cart-name", name)
    page.fill("#cart-line1", street)
    page.fill("#cart-city", "Springfield")
    page.fill("#cart-region", "IL")
    page.fill("#cart-postal_code", "62701")
    page.select_option("#cart-country", "US")


def orders(db: Session) -> int:
    db.expire_all()
    return db.scalar(select(func.count(Order.id))) or 0


def test_a_double_clicked_checkout_makes_exactly_one_order(
    live_server: LiveServer, page: Page, session_factory: sessionmaker[Session], db: Session
) -> None:
    shop = make_shop(session_factory)
    checkouts: list[str] = []
    page.on(
        "request",
        lambda r: (
            checkouts.append(r.headers.get("idempotency-key", ""))
            if r.method == "POST" and r.url.endswith("/checkout")
            else None
        ),
    )
    open_cart(page, live_server, shop.shirt_m, 2)
    expect(page.locator(".cart-total")).to_have_text("Total $50.00")
    fill_address(page)
    page.dblclick(".cart-submit")
    expect(page.locator(".cart-status")).to_have_text("Order placed: $50.00")
    assert len(checkouts) == 1 and len(checkouts[0]) == 32
    assert orders(db) == 1
    expect(page.locator(".cart-total")).to_have_text("Your cart is empty.")


def test_a_wrong_postal_code_is_named_next_to_its_field_and_orders_nothing(
    live_server: LiveServer, page: Page, session_factory: sessionmaker[Session], db: Session
) -> None:
    shop = make_shop(session_factory)
    open_cart(page, live_server, shop.shirt_m, 1)
    fill_address(page)
    page.fill("#cart-postal_code", "6270")
    page.click(".cart-submit")
    problem = page.locator("#cart-postal_code-error")
    expect(problem).to_have_text(
        "This postal code does not look like one from United States (example: 60000)"
    )
    expect(page.locator("#cart-postal_code")).to_have_attribute("aria-invalid", "")
    expect(page.locator(".cart-status")).to_have_text("check the address: Postal code")
    assert orders(db) == 0
    # Corrected, the same form goes through and the mark is gone.
    page.fill("#cart-postal_code", "62701")
    page.click(".cart-submit")
    expect(page.locator(".cart-status")).to_have_text("Order placed: $25.00")
    assert orders(db) == 1


# Holds the answer to the cart page's first "GET .../cart" for a second, so an item added
# meanwhile answers first: the order the two arrived in when a loaded CI machine failed.
SLOW_FIRST_CART = """
(() => {
  const original = window.fetch;
  let held = false;
  window.fetch = async (url, init = {}) => {
    const response = await original(url, init);
    const method = (init.method || "GET").toUpperCase();
    if (!held && method === "GET" && /\\/cart\\?/.test(String(url))) {
      held = true;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    return response;
  };
})();
"""


def test_an_item_added_while_the_cart_loads_is_not_painted_over_by_the_late_empty_cart(
    live_server: LiveServer, page: Page, session_factory: sessionmaker[Session]
) -> None:
    shop = make_shop(session_factory)
    page.add_init_script(SLOW_FIRST_CART)
    open_cart(page, live_server, shop.shirt_m, 1)
    page.wait_for_timeout(1500)  # the held empty answer has now arrived
    expect(page.locator(".cart-line")).to_have_count(1)
    expect(page.locator(".cart-total")).to_have_text("Total $25.00")


def test_names_and_addresses_render_as_inert_text_on_the_confirmation_page(
    live_server: LiveServer, page: Page, session_factory: sessionmaker[Session]
) -> None:
    shop = make_shop(session_factory)
    open_cart(page, live_server, shop.shirt_m, 1)
    fill_address(page, name=XSS_NAME, street=XSS_STREET)
    page.click(".cart-submit")
    page.click(".order-link")
    address = page.get_by_test_id("ship-to")
    expect(address).to_contain_text(XSS_NAME)
    expect(address).to_contain_text(XSS_STREET)
    expect(page.locator("h1")).to_have_text(f"Thank you, {XSS_NAME}")
    assert page.locator("address img, address script, main img").count() == 0
    assert page.evaluate("window.__pwned") is None


def test_two_viewers_and_one_last_unit_one_order_and_a_clear_sold_out(
    live_server: LiveServer,
    page: Page,
    browser: Browser,
    session_factory: sessionmaker[Session],
    db: Session,
) -> None:
    shop = make_shop(session_factory)
    other = browser.new_context(locale="en-US").new_page()
    try:
        open_cart(page, live_server, shop.shirt_l, 1)
        open_cart(other, live_server, shop.shirt_l, 1)
        fill_address(page)
        fill_address(other, name="Bo")
        page.click(".cart-submit")
        expect(page.locator(".cart-status")).to_have_text("Order placed: $25.00")
        other.click(".cart-submit")
        alert = other.get_by_role("alert")
        expect(alert).to_have_text("Sold out: Linen Shirt (L). Nothing was ordered.")
        expect(other.locator(".cart-submit")).to_be_enabled()
        assert orders(db) == 1
    finally:
        other.context.close()


def test_the_order_page_fits_a_phone_without_sideways_scroll(
    live_server: LiveServer, browser: Browser, session_factory: sessionmaker[Session]
) -> None:
    """A German buyer's order page at 390 px: the long headers and the bank-transfer
    instructions stay within the screen."""
    shop = make_shop(session_factory)
    context = browser.new_context(locale="de-DE", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    open_cart(page, live_server, shop.shirt_m, 1)
    fill_address(page)
    page.click(".cart-submit")
    page.click(".order-link")
    expect(page.get_by_test_id("payment-reference")).to_be_visible()
    sideways = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert sideways == 0
    instructions = page.locator("pre.instructions").bounding_box()
    assert instructions is not None and instructions["x"] + instructions["width"] <= 390
    context.close()


def test_the_country_list_names_countries_in_the_pages_language(
    live_server: LiveServer, browser: Browser, session_factory: sessionmaker[Session]
) -> None:
    shop = make_shop(session_factory)
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    open_cart(page, live_server, shop.shirt_m, 1)
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator("#cart-country option[value=US]")).to_have_text("Vereinigte Staaten")
    context.close()
