"""The viewer's language in Chromium: a German browser gets the room and the cart (cart.js
reads its words from the page) in German; the switcher turns the page Arabic, right to left,
and the choice sticks; a German buyer's confirmation email is German, prices included."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.mail.models import OutboxEmail
from tests.e2e.conftest import LiveServer, policy_violations
from tests.e2e.test_checkout import fill_address
from tests.factories import make_shop


@pytest.fixture
def german(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin")
    page = context.new_page()
    page.set_default_timeout(10_000)
    refused = policy_violations(page)
    yield page
    context.close()
    assert refused == []


def test_a_german_viewer_reads_the_room_and_cart_in_german_and_can_switch_to_arabic(
    live_server: LiveServer, german: Page, session_factory: sessionmaker[Session]
) -> None:
    shop = make_shop(session_factory)
    german.goto(f"{live_server.url}/shows/spring-drop/cart?market=US")
    german.wait_for_function("() => window.crossliveCart !== undefined")
    german.evaluate("(id) => window.crossliveCart.addToCart(id, 2)", shop.shirt_m)
    expect(german.locator("#cart h2")).to_have_text("Ihr Warenkorb")
    # The total as German writes dollars (Intl.NumberFormat in the page's language).
    expect(german.locator(".cart-total")).to_have_text(re.compile(r"^Gesamt 50,00\s\$$"))
    expect(german.locator(".cart-submit")).to_have_text("Bestellung aufgeben")
    expect(german.locator("label[for=cart-city] span:not(.cart-field-error)")).to_have_text("Stadt")

    german.goto(f"{live_server.url}/live/spring-drop?country=US")
    expect(german.locator("html")).to_have_attribute("lang", "de")
    expect(german.locator("[data-video-title]")).to_have_text("Die Show beginnt bald")
    # The start time, formatted by the browser in German and in the viewer's own zone.
    expect(german.locator("time.starts-at")).not_to_contain_text("UTC")

    german.select_option("#lang", "ar")
    german.wait_for_url("**lang=ar**")
    expect(german.locator("html")).to_have_attribute("dir", "rtl")
    expect(german.locator("[data-video-title]")).to_have_text("يبدأ البث قريبًا")
    german.goto(f"{live_server.url}/live/spring-drop?country=US")
    expect(german.locator("html")).to_have_attribute("lang", "ar")
    # Right to left without breaking: nothing spills sideways, the composer stays on screen.
    layout = german.evaluate(
        """() => {
          const box = document.querySelector('.composer').getBoundingClientRect();
          const root = document.documentElement;
          return [root.scrollWidth <= root.clientWidth, box.left >= 0,
                  box.right <= root.clientWidth, box.width > 0];
        }"""
    )
    assert layout == [True, True, True, True]


def test_a_german_buyers_confirmation_email_is_german_with_german_prices(
    live_server: LiveServer, german: Page, session_factory: sessionmaker[Session], db: Session
) -> None:
    shop = make_shop(session_factory)
    german.goto(f"{live_server.url}/shows/spring-drop/cart?market=US")
    german.wait_for_function("() => window.crossliveCart !== undefined")
    german.evaluate("(id) => window.crossliveCart.addToCart(id, 2)", shop.shirt_m)
    expect(german.locator(".cart-line")).to_have_count(1)
    fill_address(german)
    german.click(".cart-submit")
    expect(german.locator(".cart-status")).to_have_text(re.compile(r"50,00\s\$"))
    db.expire_all()
    [email] = db.scalars(select(OutboxEmail).where(OutboxEmail.to_address == "ana@example.com"))
    assert email.subject.startswith("Acme Outfitters: Ihre Bestellung")
    assert "Vielen Dank für Ihre Bestellung bei Acme Outfitters, Ana Buyer." in email.text_body
    # The price as German writes dollars, in the text and the HTML part alike.
    assert re.search(r"Gesamt: 50,00\s\$", email.text_body), email.text_body
    assert re.search(r"50,00\s\$", email.html_body)
    assert "$50.00" not in email.text_body
    assert "Shipping to:" not in email.text_body and "Lieferung an:" in email.text_body
