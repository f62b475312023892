"""The live room on the narrowest phone (320x568): the chat's name box says whole, in every
language the room offers, what to type ("Pick a name to chat"), beside the "Join chat"
button; no placeholder is cut."""

from __future__ import annotations

from playwright.sync_api import Browser

from tests.chat.factories import Room
from tests.e2e.conftest import LiveServer

NARROW = {"width": 320, "height": 568}

# The placeholder's width as drawn in the box's font, and the room the box has for text
# (its width inside the padding).
FIT = """() => {
  const input = document.querySelector("#viewer-name");
  const style = getComputedStyle(input);
  const context = document.createElement("canvas").getContext("2d");
  context.font = style.font;
  const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
  return {text: input.placeholder, width: context.measureText(input.placeholder).width,
          room: input.clientWidth - padding,
          languages: [...document.querySelectorAll("#lang option")].map((o) => o.value)};
}"""


def test_the_name_placeholder_is_whole_on_a_320_px_phone_in_every_language(
    browser: Browser, live_server: LiveServer, room: Room
) -> None:
    context = browser.new_context(viewport=NARROW, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/live/{room.slug}?lang=en")
        languages = page.evaluate(FIT)["languages"]
        assert "fr" in languages and len(languages) >= 10
        cut = []
        for lang in languages:
            page.goto(f"{live_server.url}/live/{room.slug}?lang={lang}")
            fit = page.evaluate(FIT)
            assert fit["text"] and fit["room"] > 0, (lang, fit)
            if fit["width"] > fit["room"]:
                cut.append((lang, fit["text"], round(fit["width"]), fit["room"]))
        assert cut == [], cut
    finally:
        context.close()
