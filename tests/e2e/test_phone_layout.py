"""A viewer's pages on a phone (390 px wide): nothing is wider than the screen, so the page
never scrolls sideways. A wide size chart scrolls inside its own box; a long item name in
the return form's list is cut inside the list, not past the screen's edge. In the live room
the ad labels of a sponsored show never cover the button that turns the sound on; on a phone
about 320 px wide the market and language pickers get a row of their own, each whole. On the
order page the buyer's fit answers stand apart, never touching."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations, pairwise

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth.models import Seller, StaffUser
from crosslive.catalog.models import Product, Variant
from crosslive.db import transaction
from crosslive.orders.links import OrderLinks
from crosslive.settings import Settings
from crosslive.shows.models import Show
from tests.chat.factories import Room
from tests.e2e.conftest import LiveServer
from tests.e2e.test_phone_picture import SETTLED, _overlap
from tests.e2e.test_phone_picture import sponsored as sponsored
from tests.factories import Shop, make_shop
from tests.returns.return_helpers import delivered_order, set_us_market, token

PHONE = {"width": 390, "height": 844}

# Elements reaching past the right edge of the screen, as (tag, right edge in px).
PAST_THE_EDGE = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll("body *")]
    .map((el) => [el.tagName, Math.round(el.getBoundingClientRect().right)])
    .filter(([, right]) => right > width);
}"""

# The sound button shown (as the player shows it while a live picture plays muted), and the
# ad labels its box overlaps: none, wherever the labels' text wraps.
UNDER_A_LABEL = """() => {
  const button = document.querySelector(".sound-on");
  button.hidden = false;
  const b = button.getBoundingClientRect();
  if (!b.width || !b.height) return ["not shown"];
  return [...document.querySelectorAll(".ad-label")].filter((label) => {
    const l = label.getBoundingClientRect();
    return b.left < l.right && l.left < b.right && b.top < l.bottom && l.top < b.bottom;
  }).map((label) => label.textContent);
}"""


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="fr-FR", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def _sideways(page: Page) -> int:
    """How far the page scrolls sideways (0 when it fits the screen)."""
    return int(page.evaluate("document.documentElement.scrollWidth - innerWidth"))


def test_a_wide_size_chart_scrolls_in_its_box_not_the_page(
    phone: Page, live_server: LiveServer, room: Room, session_factory: sessionmaker[Session]
) -> None:
    with transaction(session_factory) as db:
        product = db.get(Product, room.product_id)
        assert product is not None
        cm = {"chest": 96.0, "length": 68.0, "shoulder": 46.0, "sleeve": 20.0, "hem": 98.0}
        for row in product.size_chart:
            row.measurements_cm = cm
    phone.goto(f"{live_server.url}/s/acme/products/linen-shirt?country=FR")
    chart = phone.locator(".size-chart table")
    expect(chart.locator("tbody tr")).to_have_count(2)
    box = phone.locator(".size-chart .table-scroll")
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")  # the chart is wider ...
    assert _sideways(phone) == 0  # ... and scrolls inside its box
    assert phone.evaluate(PAST_THE_EDGE.replace("body *", ".size-chart")) == []


def test_the_return_form_fits_a_phone_with_a_long_item_name(
    phone: Page,
    live_server: LiveServer,
    settings: Settings,
    session_factory: sessionmaker[Session],
    owner: dict[str, str | int],
) -> None:
    shop: Shop = make_shop(session_factory)
    set_us_market(session_factory)
    with transaction(session_factory) as db:
        variant = db.scalars(select(Variant).where(Variant.id == shop.shirt_m)).one()
        variant.product.title = "Stonewashed Linen Shirt with Mother-of-Pearl Buttons"
    order = delivered_order(session_factory, shop, shop.shirt_m)
    key = token(OrderLinks.from_settings(settings), order.public_id)
    phone.goto(f"{live_server.url}/orders/{key}/return")
    item = phone.locator("select[name=line]")
    expect(item).to_contain_text("Mother-of-Pearl Buttons")
    assert item.evaluate("el => el.getBoundingClientRect().right") <= PHONE["width"]
    assert _sideways(phone) == 0
    assert phone.evaluate(PAST_THE_EDGE) == []


# The buyer's fit answer buttons as (text, left, top, right, bottom) in px.
ANSWERS = """() => [...document.querySelectorAll(".follow-up .answers button")].map((b) => {
  const r = b.getBoundingClientRect();
  return [b.textContent, r.left, r.top, r.right, r.bottom];
})"""


