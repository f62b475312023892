"""A viewer opens a product's page from the live room's sheet: it reads in their language
and market, switching the market changes the price, and the page carries its schema.org
JSON-LD (as the browser parses it) without the page policy refusing anything."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction
from crosslive.live import service as live_service
from crosslive.markets import service as markets_service
from crosslive.markets.models import Market
from crosslive.shows.models import Show, ShowProduct
from tests.chat.factories import Room


@pytest.fixture
def featured(session_factory: sessionmaker[Session], room: Room) -> Room:
    with transaction(session_factory) as db:
        db.add(ShowProduct(show_id=room.show_id, product_id=room.product_id, position=1))
        db.flush()
        show = db.get(Show, room.show_id)
        assert show is not None
        live_service.pin(db, show, room.product_id)
    return room


def test_from_the_sheet_to_the_product_page(
    page: Page, live_server: object, featured: Room
) -> None:
    url = live_server.url  # type: ignore[attr-defined]
    page.goto(f"{url}/live/{featured.slug}?country=DE&lang=de")
    link = page.locator(f'.pin[data-product="{featured.product_id}"] .product-page-link a').first
    href = link.get_attribute("href")
    assert href == "/s/acme/products/linen-shirt?country=DE"

    page.goto(f"{url}{href}")
    expect(page.locator("h1")).to_have_text("Linen Shirt")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator("[data-price]")).to_contain_text("45,00")
    expect(page.locator(".featured-in a.watch")).to_have_text("Zur Show")
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content() or "")
    assert data["@type"] == "Product" and data["name"] == "Linen Shirt"
    assert {o["priceCurrency"] for o in data["offers"]} == {"USD", "EUR", "JPY"}

    page.select_option("#country", "JP")
    page.locator(".market-pick button[type=submit]").click()
    page.wait_for_url("**country=JP**")
    expect(page.locator("[data-price]")).to_contain_text("7.200")  # still in German
    page.locator(".featured-in a.watch").click()
    page.wait_for_url(f"**/live/{featured.slug}?store=acme&country=JP")


def test_english_product_words_keep_their_direction_on_an_arabic_page(
    page: Page, live_server: object, featured: Room
) -> None:
    """The seller's untranslated words (the title, the materials) read left to right inside
    the right-to-left page and sheet: '65 W Charger, 3 Ports' must not become
    'Charger, 3 Ports 65 W'."""
    url = live_server.url  # type: ignore[attr-defined]
    direction = "el => getComputedStyle(el).direction"
    page.goto(f"{url}/s/acme/products/linen-shirt?lang=ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert page.locator("h1").evaluate(direction) == "ltr"
    assert page.locator(".materials bdi").evaluate(direction) == "ltr"
    assert page.locator(".materials strong").evaluate(direction) == "rtl"
    # '96 cm' stays '96 cm' (not 'cm 96') in the size chart.
    assert page.locator(".size-chart td .cm").first.evaluate(direction) == "ltr"
    assert page.locator(".size-chart td .in").first.evaluate(direction) == "ltr"

    page.goto(f"{url}/live/{featured.slug}?lang=ar")
    pin = page.locator(f'.pin[data-product="{featured.product_id}"]').first
    assert pin.locator(".pin-title").evaluate(direction) == "ltr"
    assert pin.locator(".sheet h2").evaluate(direction) == "ltr"


def test_support_days_are_listed_monday_first_in_the_pages_language(
    page: Page, live_server: object, featured: Room
) -> None:
    """A week of support windows that starts on a Saturday still reads Monday first, and
    the days are listed as the language lists things."""
    url = live_server.url  # type: ignore[attr-defined]
    page.goto(f"{url}/s/acme/products/linen-shirt?lang=ja")
    windows = [  # Saturday, Monday and Tuesday, 10:00-19:00 in Tokyo
        ["2026-12-05T01:00:00Z", "2026-12-05T10:00:00Z"],
        ["2026-12-07T01:00:00Z", "2026-12-07T10:00:00Z"],
        ["2026-12-08T01:00:00Z", "2026-12-08T10:00:00Z"],
    ]
    describe = """async ([windows, lang]) => {
        const hours = await import("/static/shop/support-hours.js");
        return hours.describe(windows, "Asia/Tokyo", lang);
    }"""
    assert page.evaluate(describe, [windows, "ja"]) == "月、火、土 10:00\u201319:00"
    assert page.evaluate(describe, [windows, "en"]) == "Mon, Tue, and Sat 10:00 AM\u201307:00 PM"


@pytest.mark.parametrize(
    ("lang", "joined"),
    [
        ("ja", "月 10:00\u201319:00、火 09:00\u201318:00"),
        ("zh-Hans", "周一 10:00\u201319:00\uff1b周二 09:00\u201318:00"),  # a full-width ;
        ("en", "Mon 10:00 AM\u201307:00 PM; Tue 09:00 AM\u201306:00 PM"),
    ],
)
def test_days_with_other_support_hours_are_joined_as_the_pages_language_joins_clauses(
    page: Page, live_server: object, featured: Room, lang: str, joined: str
) -> None:
    url = live_server.url  # type: ignore[attr-defined]
    page.goto(f"{url}/s/acme/products/linen-shirt?lang={lang}")
    windows = [  # Monday 10:00-19:00 and Tuesday 09:00-18:00 in Tokyo
        ["2026-12-07T01:00:00Z", "2026-12-07T10:00:00Z"],
        ["2026-12-08T00:00:00Z", "2026-12-08T09:00:00Z"],
    ]
    describe = """async ([windows, lang]) => {
        const hours = await import("/static/shop/support-hours.js");
        return hours.describe(windows, "Asia/Tokyo", lang);
    }"""
    assert page.evaluate(describe, [windows, lang]) == joined


def test_support_hours_name_the_stores_time_zone_in_the_pages_language(
    page: Page, live_server: object, featured: Room, session_factory: sessionmaker[Session]
) -> None:
    """The store's hours, once the page has rewritten them, name its zone as the reader's
    language does ('Nordamerikanische Westküstenzeit'), not by its id (America/Los_Angeles)."""
    with transaction(session_factory) as db:
        market = db.scalars(
            select(Market).where(Market.seller_id == featured.seller_id, Market.code == "US")
        ).one()
        markets_service.set_support(
            market,
            timezone="America/Los_Angeles",
            opens="08:00",
            closes="17:00",
            weekdays=[0, 1, 2, 3, 4],
            response_hours=6,
        )
    url = live_server.url  # type: ignore[attr-defined]
    page.goto(f"{url}/s/acme/products/linen-shirt?country=US&lang=de")
    hours = page.locator(".support-hours")
    # As support-hours.js rewrites them, days in German, the zone by its German name.
    expect(hours).to_have_text(
        "Mo, Di, Mi, Do und Fr 08:00\u201317:00 (Nordamerikanische Westküstenzeit)"
    )
    expect(page.locator(".support")).not_to_contain_text("America/Los_Angeles")
