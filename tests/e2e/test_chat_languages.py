"""Chat across languages in two browsers: a German and a Japanese viewer in one room each read
the other's message in their own language (translated through the LibreTranslate-protocol
test server), with the original a tap away; and each asks a question in their language and
reads the store's instant answer, in that language, under it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth import service as auth_service
from crosslive.db import transaction
from crosslive.settings import Settings
from tests.chat.factories import Room, make_room
from tests.e2e.conftest import LiveServer
from tests.translation.libretranslate_server import LibreTranslateStub


@pytest.fixture
def room(session_factory: sessionmaker[Session], settings: Settings) -> Room:
    with transaction(session_factory) as db:
        seller_id = auth_service.create_seller(db, slug="acme", name="Acme Outfitters").id
    return make_room(session_factory, settings, seller_id)


@pytest.fixture
def translated_server(
    settings: Settings, room: Room, libretranslate: LibreTranslateStub
) -> Iterator[LiveServer]:
    server = LiveServer(
        settings.model_copy(
            update={"translation_provider": "libretranslate", "translation_url": libretranslate.url}
        )
    )
    server.start()
    yield server
    server.stop()


def _viewer(browser: Browser, server: LiveServer, room: Room, locale: str, name: str) -> Page:
    context = browser.new_context(locale=locale, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{server.url}/live/{room.slug}?country=US")
    page.fill("#viewer-name", name)
    page.click(".join-step button[type=submit]")  # labelled in the page's language
    expect(page.locator("#message")).to_be_visible()
    return page


def test_german_and_japanese_viewers_read_each_other_in_their_language(
    browser: Browser, translated_server: LiveServer, room: Room
) -> None:
    hans = _viewer(browser, translated_server, room, "de-DE", "Hans")
    yuki = _viewer(browser, translated_server, room, "ja-JP", "Yuki")
    try:
        hans.fill("#message", "Ist die Tasche wasserdicht?")
        hans.press("#message", "Enter")
        seen_by_yuki = yuki.locator(".chat-feed .msg", has_text="Hans")
        expect(seen_by_yuki.locator(".msg-body")).to_have_text("そのバッグは防水ですか？")
        expect(seen_by_yuki.locator(".msg-body")).to_have_attribute("lang", "ja")
        toggle = seen_by_yuki.locator(".msg-original")
        expect(toggle).to_have_text("原文")  # the page's own language labels it
        toggle.click()  # the original, a tap away
        expect(seen_by_yuki.locator(".msg-body")).to_have_text("Ist die Tasche wasserdicht?")
        expect(toggle).to_have_text("翻訳")

        yuki.fill("#message", "サイズMはありますか？")
        yuki.press("#message", "Enter")
        seen_by_hans = hans.locator(".chat-feed .msg", has_text="Yuki")
        expect(seen_by_hans.locator(".msg-body")).to_have_text("Gibt es Größe M?")
        # Their own line each reads as written, without a translation toggle.
        own = hans.locator(".chat-feed .msg", has_text="Hans")
        expect(own.locator(".msg-body")).to_have_text("Ist die Tasche wasserdicht?")
        expect(own.locator(".msg-original")).to_have_count(0)
    finally:
        hans.context.close()
        yuki.context.close()


def _room_viewer(
    browser: Browser, server: LiveServer, room: Room, locale: str, country: str, name: str
) -> Page:
    context = browser.new_context(locale=locale, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(20_000)  # the first answer loads the embedding model
    page.goto(f"{server.url}/live/{room.slug}?country={country}")
    page.fill("#viewer-name", name)
    page.click(".join-step button[type=submit]")
    expect(page.locator("#message")).to_be_visible()
    return page


def _ask(page: Page, question: str) -> None:
    page.locator("[name=question]").check()
    page.fill("#message", question)
    page.press("#message", "Enter")


def test_german_and_japanese_viewers_ask_in_their_language_and_read_the_answers(
    browser: Browser, translated_server: LiveServer, room: Room
) -> None:
    hans = _room_viewer(browser, translated_server, room, "de-DE", "DE", "Hans")
    yuki = _room_viewer(browser, translated_server, room, "ja-JP", "JP", "Yuki")
    try:
        # Each reads the other's chat line in their own language first.
        hans.fill("#message", "Ist die Tasche wasserdicht?")
        hans.press("#message", "Enter")
        seen_by_yuki = yuki.locator(".chat-feed .msg", has_text="Hans")
        expect(seen_by_yuki.locator(".msg-body")).to_have_text("そのバッグは防水ですか？")
        yuki.fill("#message", "サイズMはありますか？")
        yuki.press("#message", "Enter")
        seen_by_hans = hans.locator(".chat-feed .msg", has_text="Yuki")
        expect(seen_by_hans.locator(".msg-body")).to_have_text("Gibt es Größe M?")

        _ask(hans, "Wie lange dauert der Versand nach Deutschland?")
        _ask(yuki, "返品は無料ですか？")
        # Each answer sits under its own question, in the asker's language, with the
        # store's facts: the EU market's fastest route (Rotterdam, 2-4 days) for Germany,
        # the JP market's 7 days to Tokyo with the label paid by the store.
        german = hans.locator(
            ".chat-feed .msg.question", has_text="Wie lange dauert der Versand"
        ).locator(".auto-answer")
        expect(german).to_contain_text(
            "Lieferung – Deutschland: 2-4 Tage. Versandlager: Rotterdam."  # noqa: RUF001
        )
        expect(german).to_have_attribute("lang", "de")
        japanese = yuki.locator(".chat-feed .msg.question", has_text="返品は無料ですか").locator(
            ".auto-answer"
        )
        expect(japanese).to_have_text(
            "7日以内なら返品できます。返品先はTokyoの倉庫です。"
            "返送ラベルは当店が負担します（返品送料は無料）。"  # noqa: RUF001
        )
        expect(japanese).to_have_attribute("lang", "ja")
        # Each reads the other's answer in their own language too, written from the same
        # facts; neither reads an English answer, and each question got exactly one.
        yukis = hans.locator(".chat-feed .msg.question", has_text="Yuki").locator(".auto-answer")
        expect(yukis).to_contain_text("innerhalb von 7 Tagen zurückgeben")
        expect(yukis).to_have_attribute("lang", "de")
        hanses = yuki.locator(".chat-feed .msg.question", has_text="Hans").locator(".auto-answer")
        expect(hanses).to_contain_text("2-4")
        expect(hanses).to_have_attribute("lang", "ja")
        expect(hans.locator(".chat-feed .msg.question .auto-answer")).to_have_count(2)
        expect(hans.locator(".auto-answer", has_text="Delivery")).to_have_count(0)
    finally:
        hans.context.close()
        yuki.context.close()
