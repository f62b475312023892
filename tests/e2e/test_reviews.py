"""A buyer reviews their delivered order in a real browser, through the order link's review
form, and the review appears in the product sheet a viewer has open in the live room, without
a reload, with the count, the distribution and how reviews are verified."""

from __future__ import annotations

from fastapi.testclient import TestClient
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from crosslive.catalog.models import Variant
from tests.e2e.conftest import LiveServer
from tests.factories import Shop
from tests.returns.follow_up_helpers import Buying
from tests.returns.follow_up_helpers import buying as buying
from tests.store_fixtures import buyer as buyer
from tests.store_fixtures import shop as shop


def test_a_buyer_reviews_a_delivered_order_and_the_sheet_shows_it(
    page: Page,
    live_server: LiveServer,
    app_client: TestClient,
    buying: Buying,
    shop: Shop,
    auth_headers: dict[str, str],
    db: Session,
) -> None:
    bought = buying.delivered("review-e2e")
    shirt = bought.shirt
    variant = db.get(Variant, shirt.variant_id)
    assert variant is not None
    product_id = variant.product_id
    pinned = app_client.post(
        f"/api/v1/host/{shop.show_slug}/pins", json={"product_id": product_id}, headers=auth_headers
    )
    assert pinned.status_code == 201, pinned.text

    # A viewer has the shirt's sheet open in the live room before the review exists.
    page.goto(f"{live_server.url}/live/{shop.show_slug}?country=US")
    card = page.locator(f'.pin[data-product="{product_id}"]')
    card.locator(".pin-open").click()
    reviews = card.get_by_test_id("reviews")
    expect(reviews).to_have_attribute("data-count", "0")

    buyer_page = page.context.new_page()
    buyer_page.goto(f"{live_server.url}/orders/{bought.token}")
    buyer_page.get_by_test_id("review-link").click()
    form = buyer_page.locator(f'[data-testid="review-line"][data-line="{shirt.id}"] form')
    form.get_by_label("2 out of 5 stars").check()
    form.get_by_label("Title (optional)").fill("Runs <small>")
    form.get_by_label("Your review (optional)").fill("The linen is lovely but size M is tight.")
    form.get_by_role("button", name="Publish my review").click()
    expect(buyer_page.get_by_test_id("review-thanks")).to_be_visible()
    expect(buyer_page.get_by_test_id("review-given")).to_have_attribute("data-rating", "2")
    buyer_page.close()

    # The open sheet shows it without a reload (the show's event log: review_posted).
    expect(card.locator("dialog")).to_be_visible()
    expect(reviews).to_be_visible()
    expect(reviews).to_have_attribute("data-count", "1")
    expect(reviews.get_by_test_id("rating-count")).to_have_text("1 verified reviews")
    expect(reviews.locator('li[data-stars="2"]')).to_have_attribute("data-count", "1")
    review = reviews.get_by_test_id("review")
    expect(review).to_have_attribute("data-rating", "2")
    expect(review.locator(".review-title")).to_have_text("Runs <small>")
    expect(review.locator(".review-body")).to_have_text("The linen is lovely but size M is tight.")
    expect(reviews.get_by_test_id("how-verified")).to_contain_text("Only buyers can review")
