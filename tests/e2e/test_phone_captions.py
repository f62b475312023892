"""Live captions on a phone held upright (390x844), in Brazilian Portuguese, Arabic (right to
left), Japanese and German: a caption of one, two or three lines (with the name of the
host's language under it) covers no chat line the feed shows, and not the message box,
under a landscape picture (the captions' band grows with the caption, the chat starts under
it) as over a portrait one (the captions at the top, the chat ending under them)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction
from crosslive.events import service as events
from tests.chat.factories import Room
from tests.e2e.conftest import LiveServer
from tests.e2e.test_phone_picture import CHAT_LINES, PHONE, SETTLED, _overlap, _play
from tests.e2e.test_phone_picture import sponsored as sponsored
from tests.e2e.test_phone_sideways import ANIMATED

LOCALES = {"pt": "pt-BR", "ar": "ar", "ja": "ja-JP", "de": "de-DE"}

# English lines (the host's language): the viewer's page names it under the caption.
SAID = {
    1: "Good morning, everyone",
    2: "This linen shirt is only thirty-nine dollars today, in every size",
    3: "This linen shirt is only thirty-nine dollars today, in every size we have, "
    "and it ships within three days",
}

# The caption's box, how many lines its text takes, and the boxes of the chat lines the feed
# shows (any part of them inside its box) and of the message box.
MEASURE = """() => {
  const box = (r) => ({left: r.left, top: r.top, right: r.right, bottom: r.bottom});
  const feed = document.querySelector(".chat-feed").getBoundingClientRect();
  const lines = [...document.querySelectorAll(".chat-feed .msg")]
    .map((line) => line.getBoundingClientRect())
    .filter((r) => r.bottom > feed.top && r.top < feed.bottom)
    .map((r) => box({left: r.left, right: r.right,
                     top: Math.max(r.top, feed.top), bottom: Math.min(r.bottom, feed.bottom)}));
  const caption = document.querySelector(".captions");
  return {caption: box(caption.getBoundingClientRect()),
          rows: caption.querySelector(".caption-text").getClientRects().length,
          lines, input: box(document.querySelector("#viewer-name").getBoundingClientRect())};
}"""


def _say(session_factory: sessionmaker[Session], room: Room, line: str, line_id: int) -> None:
    with transaction(session_factory) as db:
        caption = {"body": line, "lang": "en", "line_id": line_id, "start_ms": 0, "end_ms": 9000}
        events.record(db, room.show_id, "caption", caption)


def _open(browser: Browser, url: str, locale: str) -> Iterator[Page]:
    context = browser.new_context(locale=locale, viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(url)
    yield page
    context.close()


def _measure(page: Page) -> dict[str, Any]:
    page.evaluate(SETTLED)
    page.evaluate(ANIMATED)
    page.evaluate(SETTLED)
    seen: dict[str, Any] = page.evaluate(MEASURE)
    return seen


@pytest.mark.parametrize("shape", [(1280, 720), (720, 1280)], ids=["landscape", "portrait"])
@pytest.mark.parametrize("lang", ["pt", "ar", "ja", "de"])
def test_a_caption_of_one_to_three_lines_covers_no_chat_line_on_an_upright_phone(
    browser: Browser,
    live_server: LiveServer,
    sponsored: Room,
    session_factory: sessionmaker[Session],
    lang: str,
    shape: tuple[int, int],
) -> None:
    with transaction(session_factory) as db:  # the host's captions on
        events.record(db, sponsored.show_id, "captions", {"enabled": True})
    url = f"{live_server.url}/live/{sponsored.slug}?store=acme&country=FR&lang={lang}"
    for rows, line in SAID.items():
        _say(session_factory, sponsored, line, rows)
        for page in _open(browser, url, LOCALES[lang]):
            expect(page.locator(".captions .caption-text")).to_have_text(line)
            expect(page.locator(".captions .caption-lang")).to_be_visible()
            page.evaluate(CHAT_LINES, 30)
            _play(page, *shape)
            seen = _measure(page)
            assert seen["rows"] == rows, seen  # the caption wraps as meant ...
            assert len(seen["lines"]) >= 3, seen  # ... the chat keeps room to be read ...
            for chat_line in seen["lines"]:  # ... and the caption covers none of its lines
                assert not _overlap(seen["caption"], chat_line), (rows, seen)
            assert not _overlap(seen["caption"], seen["input"]), seen
