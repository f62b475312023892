"""Checkboxes and radios on the pages that share the admin's style sheet (the admin, and the
buyer's review and order pages) sit before their words on the same line: the sheet lays a
label out as a grid of rows, which put the box alone on a row above its words."""

from __future__ import annotations

from playwright.sync_api import Browser, Page
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth.models import Role
from crosslive.orders.links import OrderLinks
from crosslive.settings import Settings
from tests.conftest import PASSWORD
from tests.e2e.conftest import LiveServer
from tests.e2e.flows import log_in
from tests.factories import add_staff, make_shop
from tests.returns.return_helpers import delivered_order, token

# Per label holding a checkbox or a radio: its words, how far the box's middle sits from the
# words' middle, and how far the box reaches past the words' start (px; <= 0: before them).
BOXES = """() => [...document.querySelectorAll("label")]
  .filter((label) => label.querySelector(":scope > input:is([type=checkbox], [type=radio])"))
  .map((label) => {
    const box = label.querySelector(":scope > input");
    const b = box.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(label);
    range.setStartAfter(box);
    const words = range.getClientRects()[0];
    const middle = (r) => r.top + r.height / 2;
    return [label.textContent.trim(), Math.round(Math.abs(middle(b) - middle(words))),
            Math.round(b.right - words.left)];
  })"""


def _each_box_before_its_words(page: Page) -> list[str]:
    boxes = page.evaluate(BOXES)
    for words, off_middle, past_start in boxes:
        assert off_middle <= 4, (words, off_middle)
        assert past_start <= 0, (words, past_start)
    return [words for words, _, _ in boxes]


def test_the_buyers_review_form_puts_each_star_and_the_checkbox_beside_its_words(
    browser: Browser,
    live_server: LiveServer,
    settings: Settings,
    session_factory: sessionmaker[Session],
) -> None:
    shop = make_shop(session_factory)
    order = delivered_order(session_factory, shop, shop.shirt_m)
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    key = token(OrderLinks.from_settings(settings), order.public_id)
    page.goto(f"{live_server.url}/orders/{key}/reviews")
    words = _each_box_before_its_words(page)
    assert words[:5] == [f"{n} out of 5 stars" for n in (5, 4, 3, 2, 1)]
    assert "I was given something for writing this review" in words
    context.close()


def test_the_staff_list_puts_the_paid_checkbox_beside_its_words(
    browser: Browser,
    live_server: LiveServer,
    owner: dict[str, str | int],
    session_factory: sessionmaker[Session],
) -> None:
    add_staff(session_factory, int(owner["seller_id"]), "hana@acme.test", Role.HOST)
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/admin/staff")
    log_in(page, str(owner["email"]), PASSWORD)
    page.wait_for_url("**/admin/staff")
    assert "disclosed to viewers as paid" in _each_box_before_its_words(page)
    context.close()
