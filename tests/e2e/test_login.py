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


def test_owner_changes_the_password_then_signs_out_everywhere(
    live_server: LiveServer, page: Page, owner: dict[str, str | int]
) -> None:
    new = "a brand new secret"
    page.goto(f"{live_server.url}/admin/login")
    page.get_by_label("Email").fill(str(owner["email"]))
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Sign out my other sessions").check()
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Olive · owner").click()
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password (at least 10 characters)").fill(new)
    page.get_by_label("New password again").fill(new)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("status")).to_have_text(
        "Password changed. Your other sessions were signed out."
    )
    page.get_by_role("button", name="Sign out everywhere").click()
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    page.get_by_label("Email").fill(str(owner["email"]))
    page.get_by_label("Password").fill(new)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Acme Outfitters")).to_be_visible()
