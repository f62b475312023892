"""Where the live picture goes. On a phone held upright a landscape (16:9) picture sits whole
under the header and the stack of ad labels and the sound button, and the chat scrolls
under it: nothing covers the picture, and the message box and the products stay in reach. A
portrait (9:16) picture keeps the full screen with the chat over it; a laptop and a phone
held sideways keep their layout whatever the picture's shape."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth.models import StaffUser
from crosslive.db import transaction
from crosslive.events import service as events
from crosslive.live import service as live_service
from crosslive.live.models import ShowPin
from crosslive.shows.models import Show
from tests.chat.factories import Room
from tests.e2e.conftest import LiveServer

PHONE = {"width": 390, "height": 844}
KEY_PARTS = (".screen > #video", ".room-top", ".top-notes", ".chat-feed", ".shelf", ".composer")

# Feed the player a W x H stream (a painted canvas), as a broadcast of that shape would.
PLAY = """([w, h]) => {
  const canvas = Object.assign(document.createElement("canvas"), {width: w, height: h});
  const paint = () => {
    const c = canvas.getContext("2d");
    c.fillStyle = "#3a7"; c.fillRect(0, 0, w, h);
    c.fillStyle = "#fff"; c.fillRect(w / 2 - 20, h / 2 - 20, 40, 40);
    requestAnimationFrame(paint);
  };
  paint();
  document.querySelector("#video").srcObject = canvas.captureStream(10);
}"""

# The picture as painted: the video's box, the picture scaled into it by object-fit
# (contain: whole; cover: filling it, the overflow cut), centred.
PICTURE = """() => {
  const video = document.querySelector(".screen > #video");
  const b = video.getBoundingClientRect();
  const [w, h] = [video.videoWidth, video.videoHeight];
  const fit = getComputedStyle(video).objectFit;
  const scale = (fit === "cover" ? Math.max : Math.min)(b.width / w, b.height / h);
  const left = b.left + (b.width - w * scale) / 2, top = b.top + (b.height - h * scale) / 2;
  return {left: Math.max(b.left, left), top: Math.max(b.top, top),
          right: Math.min(b.right, left + w * scale), bottom: Math.min(b.bottom, top + h * scale)};
}"""

BOXES = """(selectors) => Object.fromEntries(selectors.map((s) => {
  const r = document.querySelector(s).getBoundingClientRect();
  return [s, {left: r.left, top: r.top, right: r.right, bottom: r.bottom}];
}))"""

# Chat lines as the socket would add them (the feed's own markup), enough to overflow it.
CHAT_LINES = """(count) => {
  const feed = document.querySelector(".chat-feed");
  for (let i = 1; i <= count; i++) {
    const item = Object.assign(document.createElement("li"), {className: "msg"});
    const part = (className, textContent) =>
      Object.assign(document.createElement("span"), {className, textContent});
    item.append(part("msg-name", `Guest ${i}`), part("msg-body", `Line ${i}`));
    feed.append(item);
  }
  feed.scrollTop = feed.scrollHeight;
}"""

SETTLED = "new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    )


@pytest.fixture
def sponsored(room: Room, session_factory: sessionmaker[Session]) -> Room:
    """The room's show sponsored (an ad label), its host paid by the brand (a second label
    that wraps on a phone) and a product pinned."""
    with transaction(session_factory) as db:
        show = db.get(Show, room.show_id)
        assert show is not None
        show.sponsored = True
        db.execute(
            update(StaffUser)
            .where(StaffUser.email == room.host_email)
            .values(paid_by_brand=True, name="Maximiliane Alexandra Rosenberg-Vasconcelos")
        )
        pinned = select(ShowPin.id).where(ShowPin.show_id == show.id)
        if db.scalar(pinned) is None:
            live_service.pin(db, show, room.product_id)
    return room


def _open(
    browser: Browser, url: str, viewport: dict[str, int], mobile: bool, insets: int = 0
) -> Iterator[Page]:
    """A page at URL; INSETS px of the screen's top and bottom edges kept for the phone's
    own bars (a notch, the home bar), as env(safe-area-inset-*) tells the page."""
    context = browser.new_context(
        locale="en-US", viewport=viewport, is_mobile=mobile, has_touch=mobile
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    if insets:
        edges = {"top": insets, "bottom": insets, "left": 0, "right": 0}
        context.new_cdp_session(page).send("Emulation.setSafeAreaInsetsOverride", {"insets": edges})
    page.goto(url)
    yield page
    context.close()


@pytest.fixture(params=["en", "ar"])
def upright(
    request: pytest.FixtureRequest, browser: Browser, live_server: LiveServer, sponsored: Room
) -> Iterator[Page]:
    url = f"{live_server.url}/live/{sponsored.slug}?store=acme&country=FR&lang={request.param}"
    yield from _open(browser, url, PHONE, mobile=True)


def _play(page: Page, width: int, height: int) -> None:
    page.evaluate(PLAY, [width, height])
    page.wait_for_function(f"() => document.querySelector('#video').videoWidth === {width}")
    page.evaluate(SETTLED)


def _boxes(page: Page) -> dict[str, Any]:
    boxes: dict[str, Any] = page.evaluate(BOXES, list(KEY_PARTS))
    return boxes


def test_a_landscape_picture_on_an_upright_phone_is_clear_of_the_chat_and_labels(
    upright: Page,
) -> None:
    page = upright
    expect(page.locator(".ad-label")).to_have_count(2)
    expect(page.locator(".pin")).to_have_count(1)
    page.evaluate("document.querySelector('.sound-on').hidden = false")  # as while muted
    _play(page, 1280, 720)
    # The message box works: a name, then a line that arrives in the chat.
    page.fill("#viewer-name", "Mia")
    page.locator(".join-step button[type=submit]").click()
    page.fill("#message", "Hello from the bus")
    page.locator(".chat-step button[type=submit]").click()
    expect(page.locator(".chat-feed .msg-body", has_text="Hello from the bus")).to_have_count(1)
    page.evaluate(CHAT_LINES, 30)
    page.evaluate(SETTLED)

    picture = page.evaluate(PICTURE)
    assert picture["left"] == pytest.approx(0, abs=0.5)  # the whole width ...
    assert picture["right"] == pytest.approx(PHONE["width"], abs=0.5)
    assert picture["bottom"] - picture["top"] == pytest.approx(PHONE["width"] * 9 / 16, abs=0.5)
    boxes = _boxes(page)
    for part in (".room-top", ".top-notes", ".chat-feed", ".shelf", ".composer"):
        assert not _overlap(picture, boxes[part]), part  # ... and nothing over it
    assert boxes[".top-notes"]["bottom"] <= picture["top"]  # the labels and button above it
    assert boxes[".chat-feed"]["top"] >= picture["bottom"]  # the chat under it
    # The chat scrolls in the space left: the newest line in view, the first a scroll away.
    feed = page.locator(".chat-feed")
    assert feed.evaluate("el => el.scrollHeight > el.clientHeight + 100")
    expect(page.locator(".chat-feed .msg-body", has_text="Line 30")).to_be_in_viewport()
    feed.evaluate("el => { el.scrollTop = 0; }")
    expect(page.locator(".chat-feed .msg-body", has_text="Hello from the bus")).to_be_in_viewport()
    # The product card opens its sheet (nothing lies over it), and nothing scrolls sideways.
    page.locator(".pin-open").click()
    expect(page.locator(".pin dialog.sheet")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth - innerWidth") == 0


def test_the_picture_moves_up_when_the_sound_button_goes(upright: Page) -> None:
    page = upright
    page.evaluate("document.querySelector('.sound-on').hidden = false")
    _play(page, 1280, 720)
    with_button = page.evaluate(PICTURE)["top"]
    page.evaluate("document.querySelector('.sound-on').hidden = true")  # the sound is on
    page.evaluate(SETTLED)
    without = page.evaluate(PICTURE)["top"]
    notes = _boxes(page)[".top-notes"]
    assert without < with_button
    assert notes["bottom"] <= without


def test_a_portrait_picture_fills_an_upright_phone_under_the_chat(
    browser: Browser, live_server: LiveServer, sponsored: Room
) -> None:
    url = f"{live_server.url}/live/{sponsored.slug}?store=acme&country=FR"
    for page in _open(browser, url, PHONE, mobile=True):
        page.evaluate(CHAT_LINES, 6)
        before = _boxes(page)
        _play(page, 720, 1280)
        assert page.evaluate("document.querySelector('.stage').className") == "stage"
        assert _boxes(page) == before  # today's layout: the chat where it was ...
        picture = page.evaluate(PICTURE)
        assert picture == {
            "left": 0,
            "top": 0,
            "right": 390,
            "bottom": 844,
        }  # ... the picture all over
        assert _overlap(picture, before[".chat-feed"])


@pytest.mark.parametrize(
    ("viewport", "mobile"),
    [({"width": 1280, "height": 800}, False), ({"width": 844, "height": 390}, True)],
    ids=["laptop", "phone-sideways"],
)
def test_a_laptop_and_a_phone_held_sideways_keep_their_layout(
    browser: Browser,
    live_server: LiveServer,
    sponsored: Room,
    viewport: dict[str, int],
    mobile: bool,
) -> None:
    url = f"{live_server.url}/live/{sponsored.slug}?store=acme&country=FR"
    for page in _open(browser, url, viewport, mobile):
        page.evaluate("document.querySelector('.sound-on').hidden = false")
        page.evaluate(CHAT_LINES, 6)
        page.evaluate(SETTLED)
        before = _boxes(page)
        _play(page, 1280, 720)
        assert _boxes(page) == before
        assert (
            page.evaluate("getComputedStyle(document.querySelector('.screen-shade')).display")
            == "block"
        )


def test_a_phone_with_a_notch_keeps_the_labels_and_picture_under_its_bars(
    browser: Browser, live_server: LiveServer, sponsored: Room
) -> None:
    url = f"{live_server.url}/live/{sponsored.slug}?store=acme&country=FR"
    for page in _open(browser, url, PHONE, mobile=True, insets=47):
        page.evaluate("document.querySelector('.sound-on').hidden = false")
        _play(page, 1280, 720)
        chip = page.locator(".host-chip").bounding_box()
        assert chip is not None
        assert chip["y"] >= 47  # the header under the notch ...
        boxes = _boxes(page)
        assert boxes[".top-notes"]["top"] >= chip["y"] + chip["height"]  # ... the labels under it
        picture = page.evaluate(PICTURE)
        assert boxes[".top-notes"]["bottom"] <= picture["top"]  # ... and the picture under them
        for part in (".chat-feed", ".shelf", ".composer"):
            assert not _overlap(picture, boxes[part]), part
        message = page.locator("#viewer-name").bounding_box()
        assert message is not None
        assert message["y"] + message["height"] <= PHONE["height"] - 47  # above the home bar


def test_on_a_short_phone_the_picture_shrinks_rather_than_go_under_the_products(
    browser: Browser, live_server: LiveServer, sponsored: Room
) -> None:
    """320 x 568, in Japanese: the header's two rows and the two labels leave less room than
    a picture the phone's width needs."""
    url = f"{live_server.url}/live/{sponsored.slug}?store=acme&country=FR&lang=ja"
    for page in _open(browser, url, {"width": 320, "height": 568}, mobile=True):
        page.evaluate("document.querySelector('.sound-on').hidden = false")
        _play(page, 1280, 720)
        picture = page.evaluate(PICTURE)
        boxes = _boxes(page)
        assert boxes[".top-notes"]["bottom"] <= picture["top"]
        assert picture["bottom"] <= boxes[".shelf"]["top"]
        assert picture["bottom"] - picture["top"] > 100  # smaller, still there