def test_the_fit_answers_on_the_order_page_stand_apart_on_a_phone(
    phone: Page, live_server: LiveServer, settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    shop: Shop = make_shop(session_factory)
    set_us_market(session_factory)
    order = delivered_order(session_factory, shop, shop.shirt_m)
    phone.goto(
        f"{live_server.url}/orders/{token(OrderLinks.from_settings(settings), order.public_id)}"
    )
    answers = phone.evaluate(ANSWERS)
    assert len(answers) >= 2
    for (one, *a), (other, *b) in pairwise(answers):
        apart = max(b[0] - a[2], b[1] - a[3], a[0] - b[2])  # beside, under or before it
        assert apart >= 6, (one, other, apart)
        assert max(a[2], b[2]) <= PHONE["width"]
    assert _sideways(phone) == 0


def test_the_sound_button_is_never_under_an_ad_label(
    phone: Page, live_server: LiveServer, room: Room, session_factory: sessionmaker[Session]
) -> None:
    with transaction(session_factory) as db:
        show = db.get(Show, room.show_id)
        assert show is not None
        show.sponsored = True  # the ad label
        db.execute(  # and a paid host's disclosure under it, long enough to wrap on a phone
            update(StaffUser)
            .where(StaffUser.email == room.host_email)
            .values(paid_by_brand=True, name="Maximiliane Alexandra Rosenberg-Vasconcelos")
        )
    phone.goto(f"{live_server.url}/live/{room.slug}?store=acme&country=FR")
    expect(phone.locator(".ad-label")).to_have_count(2)
    assert phone.evaluate(UNDER_A_LABEL) == []
    phone.set_viewport_size({"width": 1280, "height": 800})  # a laptop
    assert phone.evaluate(UNDER_A_LABEL) == []


# The header's parts, as (class, left, right, width) in px.
HEADER = """() => [".host-chip", ".badge", "#country", "#lang"].map((s) => {
  const r = document.querySelector(`.room-top ${s}`).getBoundingClientRect();
  return [s, r.left, r.right, r.width];
})"""


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_host_name_stays_readable_beside_the_pickers(
    phone: Page,
    live_server: LiveServer,
    room: Room,
    session_factory: sessionmaker[Session],
    lang: str,
) -> None:
    with transaction(session_factory) as db:
        seller = db.get(Seller, room.seller_id)
        assert seller is not None
        seller.name = "Qinglan Studio Hangzhou Outlet"
    phone.goto(f"{live_server.url}/live/{room.slug}?store=acme&country=FR&lang={lang}")
    name = phone.locator(".host-text strong")
    expect(name).to_have_text("Qinglan Studio Hangzhou Outlet")
    width, whole = name.evaluate("el => [el.clientWidth, el.scrollWidth]")
    assert width >= 64  # the name's start is read (not squeezed down to the avatar) ...
    assert whole > width  # ... and the rest cut where its own direction ends, with an ellipsis
    assert name.evaluate("el => getComputedStyle(el).textOverflow") == "ellipsis"
    assert name.evaluate("el => getComputedStyle(el).direction") == "ltr"
    parts = phone.evaluate(HEADER)
    for part, left, right, part_width in parts:  # every part on the screen, the pickers usable
        assert left >= 0 and right <= PHONE["width"], part
        assert part_width >= 44, part
    edges = sorted((left, right) for _, left, right, _ in parts)
    for (_, right), (left, _) in pairwise(edges):
        assert right <= left  # side by side, none over another
    assert _sideways(phone) == 0


# The header's parts on a narrow phone, and each picker's width beside the width it takes
# standing alone (as wide as its longest choice): a picker narrower than that cuts its text.
NARROW_HEADER = """() => {
  const boxes = {};
  for (const s of [".host-chip", ".badge", "#country", "#lang", ".top-notes"]) {
    const r = document.querySelector(s).getBoundingClientRect();
    boxes[s] = {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
  }
  const whole = {};
  for (const s of [".market-pick", ".language-pick"]) {
    const alone = document.querySelector(s).cloneNode(true);
    alone.style.cssText = "position: absolute; top: 0; left: 0; width: max-content";
    document.body.append(alone);
    whole[s] = alone.querySelector("select").getBoundingClientRect().width;
    alone.remove();
  }
  return {boxes, whole};
}"""


@pytest.fixture(params=["en", "ja", "ar"])
def narrow(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    """A phone 320 px wide, in LANG."""
    locale = {"en": "en-US", "ja": "ja-JP", "ar": "ar"}[request.param]
    viewport = {"width": 320, "height": 568}
    context = browser.new_context(locale=locale, viewport=viewport, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_the_pickers_are_whole_on_a_320_px_phone(
    narrow: Page, live_server: LiveServer, sponsored: Room
) -> None:
    page = narrow
    lang = page.evaluate("navigator.language").split("-")[0]
    page.goto(f"{live_server.url}/live/{sponsored.slug}?store=acme&country=FR&lang={lang}")
    expect(page.locator(".ad-label")).to_have_count(2)
    page.evaluate("document.querySelector('.sound-on').hidden = false")
    page.evaluate(SETTLED)
    header = page.evaluate(NARROW_HEADER)
    boxes = header["boxes"]
    for name in (".host-chip", ".badge", "#country", "#lang"):
        assert boxes[name]["left"] >= 0 and boxes[name]["right"] <= 320, name
    width = {s: boxes[s]["right"] - boxes[s]["left"] for s in ("#country", "#lang")}
    assert width["#country"] >= header["whole"][".market-pick"] - 0.5  # nothing cut
    assert width["#lang"] >= header["whole"][".language-pick"] - 0.5
    assert boxes[".host-chip"]["right"] - boxes[".host-chip"]["left"] >= 128  # the name read
    for first, second in combinations(boxes, 2):  # none over another, nor the labels
        assert not _overlap(boxes[first], boxes[second]), (first, second)
    assert _sideways(page) == 0
    page.select_option("#lang", "de")  # and the picker works
    page.wait_for_url("**lang=de**")
    expect(page.locator("html")).to_have_attribute("lang", "de")
