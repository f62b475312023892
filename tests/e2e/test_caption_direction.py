"""A caption in a left-to-right language over a right-to-left page keeps its own order: the
full stop of an English sentence stays at its end on an Arabic viewer's live room."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.chat.factories import Room
from tests.e2e.conftest import LiveServer

pytestmark = pytest.mark.e2e

SENTENCE = "Welcome to the show."

# Mounts the captions on a screen of the page, shows one English caption, and returns where,
# left to right on the screen, its first letter and its full stop are drawn.
_SHOW_CAPTION = """async (sentence) => {
  localStorage.removeItem("crosslive.captions");
  const { mountCaptions } = await import("/static/live/captions.js");
  const screen = document.createElement("div");
  const video = document.createElement("video");
  video.muted = true;
  document.body.append(screen);
  const captions = mountCaptions({ screen, video, state: "on" });
  captions.caption({ data: { body: sentence, lang: "en", start_ms: 0, end_ms: 1000 } });
  const node = screen.querySelector(".caption-text").firstChild;
  const x = (i) => {
    const range = document.createRange();
    range.setStart(node, i);
    range.setEnd(node, i + 1);
    return range.getBoundingClientRect().left;
  };
  return { page: document.documentElement.dir, first: x(0), stop: x(sentence.length - 1) };
}"""


def test_an_english_caption_keeps_its_full_stop_at_the_end_on_an_arabic_page(
    browser: Browser, live_server: LiveServer, room: Room
) -> None:
    context = browser.new_context(locale="ar", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/live/{room.slug}?lang=ar")
        where = page.evaluate(_SHOW_CAPTION, SENTENCE)
        assert where["page"] == "rtl"
        # Laid out right to left, the line read ".Welcome to the show".
        assert where["first"] < where["stop"]
    finally:
        context.close()
