"""A product's public page: in the viewer's language and market (price in the market's
currency, delivery promise and return terms as the live room's sheet states them), the show
that features it, canonical and per-language alternate addresses, and the live room's sheet
linking to it."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.models import Product
from crosslive.db import transaction
from crosslive.i18n import SUPPORTED
from crosslive.live import service as live_service
from crosslive.shows.models import Show, ShowProduct, ShowState
from tests.chat.factories import Room

PAGE = "/s/acme/products/linen-shirt"


@pytest.fixture
def featured(session_factory: sessionmaker[Session], room: Room) -> Room:
    """The shirt is in the show's line-up (and pinned, for the sheet)."""
    with transaction(session_factory) as db:
        db.add(ShowProduct(show_id=room.show_id, product_id=room.product_id, position=1))
        db.flush()
        show = db.get(Show, room.show_id)
        assert show is not None
        live_service.pin(db, show, room.product_id)
    return room


def test_two_languages_and_two_markets(app_client: TestClient, featured: Room) -> None:
    german_eu = app_client.get(f"{PAGE}?country=DE&lang=de")
    assert german_eu.status_code == 200
    html = german_eu.text
    assert '<html lang="de"' in html
    assert "Linen Shirt" in html
    assert "45,00\xa0€" in html  # EUR, as German writes it
    # The EU market's promise and return terms, in German, as the live room's sheet says them.
    assert "Lieferung aus unserem Lager in Rotterdam, Niederlande in 2\u20134 Tagen" in html
    assert "Rückgabe innerhalb von 14 Tagen" in html
    assert "Nächste Show: Spring linen drop" in html
    assert 'href="/live/spring-drop?store=acme&amp;country=DE"' in html

    japanese_jp = app_client.get(f"{PAGE}?country=JP&lang=ja").text
    assert '<html lang="ja"' in japanese_jp
    assert "￥7,200" in japanese_jp or "¥7,200" in japanese_jp
    assert "45,00" not in japanese_jp
    assert "7日以内" in japanese_jp  # JP: a seven-day return window

    english_us = app_client.get(f"{PAGE}?country=US&lang=en").text
    assert "$49.00" in english_us and "$59.00" in english_us  # with its compare-at price
    assert "Return within 30 days to our Los Angeles, United States warehouse; we pay" in english_us


def test_canonical_and_one_alternate_per_language(app_client: TestClient, featured: Room) -> None:
    html = app_client.get(f"{PAGE}?lang=fr&country=FR").text
    base = "http://127.0.0.1:8000" + PAGE
    assert f'<link rel="canonical" href="{base}?lang=fr">' in html
    for tag in SUPPORTED:
        assert f'<link rel="alternate" hreflang="{tag}" href="{base}?lang={tag}">' in html
    assert f'<link rel="alternate" hreflang="x-default" href="{base}">' in html


def test_by_id_and_never_a_draft_or_another_stores(
    app_client: TestClient, featured: Room, session_factory: sessionmaker[Session]
) -> None:
    by_id = app_client.get(f"/s/acme/products/{featured.product_id}?lang=en")
    assert by_id.status_code == 200 and "Linen Shirt" in by_id.text
    # The canonical address names the product by its handle, however it was opened.
    assert 'rel="canonical" href="http://127.0.0.1:8000/s/acme/products/linen-shirt?lang=en"' in (
        by_id.text
    )
    assert app_client.get("/s/nobody/products/linen-shirt").status_code == 404
    assert app_client.get("/s/acme/products/no-such-thing").status_code == 404
    with transaction(session_factory) as db:
        product = db.get(Product, featured.product_id)
        assert product is not None
        product.published = False
    assert app_client.get(PAGE).status_code == 404


def test_the_live_show_wins_over_the_next(
    app_client: TestClient, featured: Room, session_factory: sessionmaker[Session]
) -> None:
    with transaction(session_factory) as db:
        show = db.get(Show, featured.show_id)
        assert show is not None
        show.state = ShowState.LIVE
    html = app_client.get(f"{PAGE}?country=US&lang=en").text
    assert "Live now: Spring linen drop" in html


def test_the_live_rooms_sheet_links_to_the_page(app_client: TestClient, featured: Room) -> None:
    room = app_client.get(f"/live/{featured.slug}?country=DE&lang=en").text
    assert f'href="{PAGE}?country=DE"' in room
    sheet = app_client.get(f"/live/{featured.slug}/cards/{featured.product_id}?country=DE").text
    assert f'href="{PAGE}?country=DE"' in sheet


