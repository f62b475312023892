"""An Arabic viewer asks the price of a product with a Latin name: the instant answer under
the question shows the name in its own left-to-right order inside the right-to-left line."""

from __future__ import annotations

from playwright.sync_api import Browser, expect
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.models import Product
from crosslive.db import transaction
from crosslive.shows.models import ShowProduct
from tests.chat.factories import Room
from tests.e2e.conftest import LiveServer

CHARGER = "65 W GaN Charger, 3 Ports"

# Where, left to right on the screen, the answer text node shows the first character of
# "65" and of "W" (the name's first digits and its first word).
_X_OF = """(el, name) => {
  const node = el.firstChild;
  const at = node.data.indexOf(name);
  const x = (i) => {
    const range = document.createRange();
    range.setStart(node, i);
    range.setEnd(node, i + 1);
    return range.getBoundingClientRect().left;
  };
  return { found: at, digits: x(at), word: x(at + name.indexOf("W")) };
}"""


def test_an_arabic_answer_shows_a_latin_product_name_in_its_own_order(
    browser: Browser, live_server: LiveServer, room: Room, session_factory: sessionmaker[Session]
) -> None:
    with transaction(session_factory) as db:
        db.get_one(Product, room.product_id).title = CHARGER
        db.add(ShowProduct(show_id=room.show_id, product_id=room.product_id, position=1))
    context = browser.new_context(locale="ar", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(20_000)  # the first answer loads the embedding model
    try:
        page.goto(f"{live_server.url}/live/{room.slug}?country=DE&lang=ar")
        page.fill("#viewer-name", "Layla")
        page.click(".join-step button[type=submit]")
        expect(page.locator("#message")).to_be_visible()
        page.locator("[name=question]").check()
        page.fill("#message", "كم سعر هذا؟")  # the show's only product
        page.press("#message", "Enter")
        answer = page.locator(".chat-feed .msg.question .auto-answer")
        expect(answer).to_contain_text(CHARGER)
        expect(answer).to_have_attribute("dir", "rtl")
        assert answer.inner_text().startswith("سعر")
        where = answer.evaluate(_X_OF, CHARGER)
        assert where["found"] > 0
        # In its own order "65" stands left of "W"; reordered by the Arabic around it
        # (the bare name), the line read "W GaN Charger, 3 Ports 65".
        assert where["digits"] < where["word"]
    finally:
        context.close()
