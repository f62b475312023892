"""The live room on a short phone, in Japanese and in Arabic (right to left): 320x568 (and
375x667) held upright with a landscape picture, and the 320 px phone held sideways
(568x320). A sponsored show with a paid host has two ad labels: they share one line, each
still saying it is an ad (its first words whole, at a readable size) and whole once tapped
or focused, so the chat keeps room for three lines that nothing covers. Shown captions
never go under the product card, and the "host is answering" banner is whole (upright, one
line over the picture that leaves the chat three lines, the question whole on a tap). A
guest on stage (picture-in-picture) stays inside the screen, on a phone held sideways too."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.chat.factories import Room
from tests.e2e.conftest import LiveServer
from tests.e2e.test_phone_picture import CHAT_LINES, SETTLED, _overlap, _play
from tests.e2e.test_phone_picture import sponsored as sponsored
from tests.e2e.test_phone_sideways import (
    STACK,
    _assert_apart,
    _assert_lines_clear,
    _parts,
    _room_page,
)
from tests.e2e.test_phone_sideways import captioned as captioned

UPRIGHT = {"width": 320, "height": 568}
SIDEWAYS = {"width": 568, "height": 320}

# Each ad label's box, whether its text is cut, its font size, and the box of its first two
# characters ("Ad", "広告", "إع") as the screen shows them.
LABELS = """() => [...document.querySelectorAll(".ad-label")].map((label) => {
  const box = (r) => ({left: r.left, top: r.top, right: r.right, bottom: r.bottom});
  const start = document.createRange();
  start.setStart(label.firstChild, 0);
  start.setEnd(label.firstChild, 2);
  return {box: box(label.getBoundingClientRect()), start: box(start.getBoundingClientRect()),
          cut: label.scrollWidth > label.clientWidth + 1
            || label.scrollHeight > label.clientHeight + 1,
          size: parseFloat(getComputedStyle(label).fontSize)};
})"""


def _inside(inner: dict[str, float], outer: dict[str, float]) -> bool:
    return (
        inner["left"] >= outer["left"] - 0.5
        and inner["right"] <= outer["right"] + 0.5
        and inner["top"] >= outer["top"] - 0.5
        and inner["bottom"] <= outer["bottom"] + 0.5
    )


def _assert_labels_on_one_line(page: Page, viewport: dict[str, int]) -> None:
    """Two labels, side by side on one line, each saying it is an ad; each whole on focus."""
    screen = {"left": 0, "top": 0, "right": viewport["width"], "bottom": viewport["height"]}
    labels: list[Any] = page.evaluate(LABELS)
    assert len(labels) == 2
    assert labels[0]["box"]["top"] == labels[1]["box"]["top"]  # one line
    assert not _overlap(labels[0]["box"], labels[1]["box"])
    for label in labels:
        assert label["size"] >= 12  # readable ...
        assert _inside(label["box"], screen)
        assert _inside(label["start"], label["box"])  # ... its first words in view
        assert label["start"]["right"] > label["start"]["left"]
    for index in range(2):  # the full text a tap or a focus away
        page.locator(".ad-label").nth(index).focus()
        page.evaluate(SETTLED)
        focused = page.evaluate(LABELS)[index]
        assert not focused["cut"], focused
        assert _inside(focused["box"], screen)
    page.locator(".ad-label").nth(1).blur()
    page.evaluate(SETTLED)


def _open_captioned(page: Page) -> None:
    expect(page.locator(".ad-label")).to_have_count(2)
    expect(page.locator(".answering")).to_be_visible()
    page.evaluate("document.querySelector('.answering').hidden = true")  # answered
    page.evaluate("document.querySelector('.sound-on').hidden = false")  # as while muted
    _play(page, 1280, 720)
    page.evaluate(CHAT_LINES, 30)
    page.evaluate("document.querySelector('.captions').hidden = false")  # a line said


@pytest.mark.parametrize("lang", ["ja", "ar"])
@pytest.mark.parametrize(
    "viewport", [UPRIGHT, {"width": 375, "height": 667}], ids=["320x568", "375x667"]
)
def test_a_short_upright_phone_keeps_three_chat_lines_under_a_landscape_picture(
    browser: Browser, live_server: LiveServer, captioned: Room, lang: str, viewport: dict[str, int]
) -> None:
    url = f"{live_server.url}/live/{captioned.slug}?store=acme&country=FR&lang={lang}"
    for page in _room_page(browser, url, lang, viewport):
        _open_captioned(page)
        parts = _parts(page)
        assert len(parts[".captions"]) == 1 and len(parts[".pin"]) == 1
        assert not _overlap(parts[".captions"][0], parts[".pin"][0])  # never under the card
        _assert_apart(parts, ".chat-feed", *STACK, ".captions", ".pin", ".composer")
        _assert_lines_clear(page, at_least=3)
        expect(page.locator(".chat-feed .msg-body", has_text="Line 30")).to_be_in_viewport()
        assert page.evaluate("document.documentElement.scrollWidth - innerWidth") == 0
        _assert_labels_on_one_line(page, viewport)


@pytest.mark.parametrize("lang", ["ja", "ar"])
def test_a_short_phone_held_sideways_keeps_three_chat_lines_and_a_whole_banner(
    browser: Browser, live_server: LiveServer, captioned: Room, lang: str
) -> None:
    url = f"{live_server.url}/live/{captioned.slug}?store=acme&country=FR&lang={lang}"
    for page in _room_page(browser, url, lang, SIDEWAYS):
        _open_captioned(page)
        _assert_labels_on_one_line(page, SIDEWAYS)
        parts = _parts(page)
        assert len(parts[".captions"]) == 1 and len(parts[".pin"]) == 1
        assert not _overlap(parts[".captions"][0], parts[".pin"][0])  # never under the card
        feed = parts[".chat-feed"][0]
        assert feed["top"] >= max(box["bottom"] for name in STACK for box in parts[name])
        _assert_apart(parts, ".chat-feed", *STACK, ".captions", ".pin", ".composer")
        _assert_lines_clear(page, at_least=3)

        page.evaluate("document.querySelector('.answering').hidden = false")  # the next one
        parts = _parts(page)
        _assert_apart(parts, ".answering", ".chat-feed", *STACK, ".pin", ".composer")
        whole = "el => el.scrollHeight <= el.clientHeight + 1"
        assert page.locator(".answering").evaluate(whole)  # the question read in full
        _assert_lines_clear(page, at_least=1)
        expect(page.locator(".chat-feed .msg-body", has_text="Line 30")).to_be_in_viewport()
        assert page.evaluate("document.documentElement.scrollWidth - innerWidth") == 0


@pytest.mark.parametrize("lang", ["ja", "ar"])
@pytest.mark.parametrize(
    "viewport",
    [SIDEWAYS, {"width": 667, "height": 375}, {"width": 844, "height": 390}, UPRIGHT],
    ids=["568x320", "667x375", "844x390", "320x568"],
)
def test_a_guest_on_stage_stays_inside_the_screen(
    browser: Browser,
    live_server: LiveServer,
    sponsored: Room,
    lang: str,
    viewport: dict[str, int],
) -> None:
    url = f"{live_server.url}/live/{sponsored.slug}?store=acme&country=FR&lang={lang}"
    for page in _room_page(browser, url, lang, viewport):
        _play(page, 1280, 720)
        page.evaluate("document.querySelector('#pip').hidden = false")  # a guest on stage
        page.evaluate(SETTLED)
        guest = page.locator("#pip").bounding_box()
        assert guest is not None
        assert guest["width"] > 40
        assert guest["height"] == pytest.approx(guest["width"] * 16 / 9, abs=1)  # still 9:16
        assert guest["x"] >= 0 and guest["x"] + guest["width"] <= viewport["width"]
        assert guest["y"] >= 0 and guest["y"] + guest["height"] <= viewport["height"]


# The banner's "the host is answering" words and the question's first characters, as boxes.
BANNER = """() => {
  const banner = document.querySelector(".answering");
  const box = (r) => ({left: r.left, top: r.top, right: r.right, bottom: r.bottom});
  const start = document.createRange();
  const body = banner.querySelector(".answering-body") || banner.querySelector(".answering-text");
  start.selectNodeContents(body);
  start.setEnd(body.firstChild.firstChild || body.firstChild, 2);
  return {box: box(banner.getBoundingClientRect()),
          label: box(banner.querySelector(".answering-label").getBoundingClientRect()),
          start: box(start.getBoundingClientRect()),
          cut: banner.scrollWidth > banner.clientWidth + 1
            || banner.scrollHeight > banner.clientHeight + 1};
}"""


@pytest.mark.parametrize("lang", ["ja", "ar", "fr"])
def test_the_answering_banner_leaves_three_chat_lines_on_the_smallest_phone(
    browser: Browser, live_server: LiveServer, captioned: Room, lang: str
) -> None:
    """320 x 568 under a landscape picture, captions shown: the banner takes a line over the
    picture (the question whole a tap away), not the chat's room."""
    url = f"{live_server.url}/live/{captioned.slug}?store=acme&country=FR&lang={lang}"
    for page in _room_page(browser, url, lang, UPRIGHT):
        expect(page.locator(".ad-label")).to_have_count(2)
        expect(page.locator(".answering")).to_be_visible()  # a question on the air
        page.evaluate("document.querySelector('.sound-on').hidden = false")  # as while muted
        _play(page, 1280, 720)
        page.evaluate(CHAT_LINES, 30)
        page.evaluate("document.querySelector('.captions').hidden = false")  # a line said
        parts = _parts(page)
        _assert_apart(parts, ".answering", ".chat-feed", *STACK, ".captions", ".pin", ".composer")
        _assert_lines_clear(page, at_least=3)
        expect(page.locator(".chat-feed .msg-body", has_text="Line 30")).to_be_in_viewport()
        banner = page.evaluate(BANNER)
        assert _inside(banner["label"], banner["box"])  # it says the host is answering ...
        assert _inside(banner["start"], banner["box"])  # ... and what, its start in view
        assert banner["start"]["right"] > banner["start"]["left"]

        page.locator(".answering").focus()  # tapped: the whole question
        parts = _parts(page)
        assert not page.evaluate(BANNER)["cut"]
        _assert_apart(parts, ".answering", ".chat-feed", *STACK, ".captions", ".pin", ".composer")
        _assert_lines_clear(page, at_least=3)
        assert page.evaluate("document.documentElement.scrollWidth - innerWidth") == 0
