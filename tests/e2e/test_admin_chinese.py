"""The seller's side in Chinese in a real browser: a zh-CN host's console, including the words
its ES modules write (the state badge after going live, a viewer's chat line's moderation
buttons), and an English browser switching the admin to Chinese from the header."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.chat.factories import PASSWORD, Room
from tests.e2e.test_live_room import room as room
from tests.e2e.test_live_room import viewer as viewer


def _log_in(page: Page, url: str, email: str, target: str) -> None:
    page.goto(f"{url}/admin/login?next={target}")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/admin/login'] button[type=submit]")
    page.wait_for_url(f"**{target}")


@pytest.fixture
def chinese_host(browser: Browser, live_server: object, room: Room) -> Iterator[Page]:
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    _log_in(page, live_server.url, room.host_email, f"/host/{room.slug}")  # type: ignore[attr-defined]
    yield page
    context.close()


def test_a_chinese_hosts_console_is_chinese_down_to_its_scripts(
    chinese_host: Page, viewer: Page
) -> None:
    host = chinese_host
    expect(host.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(host.locator("[data-action=go-live]")).to_have_text("开始直播")
    expect(host.locator("#staff-message")).to_have_attribute("placeholder", "回复所有人…")
    expect(host.locator("[data-state]")).to_have_text("未开播")
    # Written by host.js when the show goes live.
    host.locator("[data-action=go-live]").click()
    expect(host.locator("[data-state]")).to_have_text("直播中")
    # A viewer's line, built by host.js, with its moderation and on-stage buttons in Chinese.
    viewer.fill("#viewer-name", "Mia")
    viewer.click("text=Join chat")
    viewer.fill("#message", "Is the linen see-through?")
    viewer.press("#message", "Enter")
    line = host.locator(".console-chat li", has_text="Is the linen see-through?")
    expect(line.locator(".mod button")).to_have_text(["删除", "禁言", "邀请上台"])


def test_the_header_switcher_turns_the_admin_chinese_and_remembers_it(
    browser: Browser, live_server: object, room: Room
) -> None:
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.set_default_timeout(10_000)
    url = live_server.url  # type: ignore[attr-defined]
    _log_in(page, url, room.host_email, "/admin/shows")
    expect(page.locator("h1")).to_have_text("Shows")
    page.select_option(".admin-language select", "zh-Hans")
    page.click(".admin-language button")
    page.wait_for_url("**/admin/shows")
    expect(page.locator("h1")).to_have_text("直播")
    page.goto(f"{url}/host/{room.slug}")
    expect(page.locator("[data-action=go-live]")).to_have_text("开始直播")
    context.close()
