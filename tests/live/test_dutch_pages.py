"""Dutch viewers read the live room and a product page in Dutch (the informal "je" of Dutch
web shops), with prices written the way Dutch writes them (Babel's nl locale: the currency
first, a point between thousands, a comma before the cents: "€ 1.234,50")."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from crosslive import i18n
from crosslive.mail.languages import email_language
from crosslive.web.language import COOKIE
from tests.chat.factories import Room
from tests.live.page_strings import page_strings

DUTCH = {"Accept-Language": "nl-NL,nl;q=0.9,en;q=0.5"}
PAGE = "/s/acme/products/linen-shirt"


def test_dutch_is_a_full_language_written_left_to_right() -> None:
    assert "nl" in i18n.SUPPORTED and "nl" not in i18n.LABEL_ONLY
    assert i18n.direction("nl") == "ltr" and frozenset({"ar"}) == i18n.RIGHT_TO_LEFT
    assert i18n.negotiate("nl-NL,en;q=0.5") == "nl" and i18n.negotiate("nl-BE") == "nl"
    assert i18n.native_name("nl") == "Nederlands"
    assert i18n.format_price(i18n.Decimal("1234.50"), "EUR", "nl") == "€\xa01.234,50"
    # A Dutch buyer's emails are written in Dutch, not in the market's first language.
    assert email_language("nl-NL", ("en", "de")) == "nl-NL"
    assert i18n.translations("nl-NL").gettext("{store}: your order") == "{store}: je bestelling"


def test_a_dutch_browser_gets_the_live_room_in_dutch(app_client: TestClient, pinned: Room) -> None:
    response = app_client.get(f"/live/{pinned.slug}?country=DE", headers=DUTCH)
    html = response.text
    assert '<html lang="nl" dir="ltr">' in html
    assert "Meechatten" in html and "Join chat" not in html
    assert "In winkelwagen" in html and "Waarom je het kunt vertrouwen" in html
    # The EU market's euro price as Dutch writes it, and its terms in Dutch.
    assert re.search(r"<strong>€\xa0\d+,\d\d</strong>", html)
    assert "Verzonden vanuit ons magazijn in Rotterdam (Nederland) binnen 2\u20134 dagen" in html
    assert "Retourneren binnen 14 dagen naar ons magazijn in Rotterdam (Nederland)" in html
    strings = page_strings(html)  # what cart.js and viewer.js show
    assert strings["Your cart"] == "Je winkelwagen"
    assert strings["Place order"] == "Bestel en betaal"
    assert strings["Total %(amount)s"] == "Totaal %(amount)s"
    assert COOKIE not in response.cookies  # the browser chose it; nothing to remember


def test_a_product_page_in_dutch_writes_prices_as_dutch_does(
    app_client: TestClient, pinned: Room
) -> None:
    eu = app_client.get(f"{PAGE}?country=DE&lang=nl").text
    assert '<html lang="nl"' in eu
    assert "€\xa045,00" in eu
    assert "Maattabel" in eu and "Volgende show: Spring linen drop" in eu
    assert "Verzonden vanuit ons magazijn in Rotterdam (Nederland) binnen 2\u20134 dagen" in eu
    # Yen: a point between thousands and the sign first (Polish: '7 200 JPY').
    japan = app_client.get(f"{PAGE}?country=JP&lang=nl").text
    assert "JP¥\xa07.200" in japan and "7,200" not in japan
    assert "Retourneren binnen 7 dagen naar ons magazijn in Tokyo (Japan)" in japan
    # The size chart's inches with a decimal comma.
    chart = eu.split('<section class="size-chart">', 1)[1].split("</section>", 1)[0]
    inches = re.findall(r"<small class=\"in\" dir=\"auto\">([^<]*) in</small>", chart)
    assert inches and all(re.fullmatch(r"\d+,\d", value) for value in inches)
