from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy.orm import Session, sessionmaker

from crosslive.shows import service
from tests.conftest import PASSWORD
from tests.e2e.conftest import LiveServer
from tests.factories import Store, store_for


@pytest.fixture
def acme(session_factory: sessionmaker[Session], owner: dict[str, str | int]) -> Store:
    return store_for(session_factory, int(owner["seller_id"]), "acme")


@pytest.fixture
def tokyo_page(browser: Browser) -> Iterator[Page]:
    """A browser in Tokyo (UTC+9), so the typed local time must be converted to UTC."""
    context = browser.new_context(locale="en-US", timezone_id="Asia/Tokyo")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_owner_plans_a_show_with_two_products_and_sees_it_listed(
    live_server: LiveServer,
    tokyo_page: Page,
    acme: Store,
    session_factory: sessionmaker[Session],
) -> None:
    page = tokyo_page
    page.goto(f"{live_server.url}/admin/login?next=/admin/shows/new")
    page.get_by_label("Email").fill("owner@acme.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.get_by_label("Title").fill("Linen week")
    expect(page.locator("[data-timezone]")).to_have_text("Asia/Tokyo")
    page.get_by_label("Starts").fill("2030-05-01T21:00")
    page.get_by_label("Duration (minutes)").fill("45")
    page.get_by_label("Japan JP").check()  # the market's name, then its code
    page.get_by_label("Lead host").select_option(label="Hana Host (host)")
    picker = page.get_by_label("Product to add")
    for title in ("acme Wool Coat", "acme Silk Scarf", "acme Linen Shirt"):
        picker.select_option(label=title)
        page.get_by_role("button", name="Add to line-up").click()
    # What is in the line-up is no longer offered; a removed product is offered again.
    expect(picker.locator("option")).to_have_count(0)
    page.get_by_role("button", name="Remove acme Silk Scarf").click()
    expect(picker.locator("option")).to_have_text(["acme Silk Scarf"])
    page.get_by_role("button", name="Move acme Linen Shirt up").click()
    expect(page.locator("#lineup .lineup-title")).to_have_text(
        ["acme Linen Shirt", "acme Wool Coat"]
    )
    page.get_by_role("button", name="Create show").click()

    expect(page.get_by_role("status")).to_have_text("Show created.")
    row = page.get_by_role("row").filter(has_text="Linen week")
    expect(row.get_by_role("link", name="Linen week")).to_be_visible()
    expect(row.locator(".badge.state-scheduled")).to_have_text("scheduled")
    expect(row).to_contain_text("2 products")
    expect(row).to_contain_text("Hana Host")
    expect(row.locator("time")).to_contain_text("9:00")  # shown back in Tokyo time

    with session_factory() as db:
        [show] = service.list_shows(db, acme.seller_id)
        assert show.scheduled_at == datetime(2030, 5, 1, 12, 0, tzinfo=UTC)
        assert (show.duration_minutes, show.market_codes) == (45, ["JP"])
        linen, _, coat = acme.product_ids
        assert [i.product_id for i in show.lineup] == [linen, coat]
