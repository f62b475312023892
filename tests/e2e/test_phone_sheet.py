"""A product's sheet in the live room on a phone (390 px), in Spanish: the size advisor's fit
choice reads as three radios each beside its word, and the variant list shows the variant's
whole name and price, the add-to-cart button going under it rather than squeezing it."""

from __future__ import annotations

from playwright.sync_api import Browser, expect
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.models import Product, Variant
from crosslive.db import transaction
from crosslive.live import service as live_service
from crosslive.shows.models import Show, ShowState
from tests.chat.factories import Room
from tests.e2e.conftest import LiveServer

PHONE = {"width": 390, "height": 844}

# Per fit choice: its word, and how far the radio's middle sits from the word's middle (px)
# and from the word's start (negative: the radio ends before the word begins).
RADIOS = """() => [...document.querySelectorAll("dialog.sheet[open] fieldset.fit-row label")]
  .map((label) => {
    const radio = label.querySelector("input").getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(label);
    range.setStartAfter(label.querySelector("input"));
    const word = range.getBoundingClientRect();
    const middle = (r) => r.top + r.height / 2;
    return [label.textContent.trim(), Math.round(Math.abs(middle(radio) - middle(word))),
            Math.round(radio.right - word.left)];
  })"""

# The chosen variant's text, its width as the list draws it, and the room the list gives it
# (its inner width less the drop-down arrow).
VARIANT_TEXT = """() => {
  const list = document.querySelector("dialog.sheet[open] .buy select");
  const style = getComputedStyle(list);
  const pen = document.createElement("canvas").getContext("2d");
  pen.font = style.font;
  const text = list.selectedOptions[0].text;
  const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
  const room = list.clientWidth - padding - 20;
  return [text, Math.ceil(pen.measureText(text).width), Math.floor(room)];
}"""


def test_the_sheet_on_a_phone_keeps_the_fit_choice_and_the_variant_readable(
    live_server: LiveServer, browser: Browser, room: Room, session_factory: sessionmaker[Session]
) -> None:
    with transaction(session_factory) as db:
        db.execute(update(Show).where(Show.id == room.show_id).values(state=ShowState.LIVE))
        db.execute(
            update(Product)
            .where(Product.id == room.product_id)
            .values(option_names=["Colour", "Size"])
        )
        db.execute(  # a colour's name as long as stores write them
            update(Variant)
            .where(Variant.product_id == room.product_id)
            .values(option2=Variant.option1, option1="Washed Stone")
        )
        show = db.get(Show, room.show_id)
        assert show is not None
        live_service.pin(db, show, room.product_id)
    context = browser.new_context(locale="es-ES", viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(f"{live_server.url}/live/{room.slug}?store=acme&country=DE")
        page.locator(".pin-open").click()
        sheet = page.locator("dialog.sheet[open]")
        expect(sheet.locator("fieldset.fit-row legend")).to_have_text("Me gusta")
        radios = page.evaluate(RADIOS)
        assert [word for word, _, _ in radios] == ["ajustado", "normal", "holgado"]
        for word, off_middle, past_start in radios:
            assert off_middle <= 4, word  # on the word's line ...
            assert past_start <= 0, word  # ... and before it
        text, needs, has = page.evaluate(VARIANT_TEXT)
        # The size also in the viewer's system (the market's EU sizes), after the seller's label.
        assert text == "Washed Stone / S (EU 36-38) · 45,00\u00a0€"
        assert needs <= has, (needs, has)
        button = sheet.locator(".add-to-cart").bounding_box()
        assert button is not None and button["x"] + button["width"] <= PHONE["width"]
        assert page.evaluate("document.documentElement.scrollWidth - innerWidth") == 0
    finally:
        context.close()
