"""The admin's top bar at common laptop widths: an owner's full menu, their name, the log-out
button and the language switcher all fit, wrapping onto a second line rather than pushing the
page sideways or breaking a link's words apart."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth.models import Role
from crosslive.catalog.models import Variant
from crosslive.db import transaction
from tests.conftest import PASSWORD
from tests.e2e.conftest import LiveServer
from tests.e2e.flows import log_in
from tests.e2e.test_checkout import fill_address, open_cart
from tests.factories import add_staff, make_shop


@pytest.mark.parametrize("width", [1024, 1280])
def test_the_owners_top_bar_fits_without_sideways_scroll(
    browser: Browser, live_server: LiveServer, owner: dict[str, str | int], width: int
) -> None:
    context = browser.new_context(locale="en-US", viewport={"width": width, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/admin/products")
    log_in(page, str(owner["email"]), PASSWORD)
    page.wait_for_url("**/admin/products")
    sideways = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert sideways == 0
    switch = page.locator(".topbar .admin-language button").bounding_box()
    assert switch is not None and switch["x"] + switch["width"] <= width
    # Two-word items stay on one line: each is as tall as a one-word one.
    heights = page.evaluate(
        "[...document.querySelectorAll('.topbar nav a')].map(a => a.getBoundingClientRect().height)"
    )
    assert len(heights) == 11 and max(heights) == min(heights)
    context.close()


def test_an_orders_date_keeps_one_line_beside_its_long_public_id(
    browser: Browser, live_server: LiveServer, session_factory: sessionmaker[Session]
) -> None:
    shop = make_shop(session_factory)
    email = add_staff(session_factory, shop.seller_id, "owner@shop.test", Role.OWNER)
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    open_cart(page, live_server, shop.shirt_m, 1)
    fill_address(page)
    page.click(".cart-submit")
    expect(page.locator(".order-link")).to_be_visible()
    page.goto(f"{live_server.url}/admin/orders")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/admin/login'] button[type=submit]")
    page.wait_for_url("**/admin/orders")
    placed = page.locator("tbody tr td").nth(1)
    box = placed.evaluate(
        "el => { const r = document.createRange(); r.selectNodeContents(el);"
        " return r.getClientRects().length; }"
    )
    assert box == 1  # one line box: the date did not wrap
    context.close()


# The variant rows' SKU fields whose text is cut, and the "Remove" buttons on more than a line.
CUT = """() => [
  [...document.querySelectorAll("input[name=variant_sku]")]
    .filter((i) => i.scrollWidth > i.clientWidth).map((i) => i.value),
  [...document.querySelectorAll("button[data-remove-row]")]
    .filter((b) => { const r = document.createRange(); r.selectNodeContents(b);
                     return r.getClientRects().length > 1; }).map((b) => b.textContent),
]"""


def test_a_products_variant_rows_show_whole_skus_and_one_line_remove_buttons(
    browser: Browser, live_server: LiveServer, session_factory: sessionmaker[Session]
) -> None:
    """In Chinese at 1280 px, a demo-length SKU (QL-TEE-WHT-XS) is read whole in its field and
    移除 is not broken into one character per line."""
    shop = make_shop(session_factory)
    email = add_staff(session_factory, shop.seller_id, "owner@shop.test", Role.OWNER)
    with transaction(session_factory) as db:
        variant = db.get(Variant, shop.shirt_m)
        assert variant is not None
        variant.sku = "QL-TEE-WHT-XS"
        product_id = variant.product_id
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/admin/products/{product_id}/edit")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/admin/login'] button[type=submit]")
    page.wait_for_url(f"**/admin/products/{product_id}/edit")
    expect(page.locator("input[name=variant_sku]").first).to_be_visible()
    assert page.evaluate(CUT) == [[], []]
    context.close()


def test_the_admins_lists_fit_a_phone_with_their_tables_scrolling_in_their_box(
    browser: Browser, live_server: LiveServer, session_factory: sessionmaker[Session]
) -> None:
    """At 390 px the shows and products lists do not scroll sideways: each table does; nor do
    a product's form (its fieldsets shrink to the screen) or the insights' report tabs."""
    shop = make_shop(session_factory)
    email = add_staff(session_factory, shop.seller_id, "owner@shop.test", Role.OWNER)
    context = browser.new_context(locale="es-ES", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/admin/shows")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/admin/login'] button[type=submit]")
    page.wait_for_url("**/admin/shows")
    for path in ("/admin/shows", "/admin/products"):
        page.goto(f"{live_server.url}{path}")
        table = page.locator("main table").first
        expect(table).to_be_visible()
        assert table.evaluate("t => t.scrollWidth > t.clientWidth"), path  # wider, and ...
        sideways = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert sideways == 0, path  # ... scrolling in its own box
    with transaction(session_factory) as db:
        variant = db.get(Variant, shop.shirt_m)
        assert variant is not None
        product_id = variant.product_id
    for path in (f"/admin/products/{product_id}/edit", "/admin/insights"):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("main h1")).to_be_visible()
        sideways = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert sideways == 0, path
    context.close()
