"""A product title a severe claim hides from a market is not written to that market's buyers
anywhere else either: the cart, the order page, the order emails and the review page read the
product's handle instead (crosslive.compliance.titles)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.models import Product
from crosslive.db import transaction
from crosslive.mail.models import OutboxEmail
from crosslive.orders.links import OrderLinks
from crosslive.settings import Settings
from tests.factories import Shop, make_shop
from tests.orders.test_staff_api import SHOW
from tests.returns.follow_up_helpers import delivered_order
from tests.store_fixtures import buyer as buyer

TITLE = "Lamp that cures insomnia"  # a medical claim: banned in every market


@pytest.fixture
def shop(session_factory: sessionmaker[Session], owner: dict[str, str | int]) -> Shop:
    made = make_shop(session_factory)
    with transaction(session_factory) as db:
        lamp = db.scalar(select(Product).where(Product.title == "Lamp"))
        assert lamp is not None
        lamp.title = TITLE
    return made


def test_the_cart_shows_the_handle_for_a_hidden_title(buyer: TestClient, shop: Shop) -> None:
    added = buyer.post(
        f"{SHOW}/cart/items", json={"market": "US", "variant_id": shop.lamp, "quantity": 1}
    )
    assert added.status_code in (200, 201), added.text
    assert [line["product_title"] for line in added.json()["items"]] == ["acme-lamp"]


def test_order_page_emails_and_review_page_never_state_the_hidden_title(
    app_client: TestClient,
    buyer: TestClient,
    db: Session,
    shop: Shop,
    auth_headers: dict[str, str],
    settings: Settings,
) -> None:
    order = delivered_order(app_client, buyer, db, shop, auth_headers, "hidden-title")
    assert TITLE in {line.product_title for line in order.lines}  # the seller's record
    token = OrderLinks.from_settings(settings).token(order)
    for path in (f"/orders/{token}", f"/orders/{token}/reviews"):
        page = buyer.get(path)
        assert page.status_code == 200, path
        assert "cures insomnia" not in page.text and "acme-lamp" in page.text, path
    db.expire_all()
    emails = list(db.scalars(select(OutboxEmail).where(OutboxEmail.to_address == order.email)))
    assert emails
    for email in emails:
        assert "cures insomnia" not in email.text_body + email.html_body, email.subject
    assert any("acme-lamp" in email.text_body for email in emails)
