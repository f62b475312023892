"""Chat across languages in two browsers: a German and a Japanese viewer in one room each read
the other's message in their own language (translated through the LibreTranslate-protocol
test server), with the original a tap away."""

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
