"""The host console's on-camera checklist: pinning shows it, a tick is stored and comes back."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.chat.factories import Room
from tests.e2e.test_live_room import host as host
from tests.e2e.test_live_room import room as room


def test_the_host_ticks_what_the_show_did_for_the_pinned_product(host: Page, room: Room) -> None:
    checklist = host.locator(f'.checklist[data-checklist="{room.product_id}"]')
    expect(checklist).to_be_hidden()
    host.locator(f'.product-row[data-product="{room.product_id}"] [data-action=pin]').click()
    expect(checklist).to_be_visible()

    with host.expect_response(lambda r: r.url.endswith("/camera-checks")) as ticked:
        checklist.locator('[data-item="measure"]').check()
    assert ticked.value.status == 201

    host.reload()
    expect(
        host.locator(f'.checklist[data-checklist="{room.product_id}"] [data-item="measure"]')
    ).to_be_checked()
    expect(
        host.locator(f'.checklist[data-checklist="{room.product_id}"] [data-item="model_size"]')
    ).not_to_be_checked()
