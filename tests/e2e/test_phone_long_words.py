"""The live room on a phone held upright, in French, Portuguese and Dutch, whose labels run
longer than Japanese or Arabic ones and wrap: a sponsored show with a paid host, watched from a
country it does not ship to (a note under the header). The header, the note, the ad labels
and the sound and captions buttons stack without one box over another, so no label is
covered, and the landscape picture under them keeps a usable height (the chat gives way
first, down to a line)."""

from __future__ import annotations

from itertools import combinations

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth.models import Seller
from crosslive.db import transaction
from crosslive.shows.models import Show
from tests.chat.factories import Room
from tests.e2e.conftest import LiveServer
from tests.e2e.test_phone_picture import CHAT_LINES, PICTURE, _overlap, _play
from tests.e2e.test_phone_picture import sponsored as sponsored
from tests.e2e.test_phone_sideways import _assert_lines_clear, _parts, _room_page
from tests.e2e.test_phone_sideways import captioned as captioned

# The stack at the top of the screen, each part's boxes (the labels come in twos).
TOP = """() => [".host-chip", ".badge", ".market-pick", ".language-pick", ".ship-note",
                ".ad-label", ".sound-on", ".captions-toggle"].flatMap((s) =>
  [...document.querySelectorAll(s)].filter((el) => el.getClientRects().length > 0).map((el) => {
    const r = el.getBoundingClientRect();
    return [s, {left: r.left, top: r.top, right: r.right, bottom: r.bottom}];
  }))"""

# What the screen shows at a few points inside each ad label: the label, or what covers it.
LABELS_SEEN = """() => [...document.querySelectorAll(".ad-label")].flatMap((label) => {
  const r = label.getBoundingClientRect();
  const y = (r.top + r.bottom) / 2;
  return [r.left + 4, (r.left + r.right) / 2, r.right - 4].map((x) => {
    const el = document.elementFromPoint(x, y);
    return label.contains(el) ? "" : (el ? el.className || el.tagName : "off screen");
  });
})"""


@pytest.fixture
def wordy(captioned: Room, session_factory: sessionmaker[Session]) -> Room:
    """The captioned room, its store and show named as long as a real one's: the host's
    chip takes its whole width, and "EN DIRECT" or "AO VIVO" has to fit beside it."""
    with transaction(session_factory) as db:
        show = db.get(Show, captioned.show_id)
        assert show is not None
        show.title = "Studio desk picks, live from the workshop"
        db.execute(update(Seller).where(Seller.id == show.seller_id).values(name="Qinglan Studio"))
    return captioned


@pytest.mark.parametrize("country", ["FR", "BR"])
@pytest.mark.parametrize("lang", ["fr", "pt", "nl"])
@pytest.mark.parametrize(
    "viewport",
    [{"width": 320, "height": 568}, {"width": 375, "height": 667}, {"width": 390, "height": 844}],
    ids=["320x568", "375x667", "390x844"],
)
def test_long_labels_stack_apart_over_a_picture_that_keeps_its_height(
    browser: Browser,
    live_server: LiveServer,
    wordy: Room,
    lang: str,
    viewport: dict[str, int],
    country: str,
) -> None:
    url = f"{live_server.url}/live/{wordy.slug}?store=acme&country={country}&lang={lang}"
    for page in _room_page(browser, url, lang, viewport):
        expect(page.locator(".ad-label")).to_have_count(2)
        # Brazil is none of the store's markets: a note says so under the header.
        expect(page.locator(".ship-note")).to_have_count(1 if country == "BR" else 0)
        expect(page.locator(".captions-toggle")).to_be_visible()
        page.evaluate("document.querySelector('.answering').hidden = true")  # answered
        page.evaluate("document.querySelector('.sound-on').hidden = false")  # as while muted
        _play(page, 1280, 720)
        page.evaluate(CHAT_LINES, 30)
        parts = _parts(page)
        top = page.evaluate(TOP)
        assert len(top) >= 7 + (country == "BR")
        for (first, a), (second, b) in combinations(top, 2):
            assert not _overlap(a, b), (first, a, second, b)
        assert page.evaluate(LABELS_SEEN) == [""] * 6  # no label covered
        picture = page.evaluate(PICTURE)
        assert picture["top"] >= max(box["bottom"] for _, box in top)  # under the stack
        assert picture["bottom"] - picture["top"] >= 100, picture  # a usable picture
        assert picture["bottom"] <= parts[".pin"][0]["top"]
        _assert_lines_clear(page, at_least=1)
        expect(page.locator(".chat-feed .msg-body", has_text="Line 30")).to_be_in_viewport()
        assert page.evaluate("document.documentElement.scrollWidth - innerWidth") == 0
