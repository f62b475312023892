"""The admin's top bar at common laptop widths: an owner's full menu, their name, the log-out
button and the language switcher all fit, wrapping onto a second line rather than pushing the
page sideways or breaking a link's words apart."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.conftest import PASSWORD
from tests.e2e.conftest import LiveServer
from tests.e2e.flows import log_in


@pytest.mark.parametrize("width", [1024, 1280])
def test_the_owners_top_bar_fits_without_sideways_scroll(
    browser: Browser, live_server: LiveServer, owner: dict[str, str | int], width: int
) -> None:
    context = browser.new_context(locale="en-US", viewport={"width": width, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/admin/products")
    log_in(page, str(owner["email"]), PASSWORD)
    page.wait_for_url("**/admin/products")
    sideways = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert sideways == 0
    switch = page.locator(".topbar .admin-language button").bounding_box()
    assert switch is not None and switch["x"] + switch["width"] <= width
    # Two-word items stay on one line: each is as tall as a one-word one.
    heights = page.evaluate(
        "[...document.querySelectorAll('.topbar nav a')].map(a => a.getBoundingClientRect().height)"
    )
    assert len(heights) == 11 and max(heights) == min(heights)
    context.close()
