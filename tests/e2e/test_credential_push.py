"""A credential card the host pushes, as the viewer's live room shows it: the claim in the
seller's words for the viewer's language, the evidence link, and on the smallest phone a card
taller than the screen that starts in view and closes."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from crosslive.content import service as content
from crosslive.db import transaction
from crosslive.trust.models import Credential
from tests.chat.factories import Room
from tests.e2e.test_live_room import host as host
from tests.e2e.test_live_room import room as room
from tests.e2e.test_live_room import viewer as viewer


def test_credential_card_push(host: Page, viewer: Page, room: Room) -> None:
    host.locator(
        f'.credential-list li[data-credential="{room.credentials["oeko"]}"] button'
    ).click()
    overlay = viewer.locator(".credential-overlay")
    expect(overlay).to_be_visible()
    expect(overlay.locator(".credential-claim")).to_have_text(
        "OEKO-TEX Standard 100 certified linen"
    )
    expect(overlay.locator("a.evidence")).to_have_attribute(
        "href", f"/api/v1/public/credentials/{room.credentials['oeko']}/evidence"
    )


def test_a_brazilian_viewer_reads_the_pushed_credential_in_the_sellers_portuguese(
    browser: Browser,
    live_server: object,
    host: Page,
    room: Room,
    session_factory: sessionmaker[Session],
) -> None:
    portuguese = "Linho com certificação OEKO-TEX Standard 100"
    with transaction(session_factory) as db:
        content.save(
            db, room.seller_id, "credential", room.credentials["oeko"], "claim", "pt", portuguese
        )
    context = browser.new_context(locale="pt-BR", viewport={"width": 390, "height": 844})
    viewer = context.new_page()
    viewer.set_default_timeout(10_000)
    viewer.goto(f"{live_server.url}/live/{room.slug}?country=US")  # type: ignore[attr-defined]
    expect(viewer.locator("html")).to_have_attribute("lang", "pt")
    host.locator(
        f'.credential-list li[data-credential="{room.credentials["oeko"]}"] button'
    ).click()
    overlay = viewer.locator(".credential-overlay")
    expect(overlay.locator(".credential-claim")).to_have_text(portuguese)
    context.close()


def test_a_long_pushed_credential_starts_in_view_and_closes_on_the_smallest_phone(
    browser: Browser,
    live_server: object,
    host: Page,
    room: Room,
    session_factory: sessionmaker[Session],
) -> None:
    claim = (
        "Shipped from a warehouse in your market and returned to it: Los Angeles, Venlo, "
        "Birmingham, Chiba or Incheon; we pay the return label in the United States, the EU, "
        "the United Kingdom and Japan, and refund within five days of the parcel arriving"
    )
    with transaction(session_factory) as db:
        db.execute(
            update(Credential).where(Credential.id == room.credentials["oeko"]).values(claim=claim)
        )
    context = browser.new_context(locale="fr-FR", viewport={"width": 320, "height": 568})
    viewer = context.new_page()
    viewer.set_default_timeout(10_000)
    viewer.goto(f"{live_server.url}/live/{room.slug}?country=US")  # type: ignore[attr-defined]
    host.locator(
        f'.credential-list li[data-credential="{room.credentials["oeko"]}"] button'
    ).click()
    overlay = viewer.locator(".credential-overlay")
    expect(overlay.locator(".credential-claim")).to_have_text(claim)
    # Taller than the screen: the claim's first line is on it, and the rest scrolls into view.
    assert overlay.evaluate("el => el.scrollHeight > el.clientHeight")
    top = overlay.locator(".credential-claim").evaluate("el => el.getBoundingClientRect().top")
    assert top >= 0
    overlay.locator(".overlay-close").click()
    expect(overlay).to_be_hidden()
    context.close()
