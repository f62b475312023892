"""The live room's markers (the host's label after their name in the chat, the tag before a
viewer's question, the cart drawer's toggle) are words in the page, translated, never English
written into the style sheets."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.chat.factories import Room
from tests.factories import login_form
from tests.live.page_strings import page_strings


def _drawer_toggle(html: str) -> tuple[str, str]:
    found = re.search(
        r'<span class="drawer-open">([^<]*) <span aria-hidden="true">\u203a</span></span>'
        r'<span class="drawer-close">([^<]*)</span>',
        html,
    )
    assert found is not None
    return found.group(1), found.group(2)


@pytest.mark.parametrize(
    ("lang", "host", "question", "checkout", "close"),
    [
        ("de", "Host", "Frage", "Zur Kasse", "Schließen"),
        ("ja", "ホスト", "質問", "購入手続き", "閉じる"),
        ("en", "host", "Question", "Checkout", "Close"),
    ],
)
def test_the_room_carries_its_markers_in_the_viewers_language(
    app_client: TestClient,
    room: Room,
    lang: str,
    host: str,
    question: str,
    checkout: str,
    close: str,
) -> None:
    html = app_client.get(f"/live/{room.slug}?lang={lang}").text
    assert f'<html lang="{lang}"' in html
    strings = page_strings(html)  # what viewer.js puts next to a host's name and before a question
    assert (strings["host"], strings["Question"]) == (host, question)
    assert _drawer_toggle(html) == (checkout, close)


@pytest.mark.parametrize(
    ("accept", "pinned", "question"),
    [("zh-CN,zh;q=0.9", "已置顶", "提问"), ("en-US,en;q=0.9", "pinned", "Question")],
)
def test_the_host_console_carries_its_markers_in_the_sellers_language(
    app_client: TestClient, room: Room, accept: str, pinned: str, question: str
) -> None:
    app_client.post("/admin/login", data=login_form(app_client, room.host_email))
    html = app_client.get(f"/host/{room.slug}", headers={"Accept-Language": accept}).text
    # Every product row carries the tag; the console's style shows it on the pinned ones.
    rows = re.findall(r'<li class="product-row[^"]*" data-product="\d+"', html)
    tags = re.findall(r'<span class="pinned-tag">· ([^<]*)</span>', html)
    assert rows and tags == [pinned] * len(rows)
    assert page_strings(html)["Question"] == question  # host.js tags a question with it
