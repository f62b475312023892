"""The live room on a phone held sideways (844x390, 667x375), in Japanese and in Arabic (right
to left): the ad labels, the sound button and the captions button stack at the top of the
start column and the chat starts under them, so none of them covers a chat line; the
captions sit at the top of the other column, over no chat line either, shown or not; the
"host is answering" banner at the chat's foot covers no line and no button. A guest on stage
stands between the header and the products, over no card, button or message box; the note
about shipping, in the end column, is read whole and leaves the labels and the chat their
places."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction
from crosslive.events import service as events
from tests.chat.factories import Room
from tests.e2e.conftest import LiveServer
from tests.e2e.test_phone_picture import CHAT_LINES, SETTLED, _overlap, _play
from tests.e2e.test_phone_picture import sponsored as sponsored

LOCALES = {"ja": "ja-JP", "ar": "ar", "en": "en-US", "fr": "fr-FR", "pt": "pt-BR", "nl": "nl-NL"}

# The room's parts as boxes: each a list, one box per element shown (labels come in twos).
PARTS = """(selectors) => Object.fromEntries(selectors.map((s) => [s,
  [...document.querySelectorAll(s)].filter((el) => el.getClientRects().length > 0).map((el) => {
    const r = el.getBoundingClientRect();
    return {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
  })]))"""

# The chat lines in the feed's view, each with what the screen shows at its ends (inside the
# rounded corners), middle, top and foot: the line itself, or whatever lies over it there.
LINES_SEEN = """() => {
  const feed = document.querySelector(".chat-feed").getBoundingClientRect();
  return [...document.querySelectorAll(".chat-feed .msg")].filter((line) => {
    const r = line.getBoundingClientRect();
    return r.top >= feed.top && r.bottom <= feed.bottom;
  }).map((line) => {
    const r = line.getBoundingClientRect();
    const [x, y, round] = [(r.left + r.right) / 2, (r.top + r.bottom) / 2, r.height / 2];
    const points = [[r.left + round, y], [x, y], [r.right - round, y],
                    [x, r.top + 2], [x, r.bottom - 2]];
    const over = points.map(([x, y]) => document.elementFromPoint(x, y))
      .filter((el) => !line.contains(el))
      .map((el) => el ? el.className || el.tagName : "off screen");
    return [line.textContent, over];
  });
}"""

STACK = (".ad-label", ".sound-on", ".captions-toggle")
AROUND = (*STACK, ".captions", ".answering", ".pin", ".composer", ".chat-feed")

SIDEWAYS = [{"width": 844, "height": 390}, {"width": 667, "height": 375}]


def _room_page(browser: Browser, url: str, lang: str, viewport: dict[str, int]) -> Iterator[Page]:
    context = browser.new_context(
        locale=LOCALES[lang], viewport=viewport, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(url)
    yield page
    context.close()


@pytest.fixture
def captioned(sponsored: Room, session_factory: sessionmaker[Session]) -> Room:
    """The sponsored room with the host's captions on, a line said, and a question the host
    is answering on the air."""
    with transaction(session_factory) as db:
        events.record(db, sponsored.show_id, "captions", {"enabled": True})
        line = "This linen shirt is only thirty-nine dollars today, in every size we have"
        caption = {"body": line, "lang": "en", "line_id": 1, "start_ms": 0, "end_ms": 9000}
        events.record(db, sponsored.show_id, "caption", caption)
        question = {"message_id": 930001, "name": "Noa", "body": "Does M fit 170 cm?"}
        events.record(db, sponsored.show_id, "answering", {**question, "host": "Mia"})
    return sponsored


# Boxes as they end, once the pop-in animations (a new line, the banner) are over.
ANIMATED = "() => Promise.all(document.getAnimations().map((a) => a.finished))"


def _parts(page: Page) -> dict[str, list[dict[str, float]]]:
    page.evaluate(SETTLED)
    page.evaluate(ANIMATED)
    parts: dict[str, list[dict[str, float]]] = page.evaluate(PARTS, list(AROUND))
    return parts


def _assert_apart(parts: dict[str, list[dict[str, float]]], *names: str) -> None:
    """No box of one part over a box of another."""
    for first, second in combinations(names, 2):
        for a in parts[first]:
            for b in parts[second]:
                assert not _overlap(a, b), (first, a, second, b)


def _assert_lines_clear(page: Page, at_least: int) -> None:
    page.evaluate(ANIMATED)
    seen: list[Any] = page.evaluate(LINES_SEEN)
    assert len(seen) >= at_least, seen  # the chat keeps room to be read ...
    assert [over for _, over in seen] == [[]] * len(seen), seen  # ... and nothing over a line


@pytest.mark.parametrize("lang", ["ja", "ar"])
@pytest.mark.parametrize("viewport", SIDEWAYS, ids=["844x390", "667x375"])
def test_nothing_at_the_top_covers_a_chat_line_on_a_phone_held_sideways(
    browser: Browser,
    live_server: LiveServer,
    captioned: Room,
    lang: str,
    viewport: dict[str, int],
) -> None:
    url = f"{live_server.url}/live/{captioned.slug}?store=acme&country=FR&lang={lang}"
    for page in _room_page(browser, url, lang, viewport):
        expect(page.locator(".ad-label")).to_have_count(2)
        expect(page.locator(".captions-toggle")).to_be_visible()
        expect(page.locator(".answering")).to_be_visible()
        page.evaluate("document.querySelector('.answering').hidden = true")  # answered
        page.evaluate("document.querySelector('.sound-on').hidden = false")  # as while muted
        _play(page, 1280, 720)
        page.evaluate(CHAT_LINES, 30)
        # Captions shown (the box held up: it hides a few seconds after the line is said).
        page.evaluate("document.querySelector('.captions').hidden = false")
        parts = _parts(page)
        assert len(parts[".captions"]) == 1 and len(parts[".sound-on"]) == 1
        feed = parts[".chat-feed"][0]
        assert feed["top"] >= max(box["bottom"] for name in STACK for box in parts[name])
        _assert_apart(parts, *STACK, ".captions", ".pin", ".composer")
        _assert_apart(parts, ".chat-feed", *STACK, ".captions", ".pin", ".composer")
        _assert_lines_clear(page, at_least=2)
        expect(page.locator(".chat-feed .msg-body", has_text="Line 30")).to_be_in_viewport()

        page.locator(".captions-toggle").click()  # captions off: the chat keeps its place
        expect(page.locator(".captions")).to_be_hidden()
        expect(page.locator(".captions-toggle")).to_have_attribute("aria-pressed", "false")
        assert _parts(page)[".chat-feed"] == [feed]
        _assert_lines_clear(page, at_least=2)

        page.evaluate("document.querySelector('.answering').hidden = false")  # the next one
        parts = _parts(page)
        banner = parts[".answering"]
        assert len(banner) == 1
        _assert_apart(parts, ".answering", ".chat-feed", *STACK, ".pin", ".composer")
        assert parts[".chat-feed"][0]["top"] == feed["top"]  # the chat keeps its top
        _assert_lines_clear(page, at_least=1)
        expect(page.locator(".chat-feed .msg-body", has_text="Line 30")).to_be_in_viewport()
        assert page.evaluate("document.documentElement.scrollWidth - innerWidth") == 0


# A guest on stage beside the parts of the end column a viewer taps or reads.
GUEST_CLEAR_OF = (".pin", ".pin-cta", ".composer", "#viewer-name", ".captions", ".chat-feed")


@pytest.mark.parametrize("lang", ["ja", "ar"])
@pytest.mark.parametrize("viewport", SIDEWAYS, ids=["844x390", "667x375"])
def test_a_guest_on_stage_covers_no_product_and_no_message_box_on_a_phone_held_sideways(
    browser: Browser,
    live_server: LiveServer,
    captioned: Room,
    lang: str,
    viewport: dict[str, int],
) -> None:
    url = f"{live_server.url}/live/{captioned.slug}?store=acme&country=FR&lang={lang}"
    for page in _room_page(browser, url, lang, viewport):
        expect(page.locator(".pin")).to_have_count(1)
        expect(page.locator(".answering")).to_be_visible()
        _play(page, 1280, 720)
        page.evaluate(CHAT_LINES, 30)
        page.evaluate("document.querySelector('.captions').hidden = false")
        page.evaluate("document.querySelector('#pip').hidden = false")  # a guest on stage
        parts = _parts(page)
        boxes = page.evaluate(PARTS, ["#pip", ".room-top", *GUEST_CLEAR_OF])
        guest = boxes["#pip"][0]
        width = guest["right"] - guest["left"]
        assert width > 40
        assert guest["bottom"] - guest["top"] == pytest.approx(width * 16 / 9, abs=1)  # 9:16
        assert guest["left"] >= 0 and guest["right"] <= viewport["width"]
        for name in GUEST_CLEAR_OF:
            assert boxes[name], name
            for box in boxes[name]:
                assert not _overlap(guest, box), (name, box, guest)
        assert guest["top"] >= boxes[".room-top"][0]["bottom"]  # under the header
        _assert_apart(parts, ".answering", ".chat-feed", *STACK, ".pin", ".composer")
        page.locator(".pin-open").click()  # the product card still opens its sheet
        expect(page.locator(".pin dialog.sheet")).to_be_visible()


# What the screen shows at a few points inside the note about shipping: the note, or what
# covers it.
NOTE_SEEN = """() => {
  const note = document.querySelector(".ship-note"), r = note.getBoundingClientRect();
  return [[r.left + 4, r.top + 4], [(r.left + r.right) / 2, (r.top + r.bottom) / 2],
          [r.right - 4, r.bottom - 4], [r.left + 4, r.bottom - 4], [r.right - 4, r.top + 4]]
    .map(([x, y]) => document.elementFromPoint(x, y))
    .filter((el) => !note.contains(el)).map((el) => el ? el.className || el.tagName : "off screen");
}"""
HEADER = (".host-chip", ".badge", ".market-pick", ".language-pick")


@pytest.mark.parametrize("lang", ["fr", "ja", "ar"])
@pytest.mark.parametrize("viewport", SIDEWAYS, ids=["844x390", "667x375"])
def test_the_note_about_shipping_stands_clear_on_a_phone_held_sideways(
    browser: Browser,
    live_server: LiveServer,
    captioned: Room,
    lang: str,
    viewport: dict[str, int],
) -> None:
    """Watched from Brazil, none of the store's markets: the note under the header, in the
    end column, is read whole and covers nothing; the labels and the chat at the start keep
    the places they have without it."""
    url = f"{live_server.url}/live/{captioned.slug}?store=acme&country=BR&lang={lang}"
    for page in _room_page(browser, url, lang, viewport):
        expect(page.locator(".ship-note")).to_be_visible()
        expect(page.locator(".answering")).to_be_visible()
        page.evaluate("document.querySelector('.answering').hidden = true")  # answered
        page.evaluate("document.querySelector('.sound-on').hidden = false")  # as while muted
        _play(page, 1280, 720)
        page.evaluate(CHAT_LINES, 30)
        page.evaluate("document.querySelector('.captions').hidden = false")
        page.evaluate("document.querySelector('#pip').hidden = false")  # a guest on stage
        parts = _parts(page)
        around = page.evaluate(PARTS, [".ship-note", "#pip", *HEADER])
        note = around[".ship-note"][0]
        assert note["left"] >= 0 and note["right"] <= viewport["width"]
        readable = "el => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight"
        assert page.locator(".ship-note").evaluate(readable)  # not cut ...
        assert page.evaluate(NOTE_SEEN) == []  # ... and nothing over it
        everything = {**parts, **around}
        _assert_apart(everything, ".ship-note", "#pip", *HEADER, *STACK, *AROUND[3:])
        _assert_apart(everything, ".chat-feed", *STACK, ".captions", ".pin", ".composer")
        _assert_lines_clear(page, at_least=2)  # as many lines as without the note

        page.evaluate("document.querySelector('.answering').hidden = false")  # the next one
        parts = {**_parts(page), **around}
        _assert_apart(parts, ".answering", ".ship-note", ".chat-feed", *STACK, ".pin", ".composer")
        _assert_lines_clear(page, at_least=1)
        expect(page.locator(".chat-feed .msg-body", has_text="Line 30")).to_be_in_viewport()
        assert page.evaluate("document.documentElement.scrollWidth - innerWidth") == 0
