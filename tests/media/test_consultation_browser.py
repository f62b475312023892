"""A one-to-one video call in real browsers inside the network lab: a viewer asks from the
live room, the host takes the call in the console, both play the other's (fake) camera, and a
product the host sends lands in the viewer's cart; the viewer hangs up and the console's call
panel closes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import PASSWORD
from tests.factories import make_shop
from tests.media.conftest import MediaApp

pytestmark = pytest.mark.e2e

PLAYING = """(selector) => { const v = document.querySelector(selector);
  return !!v && v.videoWidth > 0 && v.getVideoPlaybackQuality().totalVideoFrames > 10; }"""
CART = """async (slug) => {
  const headers = crossliveViewer.headers();
  const r = await fetch(`/api/v1/shows/${slug}/cart?market=US`, { headers });
  return (await r.json()).items.map((i) => [i.product_title, i.quantity]);
}"""


def logged_in_console(browser: Browser, url: str, slug: str) -> Page:
    page = browser.new_context().new_page()
    page.set_default_timeout(30_000)
    page.on("console", lambda m: print(f"[console] {m.text}"))
    page.goto(f"{url}/admin/login")
    page.fill("input[name=email]", "owner@acme.test")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda u: "/admin/login" not in u)
    page.goto(f"{url}/host/{slug}")
    return page


def test_a_video_call_connects_both_browsers_and_a_sent_product_lands_in_the_cart(
    media_app: MediaApp,
    owner: dict[str, str | int],
    session_factory: sessionmaker[Session],
    browser_in: Callable[[str], Browser],
) -> None:
    shop = make_shop(session_factory)
    browser = browser_in(media_app.lab.viewer_ns)
    viewer = browser.new_context().new_page()
    viewer.set_default_timeout(30_000)
    viewer.on("console", lambda m: print(f"[viewer] {m.text}"))
    viewer.on("response", lambda r: r.status >= 400 and print(f"[viewer] {r.status} {r.url}"))
    viewer.goto(f"{media_app.url}/live/{shop.show_slug}?country=US")
    viewer.get_by_role("button", name="Video call with the store").click()
    viewer.fill(".consult-dialog input[name=email]", "ana@example.com")
    viewer.get_by_role("button", name="Ask for a call").click()
    viewer.wait_for_selector(".consult-dialog[data-state=waiting]")

    host = logged_in_console(browser, media_app.url, shop.show_slug)
    host.get_by_role("button", name="Take the call").click()
    viewer.wait_for_selector(".consult-dialog[data-state=accepted]")
    # Both sides publish their camera and play the other's.
    try:
        viewer.wait_for_function(PLAYING, arg=".consult-dialog .consult-remote", timeout=45_000)
    finally:
        print("viewer status:", viewer.text_content(".consult-status"))
    host.wait_for_function(PLAYING, arg=".consult-call .consult-remote", timeout=45_000)

    host.select_option(".consult-product", str(shop.shirt_m))
    host.get_by_role("button", name="Send to their cart").click()
    viewer.wait_for_selector(".consult-card")
    assert viewer.evaluate(CART, shop.show_slug) == [["Linen Shirt", 1]]

    viewer.get_by_role("button", name="Hang up").click()
    viewer.wait_for_selector(".consult-dialog[data-state=over]")
    host.wait_for_selector(".consult-call", state="hidden")
