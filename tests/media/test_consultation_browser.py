"""A one-to-one video call in real browsers inside the network lab: a viewer asks from the
live room, the host takes the call in the console, both play the other's (fake) camera, and a
product the host sends lands in the viewer's cart; the viewer hangs up and the console's call
panel closes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Browser
from sqlalchemy.orm import Session, sessionmaker

from tests.e2e.call_pages import asking_viewer, both_playing, logged_in_console, take_call
from tests.factories import make_shop
from tests.media.conftest import MediaApp

pytestmark = pytest.mark.e2e

CART = """async (slug) => {
  const headers = crossliveViewer.headers();
  const r = await fetch(`/api/v1/shows/${slug}/cart?market=US`, { headers });
  return (await r.json()).items.map((i) => [i.product_title, i.quantity]);
}"""


def test_a_video_call_connects_both_browsers_and_a_sent_product_lands_in_the_cart(
    media_app: MediaApp,
    owner: dict[str, str | int],
    session_factory: sessionmaker[Session],
    browser_in: Callable[[str], Browser],
) -> None:
    shop = make_shop(session_factory)
    browser = browser_in(media_app.lab.viewer_ns)
    viewer = asking_viewer(browser, media_app.url, shop.show_slug, email="ana@example.com")
    host = logged_in_console(browser, media_app.url, shop.show_slug)
    take_call(host)
    viewer.wait_for_selector(".consult-dialog[data-state=accepted]")
    # Both sides publish their camera and play the other's.
    both_playing(viewer, host)

    host.select_option(".consult-product", str(shop.shirt_m))
    host.get_by_role("button", name="Send to their cart").click()
    viewer.wait_for_selector(".consult-card")
    assert viewer.evaluate(CART, shop.show_slug) == [["Linen Shirt", 1]]

    viewer.get_by_role("button", name="Hang up").click()
    viewer.wait_for_selector(".consult-dialog[data-state=over]")
    host.wait_for_selector(".consult-call", state="hidden")
