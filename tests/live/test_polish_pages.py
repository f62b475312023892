"""Polish viewers read the live room and a product page in Polish, with prices written the way
Polish writes them (Babel's pl locale: a comma for decimals, a non-breaking space between
thousands, the currency after the amount)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from crosslive import i18n
from crosslive.db import transaction
from crosslive.live import service as live_service
from crosslive.mail.languages import email_language
from crosslive.shows.models import Show, ShowProduct
from crosslive.web.language import COOKIE
from tests.chat.factories import Room
from tests.live.page_strings import page_strings

POLISH = {"Accept-Language": "pl-PL,pl;q=0.9,en;q=0.5"}
PAGE = "/s/acme/products/linen-shirt"


@pytest.fixture
def featured(session_factory: sessionmaker[Session], room: Room) -> Room:
    """The shirt is in the show's line-up and pinned."""
    with transaction(session_factory) as db:
        db.add(ShowProduct(show_id=room.show_id, product_id=room.product_id, position=1))
        db.flush()
        show = db.get(Show, room.show_id)
        assert show is not None
        live_service.pin(db, show, room.product_id)
    return room


def test_polish_is_a_full_language_written_left_to_right() -> None:
    assert "pl" in i18n.SUPPORTED and "pl" not in i18n.LABEL_ONLY
    assert i18n.direction("pl") == "ltr" and frozenset({"ar"}) == i18n.RIGHT_TO_LEFT
    assert i18n.negotiate("pl-PL,en;q=0.5") == "pl"
    assert i18n.native_name("pl") == "Polski"
    assert i18n.format_price(i18n.Decimal("1234.50"), "EUR", "pl") == "1\xa0234,50\xa0€"
    # A Polish buyer's emails are written in Polish, not in the market's first language.
    assert email_language("pl-PL", ("en", "de")) == "pl-PL"
    assert i18n.translations("pl-PL").gettext("{store}: your order") == "{store}: Twoje zamówienie"


def test_a_polish_browser_gets_the_live_room_in_polish(
    app_client: TestClient, featured: Room
) -> None:
    response = app_client.get(f"/live/{featured.slug}?country=DE", headers=POLISH)
    html = response.text
    assert '<html lang="pl" dir="ltr">' in html
    assert "Dołącz do czatu" in html and "Join chat" not in html
    assert "Dodaj do koszyka" in html and "Dlaczego warto zaufać" in html
    # The EU market's euro price as Polish writes it, and its terms in Polish.
    assert "<strong>45,00\xa0€</strong>" in html
    assert "Wysyłka z naszego magazynu w mieście Rotterdam, Holandia w ciągu 2\u20134 dni" in html
    assert "Zwrot w ciągu 14 dni do naszego magazynu w mieście Rotterdam" in html
    strings = page_strings(html)  # what cart.js and viewer.js show
    assert strings["Your cart"] == "Twój koszyk"
    assert strings["Place order"] == "Zamawiam i płacę"
    assert strings["Total %(amount)s"] == "Razem %(amount)s"
    assert COOKIE not in response.cookies  # the browser chose it; nothing to remember


def test_a_product_page_in_polish_writes_prices_as_polish_does(
    app_client: TestClient, featured: Room
) -> None:
    eu = app_client.get(f"{PAGE}?country=DE&lang=pl").text
    assert '<html lang="pl"' in eu
    assert "45,00\xa0€" in eu
    assert "Tabela rozmiarów" in eu and "Następna transmisja: Spring linen drop" in eu
    assert "Wysyłka z naszego magazynu w mieście Rotterdam, Holandia w ciągu 2\u20134 dni" in eu
    # Yen: a space between thousands and the code after the amount (German: '7.200 ¥').
    japan = app_client.get(f"{PAGE}?country=JP&lang=pl").text
    assert "7\xa0200\xa0JPY" in japan and "7.200" not in japan and "7,200" not in japan
    assert "Zwrot w ciągu 7 dni" in japan
    # The size chart's inches with a decimal comma.
    chart = eu.split('<section class="size-chart">', 1)[1].split("</section>", 1)[0]
    inches = re.findall(r"<small class=\"in\" dir=\"auto\">([^<]*) in</small>", chart)
    assert inches and all(re.fullmatch(r"\d+,\d", value) for value in inches)