def test_the_full_screen_comes_back_when_the_picture_stops(upright: Page) -> None:
    _play(upright, 1280, 720)
    assert upright.evaluate("document.querySelector('.stage').className") == "stage wide-picture"
    upright.evaluate("document.querySelector('#video').srcObject = null")  # the show ended
    upright.wait_for_function("() => document.querySelector('#video').videoWidth === 0")
    upright.evaluate(SETTLED)
    assert upright.evaluate("document.querySelector('.stage').className") == "stage"
    assert upright.locator(".screen > #video").bounding_box() == {
        "x": 0,
        "y": 0,
        "width": 390,
        "height": 844,
    }


def test_captions_get_a_band_under_the_picture_over_no_chat(
    browser: Browser,
    live_server: LiveServer,
    sponsored: Room,
    session_factory: sessionmaker[Session],
) -> None:
    with transaction(session_factory) as db:  # the host's captions on, and a line said
        events.record(db, sponsored.show_id, "captions", {"enabled": True})
        line = "This linen shirt is only thirty-nine dollars today, in every size we have"
        caption = {"body": line, "lang": "en", "line_id": 1, "start_ms": 0, "end_ms": 9000}
        events.record(db, sponsored.show_id, "caption", caption)
    url = f"{live_server.url}/live/{sponsored.slug}?store=acme&country=FR&lang=en"
    for page in _open(browser, url, PHONE, mobile=True):
        page.evaluate(CHAT_LINES, 12)
        _play(page, 1280, 720)
        expect(page.locator(".captions")).to_have_text(re.compile("thirty-nine dollars"))
        picture = page.evaluate(PICTURE)
        boxes = page.evaluate(BOXES, [".captions", ".chat-feed", ".captions-toggle"])
        assert not _overlap(picture, boxes[".captions"])  # under the picture ...
        assert boxes[".captions"]["bottom"] <= boxes[".chat-feed"]["top"]  # ... over no chat
        assert boxes[".captions-toggle"]["bottom"] <= picture["top"]  # the CC button above it