def test_the_size_chart_columns_read_in_the_pages_language(
    app_client: TestClient, session_factory: sessionmaker[Session], featured: Room
) -> None:
    """A usual measurement name is translated by the page; one the pages do not know reads
    as the seller named it, its underscores as spaces."""
    with transaction(session_factory) as db:
        product = db.get(Product, featured.product_id)
        assert product is not None
        for row in product.size_chart:
            row.measurements_cm = {**row.measurements_cm, "foot_length": 25.0, "hem_width": 50.0}
    heads = {}
    for lang in ("en", "ja"):
        page = app_client.get(f"{PAGE}?country=US&lang={lang}").text
        chart = page.split('<section class="size-chart">', 1)[1].split("</thead>", 1)[0]
        heads[lang] = re.findall(r'<th scope="col">([^<]*)</th>', chart)
    assert heads == {
        "en": ["Size", "Chest", "Length", "Foot length", "Hem width"],
        "ja": ["サイズ", "胸囲", "丈", "足長", "Hem width"],
    }


def test_japanese_sentences_end_with_a_japanese_full_stop(
    app_client: TestClient, featured: Room
) -> None:
    """The delivery and return terms (on the page and in the live room's sheet) end as
    Japanese ends a sentence, not with an English full stop."""
    for url in (f"{PAGE}?country=JP&lang=ja", f"/live/{featured.slug}?country=JP&lang=ja"):
        html = app_client.get(url).text
        delivery = re.search(r'<p class="delivery">(.*?)</p>', html)
        returns = re.search(r'<p class="returns">(.*?)</p>', html)
        assert delivery is not None and returns is not None
        japanese = "Tokyo（日本）の倉庫から発送、1〜2日でお届け。"  # noqa: RUF001
        assert delivery.group(1).endswith(japanese), delivery.group(1)
        assert returns.group(1).endswith("。"), returns.group(1)
        assert ")." not in delivery.group(1) + returns.group(1)
    english = app_client.get(f"{PAGE}?country=JP&lang=en").text
    assert re.search(r'<p class="delivery">.*Tokyo, Japan warehouse in 1-2 days\.</p>', english)


# Japan as each viewer language names it (CLDR, written out so a wrong lookup shows).
JAPAN = {
    "en": "Japan",
    "de": "Japan",
    "es": "Japón",
    "fr": "Japon",
    "it": "Giappone",
    "pt": "Japão",
    "pl": "Japonia",
    "nl": "Japan",
    "ja": "日本",
    "ko": "일본",
    "zh-Hans": "日本",
    "ar": "اليابان",
}


def test_the_delivery_and_return_lines_name_the_warehouse_city_once_in_every_language(
    app_client: TestClient, featured: Room
) -> None:
    """The delivery promise and the return terms say where the warehouse is once: its city
    and its country's name in the page's language (never the bare code), on the page and in
    the live room's sheet."""
    for tag in SUPPORTED:
        for url in (PAGE, f"/live/{featured.slug}"):
            html = app_client.get(f"{url}?country=JP&lang={tag}").text
            for line in ("delivery", "returns"):
                found = re.search(rf'<p class="{line}">(.*?)</p>', html)
                assert found is not None, (tag, url, line)
                assert found.group(1).count("Tokyo") == 1, (tag, found.group(1))
                assert JAPAN[tag] in found.group(1), (tag, found.group(1))
                assert "JP" not in found.group(1), (tag, found.group(1))


def test_the_size_chart_writes_numbers_with_the_languages_decimal_sign(
    app_client: TestClient, featured: Room
) -> None:
    def inches(lang: str) -> list[str]:
        html = app_client.get(f"{PAGE}?country=DE&lang={lang}").text
        chart = html.split('<section class="size-chart">', 1)[1].split("</section>", 1)[0]
        return re.findall(r"<small class=\"in\" dir=\"auto\">([^<]*) in</small>", chart)

    english, german = inches("en"), inches("de")
    assert english and len(english) == len(german)
    assert all(re.fullmatch(r"\d+\.\d", value) for value in english)
    assert german == [value.replace(".", ",") for value in english]
