"""The host pushes a credential that has a video clip: on a viewer's page the clip plays,
muted, picture-in-picture over the show, with the seller's subtitles showing, and the card
states issuer, scope and validity."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth import service as auth_service
from crosslive.db import transaction
from crosslive.settings import Settings
from crosslive.shows.models import Show, ShowState
from crosslive.trust import clips
from crosslive.trust.models import Credential
from tests.chat.factories import PASSWORD, Room, make_room
from tests.trust.test_clips import SRT, make_video

PLAYING = """v => v && !v.paused && v.currentTime > 0 && v.muted
  && v.textTracks.length === 1 && v.textTracks[0].mode === 'showing'"""


@pytest.fixture
def room(session_factory: sessionmaker[Session], settings: Settings) -> Room:
    with transaction(session_factory) as db:
        seller = auth_service.create_seller(db, slug="acme", name="Acme Outfitters")
        seller_id = seller.id
    made = make_room(session_factory, settings, seller_id)
    video = make_video(settings.data_dir / "lab.mp4", 6, codec="libx264").read_bytes()
    with transaction(session_factory) as db:
        db.execute(update(Show).where(Show.id == made.show_id).values(state=ShowState.LIVE))
        credential = db.get(Credential, made.credentials["oeko"])
        assert credential is not None
        clips.attach_clip(
            db, settings, credential, original_name="lab.mp4", data=video, subtitle_data=SRT
        )
    return made


def _page(browser: Browser, url: str) -> Page:
    page = browser.new_context(locale="en-US").new_page()
    page.set_default_timeout(15_000)
    page.goto(url)
    return page


@pytest.fixture
def host(browser: Browser, live_server: object, room: Room) -> Iterator[Page]:
    url = live_server.url  # type: ignore[attr-defined]
    page = _page(browser, f"{url}/admin/login?next=/host/{room.slug}")
    page.fill("input[name=email]", room.host_email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**/host/{room.slug}")
    yield page
    page.context.close()


def test_pushed_credential_plays_its_clip_muted_with_subtitles_over_the_show(
    browser: Browser, live_server: object, host: Page, room: Room
) -> None:
    oeko = room.credentials["oeko"]
    viewer = _page(browser, f"{live_server.url}/live/{room.slug}?country=US")  # type: ignore[attr-defined]
    expect(viewer.locator(".chat-feed")).to_be_attached()
    host.locator(f'.credential-list li[data-credential="{oeko}"] button').click()
    overlay = viewer.locator(".credential-overlay.with-clip")
    expect(overlay).to_be_visible()
    clip = overlay.locator("video.credential-clip")
    expect(clip).to_be_visible()
    viewer.wait_for_function(PLAYING, arg=clip.element_handle())
    card = overlay.locator(f'.credential.full[data-credential="{oeko}"]')
    expect(card.locator(".credential-facts")).to_contain_text("Valid")
    expect(card.locator(".credential-scope")).to_be_visible()
    # Over the show, not instead of it: the player is still on the page, behind the clip.
    expect(viewer.locator("video").first).to_be_attached()
    # It ends on its own: the overlay closes after the 6-second clip.
    expect(viewer.locator(".credential-overlay")).to_be_hidden(timeout=20_000)
    viewer.context.close()
