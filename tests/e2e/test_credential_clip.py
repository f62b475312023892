"""The host pushes a credential that has a video clip: on a viewer's page the clip plays,
muted, picture-in-picture over the show, with the seller's subtitles showing, and the card
states issuer, scope and validity."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction
from crosslive.settings import Settings
from crosslive.trust import clips
from crosslive.trust.models import Credential
from tests.chat.factories import Room
from tests.e2e.host_room import host_console, live_room, open_page
from tests.trust.test_clips import SRT, make_video

# Transcoding and playing the clip take longer than a page's usual steps.
CLIP_TIMEOUT_MS = 15_000
PLAYING = """v => v && !v.paused && v.currentTime > 0 && v.muted
  && v.textTracks.length === 1 && v.textTracks[0].mode === 'showing'"""


@pytest.fixture
def room(session_factory: sessionmaker[Session], settings: Settings) -> Room:
    made = live_room(session_factory, settings)
    video = make_video(settings.data_dir / "lab.mp4", 6, codec="libx264").read_bytes()
    with transaction(session_factory) as db:
        credential = db.get(Credential, made.credentials["oeko"])
        assert credential is not None
        clips.attach_clip(
            db, settings, credential, original_name="lab.mp4", data=video, subtitle_data=SRT
        )
    return made


@pytest.fixture
def host(browser: Browser, live_server: object, room: Room) -> Iterator[Page]:
    url = live_server.url  # type: ignore[attr-defined]
    with host_console(browser, url, room, CLIP_TIMEOUT_MS) as page:
        yield page


def test_pushed_credential_plays_its_clip_muted_with_subtitles_over_the_show(
    browser: Browser, live_server: object, host: Page, room: Room
) -> None:
    oeko = room.credentials["oeko"]
    viewer = open_page(browser, f"{live_server.url}/live/{room.slug}?country=US", CLIP_TIMEOUT_MS)  # type: ignore[attr-defined]
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