@pytest.mark.parametrize(
    "viewport", [PHONE, {"width": 844, "height": 390}], ids=["upright", "sideways"]
)
def test_the_answering_banner_leaves_the_newest_chat_line_in_view(
    browser: Browser,
    live_server: LiveServer,
    sponsored: Room,
    session_factory: sessionmaker[Session],
    viewport: dict[str, int],
) -> None:
    """Upright, under a landscape picture; sideways, where the chat's box reaches up beside
    the labels: either way the banner covers none of the chat's lines."""
    with transaction(session_factory) as db:  # the host answers a question on the air
        question = {"message_id": 920001, "name": "Noa", "body": "Does M fit 170 cm?"}
        events.record(db, sponsored.show_id, "answering", {**question, "host": "Mia"})
    url = f"{live_server.url}/live/{sponsored.slug}?store=acme&country=FR"
    for lang in ("en", "ar"):
        for page in _open(browser, f"{url}&lang={lang}", viewport, mobile=True):
            banner = page.locator(".answering")
            expect(banner).to_be_visible()
            page.evaluate("document.querySelector('.sound-on').hidden = false")
            _play(page, 1280, 720)
            page.evaluate("document.querySelector('.answering').hidden = true")  # answered
            page.evaluate(CHAT_LINES, 30)
            page.evaluate(SETTLED)
            clear = _boxes(page)[".chat-feed"]
            page.evaluate("document.querySelector('.answering').hidden = false")  # the next
            page.evaluate(SETTLED)
            shown = page.evaluate(BOXES, [".answering", ".chat-feed", ".chat-feed .msg:last-child"])
            newest, feed = shown[".chat-feed .msg:last-child"], shown[".chat-feed"]
            assert not _overlap(shown[".answering"], feed)  # the chat ends above the banner ...
            assert newest["bottom"] <= shown[".answering"]["top"]  # ... its newest line too,
            assert feed["top"] <= newest["top"] and newest["bottom"] <= feed["bottom"] + 0.5
            assert feed["top"] == clear["top"]  # the chat keeps its top ...
            page.evaluate("document.querySelector('.answering').hidden = true")
            page.evaluate(SETTLED)
            assert _boxes(page)[".chat-feed"] == clear  # ... and its room when the banner goes
    with transaction(session_factory) as db:
        events.record(db, sponsored.show_id, "answered", {"message_id": 920001})
