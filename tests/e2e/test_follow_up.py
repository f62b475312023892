"""The follow-up's answer link in a real browser: opening it is the one click (the page's
module sends the answer), and the thanks page offers the exchange."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.orders.links import OrderLinks
from crosslive.returns.followup_models import Answer, FollowUpAnswer
from crosslive.settings import Settings
from tests.e2e.conftest import LiveServer
from tests.factories import Shop, make_shop
from tests.returns.follow_up_helpers import Buying, links_of, make_shirt_apparel
from tests.returns.follow_up_helpers import buying as buying
from tests.store_fixtures import buyer as buyer


@pytest.fixture
def shop(session_factory: sessionmaker[Session], owner: dict[str, str | int]) -> Shop:
    shop = make_shop(session_factory)
    make_shirt_apparel(session_factory)
    return shop


def test_opening_the_emails_link_records_the_answer_and_offers_the_exchange(
    page: Page,
    live_server: LiveServer,
    buying: Buying,
    db: Session,
    settings: Settings,
) -> None:
    bought = buying.delivered("follow-e2e-1")
    order, shirt = bought.order, bought.shirt
    page.goto(live_server.url + links_of(settings).path(order, shirt.id, Answer.TOO_LARGE))
    expect(page.get_by_test_id("follow-up-thanks")).to_be_visible()
    href = page.get_by_test_id("exchange-link").get_attribute("href") or ""
    token, _, rest = href.removeprefix("/orders/").partition("/")
    assert OrderLinks.from_settings(settings).public_id(token) == order.public_id
    assert rest == f"return?line={shirt.id}&reason=too_large"
    db.expire_all()
    rows = db.execute(select(FollowUpAnswer.order_line_id, FollowUpAnswer.answer)).all()
    assert [tuple(r) for r in rows] == [(shirt.id, Answer.TOO_LARGE)]
