"""The live room in the viewer's language: from the browser, changed with ?lang= (the switcher
submits it) and remembered in a cookie, never decided by the market."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction
from crosslive.live import service
from crosslive.shows.models import Show
from crosslive.web.language import COOKIE
from tests.chat.factories import Room
from tests.live.page_strings import page_strings

GERMAN = {"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"}


def _pin(session_factory: sessionmaker[Session], room: Room) -> None:
    with transaction(session_factory) as db:
        show = db.get(Show, room.show_id)
        assert show is not None
        service.pin(db, show, room.product_id)


def test_a_german_browser_gets_a_german_room_and_cart(
    app_client: TestClient, session_factory: sessionmaker[Session], room: Room
) -> None:
    _pin(session_factory, room)
    html = app_client.get(f"/live/{room.slug}?country=DE", headers=GERMAN).text
    assert '<html lang="de" dir="ltr">' in html
    assert "Chat beitreten" in html and "Join chat" not in html
    assert "In den Warenkorb" in html and "Warum Sie vertrauen können" in html
    # Prices as German writes them, and the delivery and return terms built from their facts.
    assert re.search(r"<strong>\d+,\d\d\s€</strong>", html)
    assert "Lieferung aus unserem Lager in Rotterdam, Niederlande in" in html
    assert (
        "Rückgabe innerhalb von 14 Tagen an unser Lager in Rotterdam, Niederlande; "
        "das Rücksendeetikett zahlen Sie" in html
    )
    strings = page_strings(html)  # what cart.js and viewer.js show
    assert strings["Your cart"] == "Ihr Warenkorb"
    assert strings["Place order"] == "Bestellung aufgeben"
    assert strings["Total %(amount)s"] == "Gesamt %(amount)s"
    # The start time is handed to the browser to show in the viewer's own zone.
    assert re.search(r'<time class="starts-at" datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ">', html)


def test_an_english_speaker_in_japan_keeps_english(app_client: TestClient, room: Room) -> None:
    html = app_client.get(
        f"/live/{room.slug}?country=JP", headers={"Accept-Language": "en-US,ja;q=0.5"}
    ).text
    assert '<html lang="en" dir="ltr">' in html and "Join chat" in html


def test_lang_arabic_renders_right_to_left_and_sticks(app_client: TestClient, room: Room) -> None:
    first = app_client.get(f"/live/{room.slug}?lang=ar", headers=GERMAN)
    assert '<html lang="ar" dir="rtl">' in first.text
    assert "انضم إلى الدردشة" in first.text
    assert first.cookies.get(COOKIE) == "ar"
    # The next page opens in Arabic without asking, whatever the browser says.
    again = app_client.get(f"/live/{room.slug}", headers=GERMAN)
    assert '<html lang="ar" dir="rtl">' in again.text
    # The switcher offers every language, the current one selected, in its own name.
    picker = again.text.split('<select id="lang"', 1)[1].split("</select>", 1)[0]
    assert re.findall(r'<option value="([A-Za-z-]+)"', picker) == [
        "en",
        "de",
        "fr",
        "es",
        "it",
        "ja",
        "ko",
        "zh-Hans",
        "ar",
        "pt",
        "pl",
        "nl",
    ]
    assert '<option value="pt" lang="pt">Português</option>' in picker
    assert '<option value="pl" lang="pl">Polski</option>' in picker
    assert '<option value="nl" lang="nl">Nederlands</option>' in picker
    assert '<option value="ar" lang="ar" selected>العربية</option>' in picker


def test_an_unknown_lang_changes_nothing(app_client: TestClient, room: Room) -> None:
    response = app_client.get(f"/live/{room.slug}?lang=xx%22%3E", headers=GERMAN)
    assert '<html lang="de" dir="ltr">' in response.text
    assert COOKIE not in response.cookies
