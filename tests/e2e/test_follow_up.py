"""The follow-up's answer link in a real browser: opening it is the one click (the page's
module sends the answer), and the thanks page offers the exchange."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.orders.links import OrderLinks
from crosslive.returns.followup_models import Answer, FollowUpAnswer
from crosslive.settings import Settings
from tests.conftest import keeps_viewer_identity
from tests.e2e.conftest import LiveServer
from tests.factories import Shop, make_shop
from tests.returns.follow_up_helpers import delivered_order, lines, links_of, make_shirt_apparel


@pytest.fixture
def shop(session_factory: sessionmaker[Session], owner: dict[str, str | int]) -> Shop:
    shop = make_shop(session_factory)
    make_shirt_apparel(session_factory)
    return shop


@pytest.fixture
def buyer(app_client: TestClient) -> Iterator[TestClient]:
    client = keeps_viewer_identity(TestClient(app_client.app))
    yield client
    client.close()


def test_opening_the_emails_link_records_the_answer_and_offers_the_exchange(
    page: Page,
    live_server: LiveServer,
    app_client: TestClient,
    buyer: TestClient,
    shop: Shop,
    auth_headers: dict[str, str],
    db: Session,
    settings: Settings,
) -> None:
    order = delivered_order(app_client, buyer, db, shop, auth_headers, "follow-e2e-1")
    shirt, _ = lines(db, order)
    page.goto(live_server.url + links_of(settings).path(order, shirt.id, Answer.TOO_LARGE))
    expect(page.get_by_test_id("follow-up-thanks")).to_be_visible()
    href = page.get_by_test_id("exchange-link").get_attribute("href") or ""
    token, _, rest = href.removeprefix("/orders/").partition("/")
    assert OrderLinks.from_settings(settings).public_id(token) == order.public_id
    assert rest == f"return?line={shirt.id}&reason=too_large"
    db.expire_all()
    rows = db.execute(select(FollowUpAnswer.order_line_id, FollowUpAnswer.answer)).all()
    assert [tuple(r) for r in rows] == [(shirt.id, Answer.TOO_LARGE)]
