from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import LiveServer


def test_owner_logs_in_through_the_browser(
    live_server: LiveServer, page: Page, owner: dict[str, str | int]
) -> None:
    page.goto(f"{live_server.url}/admin")
    expect(page).to_have_url(f"{live_server.url}/admin/login?next=/admin")
    page.get_by_label("Email").fill(str(owner["email"]))
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Acme Outfitters")).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
