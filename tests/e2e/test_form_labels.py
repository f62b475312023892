"""Every field a viewer can fill in the live room (chat, size advisor, cart, consultation)
has a name a screen reader says: a label's words or an aria-label, not just a placeholder."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.chat.factories import Room
from tests.e2e.test_live_room import room as room

UNNAMED = """() => [...document.querySelectorAll("input:not([type=hidden]), select, textarea")]
  .filter(field => {
    const labelled = [...(field.labels || [])].map(label => label.textContent).join("");
    const named = labelled + (field.getAttribute("aria-label") || "");
    return !named.replace(/\\u00a0/g, " ").trim() && !field.getAttribute("aria-labelledby");
  })
  .map(field => field.name || field.id || field.outerHTML.slice(0, 80))"""


def test_every_field_in_the_live_room_has_a_name(
    page: Page, live_server: object, room: Room
) -> None:
    url = live_server.url  # type: ignore[attr-defined]
    page.goto(f"{url}/live/{room.slug}")
    page.wait_for_load_state("networkidle")
    assert page.locator("input[name=usual_size]").count() >= 1
    assert page.evaluate(UNNAMED) == []
