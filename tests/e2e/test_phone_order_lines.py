"""The buyer's order page on a phone (390 px wide): each line's "Start a return" link is on
the screen, not past the edge of the lines' scroll box, so it is reached without scrolling
sideways."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.models import Variant
from crosslive.db import transaction
from crosslive.orders.links import OrderLinks
from crosslive.settings import Settings
from tests.e2e.conftest import LiveServer
from tests.e2e.test_phone_layout import PAST_THE_EDGE, PHONE, _sideways
from tests.e2e.test_phone_layout import phone as phone
from tests.factories import Shop, make_shop
from tests.returns.return_helpers import delivered_order, set_us_market, token


def test_the_start_a_return_link_is_on_a_phones_screen(
    phone: Page, live_server: LiveServer, settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    shop: Shop = make_shop(session_factory)
    set_us_market(session_factory)
    with transaction(session_factory) as db:
        variant = db.scalars(select(Variant).where(Variant.id == shop.shirt_m)).one()
        variant.product.title = "Stonewashed Linen Shirt with Mother-of-Pearl Buttons"
    order = delivered_order(session_factory, shop, shop.shirt_m)
    phone.goto(
        f"{live_server.url}/orders/{token(OrderLinks.from_settings(settings), order.public_id)}"
    )
    link = phone.get_by_test_id("start-return")
    expect(link).to_be_visible()
    box = link.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    # Nothing of the lines is past the edge, and no box or page scrolls sideways.
    assert phone.evaluate(PAST_THE_EDGE.replace("body *", ".order-lines *")) == []
    assert phone.locator(".table-scroll").evaluate("el => el.scrollWidth - el.clientWidth") == 0
    assert _sideways(phone) == 0
    link.click()
    phone.wait_for_url("**/return?line=*")
