"""Chat lines and the "host is answering" banner in a left-to-right and a right-to-left page.
A viewer's name and what they wrote are separate runs, each in its own direction, with the
separator between them in the page's: "Mia" and "Message" never run together as
"MiaMessage" in Arabic, and the parts of the banner keep their order. What a viewer wrote
stays text: a tag is shown as written, and a direction override in a name cannot reverse
the text after it."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction
from crosslive.events import service as events
from tests.chat.factories import Room
from tests.e2e.conftest import LiveServer

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE, left open
HOSTILE_NAME = f"<b>Eve</b>{RLO}"

# The box of one character: the AT-th of the first NEEDLE in the text of ROOT's text nodes,
# wherever the markup splits them.
CHAR = """([selector, needle, at]) => {
  const root = document.querySelector(selector);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = [];
  let text = "";
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    nodes.push([node, text.length]);
    text += node.data;
  }
  const index = text.indexOf(needle);
  if (index < 0) return null;
  const k = index + at;
  const [node, start] = nodes.filter(([n, s]) => s <= k && k < s + n.data.length)[0];
  const range = document.createRange();
  range.setStart(node, k - start);
  range.setEnd(node, k - start + 1);
  const box = range.getBoundingClientRect();
  return {left: box.left, right: box.right, top: box.top};
}"""


def _char(page: Page, selector: str, needle: str, at: int = 0) -> dict[str, Any]:
    box: dict[str, Any] | None = page.evaluate(CHAR, [selector, needle, at])
    assert box is not None, needle
    return box


def _said(
    session_factory: sessionmaker[Session], room: Room, message_id: int, name: str, body: str
) -> None:
    """A chat message in the show's log, as the room replays it to a viewer who comes in."""
    with transaction(session_factory) as db:
        data = {"message_id": message_id, "name": name, "body": body}
        events.record(db, room.show_id, "message", {**data, "staff": False, "question": False})


def _open(page: Page, live_server: LiveServer, room: Room, lang: str) -> None:
    page.goto(f"{live_server.url}/live/{room.slug}?store=acme&country=FR&lang={lang}")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_name_and_a_message_are_separate_runs_in_either_direction(
    page: Page,
    live_server: LiveServer,
    room: Room,
    session_factory: sessionmaker[Session],
    lang: str,
) -> None:
    _said(session_factory, room, 910001, "Mia", "Message")
    _open(page, live_server, room, lang)
    line = page.locator(".chat-feed .msg", has_text="Message")
    expect(line).to_have_text("Mia: Message")  # a screen reader hears them apart too
    where = '.chat-feed [data-message="910001"]'
    name_first, name_last = _char(page, where, "Mia"), _char(page, where, "Mia", 2)
    body_first, body_last = _char(page, where, "Message"), _char(page, where, "Message", 6)
    assert body_first["left"] < body_last["left"]  # each run reads left to right ...
    assert name_first["left"] < name_last["left"]
    if lang == "ar":  # ... the name first in the page's reading order, apart from the text
        assert name_first["left"] - body_last["right"] >= 4
    else:
        assert body_first["left"] - name_last["right"] >= 4


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_markup_and_a_direction_override_in_a_name_stay_in_the_name(
    page: Page,
    live_server: LiveServer,
    room: Room,
    session_factory: sessionmaker[Session],
    lang: str,
) -> None:
    _said(session_factory, room, 910002, HOSTILE_NAME, "abc xyz")
    _open(page, live_server, room, lang)
    line = page.locator('.chat-feed [data-message="910002"]')
    expect(line.locator(".msg-name")).to_have_text(HOSTILE_NAME)  # shown as written ...
    expect(line.locator(".msg-body")).to_have_text("abc xyz")
    assert page.locator(".chat-feed b").count() == 0  # ... never as markup
    where = '.chat-feed [data-message="910002"]'
    first, last = _char(page, where, "abc xyz"), _char(page, where, "abc xyz", 6)
    assert first["left"] < last["left"]  # the message is not reversed by the name's override


@pytest.mark.parametrize("name", ["Noa", f"Noa{RLO}"])
def test_the_answering_banner_keeps_its_parts_in_order_in_arabic(
    page: Page,
    live_server: LiveServer,
    room: Room,
    session_factory: sessionmaker[Session],
    name: str,
) -> None:
    question = "Does M fit 170 cm?"
    with transaction(session_factory) as db:
        data = {"message_id": 910003, "name": name, "body": question, "host": "Host"}
        events.record(db, room.show_id, "answering", data)
    _open(page, live_server, room, "ar")
    banner = page.locator(".answering")
    expect(banner).to_be_visible()
    expect(banner.locator(".answering-text")).to_have_text(f"{name}: {question}")
    where = ".answering-text"
    name_first = _char(page, where, "Noa")
    body_first, mark = _char(page, where, question), _char(page, where, "?")
    assert body_first["top"] == pytest.approx(mark["top"], abs=2)  # one line (a laptop) ...
    assert body_first["left"] < mark["left"]  # ... the question mark at the question's end
    assert name_first["left"] > mark["right"]  # the asker first, reading right to left
    with transaction(session_factory) as db:  # the answer is over: no banner for later rooms
        events.record(db, room.show_id, "answered", {"message_id": 910003})
