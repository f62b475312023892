"""The ship-to picker of the live room and the product page: each country by its name in
the page's language with the market's currency, in that language's alphabetical order."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction
from crosslive.markets.models import Market
from tests.chat.factories import Room

PAGE = "/s/acme/products/linen-shirt"
OPTION = re.compile(r'<option value="([A-Z]{2})"(?: selected)?>([^<]+)</option>')


@pytest.fixture
def austria(session_factory: sessionmaker[Session], room: Room) -> Room:
    """The EU market also ships to Austria ("Österreich": its umlaut files it with the O's)."""
    with transaction(session_factory) as db:
        eu = db.scalars(select(Market).where(Market.code == "EU")).one()
        eu.countries = [*eu.countries, "AT"]
    return room


def _picker(html: str) -> list[tuple[str, str]]:
    return [(code, text) for code, text in OPTION.findall(html) if " · " in text]


GERMAN = [
    ("DE", "Deutschland · EUR"),
    ("FR", "Frankreich · EUR"),
    ("JP", "Japan · JPY"),
    ("NL", "Niederlande · EUR"),
    ("AT", "Österreich · EUR"),
    ("US", "Vereinigte Staaten · USD"),
]
# Kana in their syllabary order, reading past the long vowel mark; kanji after kana.
JAPANESE = [
    ("US", "アメリカ合衆国 · USD"),
    ("AT", "オーストリア · EUR"),
    ("NL", "オランダ · EUR"),
    ("DE", "ドイツ · EUR"),
    ("FR", "フランス · EUR"),
    ("JP", "日本 · JPY"),
]


def test_the_product_page_names_countries_in_german_and_japanese(
    app_client: TestClient, austria: Room
) -> None:
    assert _picker(app_client.get(f"{PAGE}?country=DE&lang=de").text) == GERMAN
    assert _picker(app_client.get(f"{PAGE}?country=JP&lang=ja").text) == JAPANESE


def test_the_live_room_names_countries_in_german_and_japanese(
    app_client: TestClient, austria: Room
) -> None:
    german = app_client.get(f"/live/{austria.slug}?country=AT&lang=de").text
    assert _picker(german) == GERMAN
    assert '<option value="AT" selected>Österreich · EUR</option>' in german
    assert _picker(app_client.get(f"/live/{austria.slug}?country=JP&lang=ja").text) == JAPANESE
