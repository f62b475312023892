"""Portuguese viewers (Portugal and Brazil) read the live room and a product page in
Portuguese, with prices and numbers as Portuguese writes them (Babel's pt: "€ 45,00")."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from crosslive.web.language import COOKIE
from tests.chat.factories import Room
from tests.live.page_strings import page_strings

PRODUCT = "/s/acme/products/linen-shirt"


def test_a_brazilian_browser_gets_a_portuguese_live_room(
    app_client: TestClient, pinned: Room
) -> None:
    brazil = {"Accept-Language": "pt-BR,pt;q=0.9,en;q=0.5"}
    html = app_client.get(f"/live/{pinned.slug}?country=DE", headers=brazil).text
    assert '<html lang="pt" dir="ltr">' in html
    assert "Entrar no chat" in html and "Join chat" not in html
    assert "Adicionar ao carrinho" in html and "Por que você pode confiar" in html
    # Euros as Portuguese writes them: the sign first, a comma before the cents.
    assert re.search(r"<strong>€\xa0\d+,\d\d</strong>", html)
    assert "Enviado do nosso armazém em Rotterdam, Países Baixos em" in html
    assert (
        "Devolução em até 14 dias para o nosso armazém em Rotterdam, Países Baixos; "
        "você paga a etiqueta de devolução" in html
    )
    strings = page_strings(html)  # what cart.js and viewer.js show
    assert strings["Your cart"] == "Seu carrinho"
    assert strings["Place order"] == "Finalizar pedido"
    assert strings["Total %(amount)s"] == "Total %(amount)s"
    assert strings["Added to your cart"] == "Adicionado ao carrinho"


def test_a_viewer_in_portugal_reads_the_market_notice_and_dollars_in_portuguese(
    app_client: TestClient, pinned: Room
) -> None:
    portugal = {"Accept-Language": "pt-PT,pt;q=0.9"}
    html = app_client.get(f"/live/{pinned.slug}?country=PT", headers=portugal).text
    assert '<html lang="pt" dir="ltr">' in html
    # The show sells to Germany, France, the Netherlands and the US only.
    assert "não envia para Portugal" in html
    assert "<strong>US$\xa049,00</strong>" in html


def test_lang_pt_is_remembered(app_client: TestClient, room: Room) -> None:
    first = app_client.get(f"/live/{room.slug}?lang=pt", headers={"Accept-Language": "de"})
    assert '<html lang="pt" dir="ltr">' in first.text
    assert first.cookies.get(COOKIE) == "pt"
    again = app_client.get(f"/live/{room.slug}", headers={"Accept-Language": "de"})
    assert '<html lang="pt" dir="ltr">' in again.text and "Entrar no chat" in again.text


def test_a_product_page_in_portuguese(app_client: TestClient, pinned: Room) -> None:
    html = app_client.get(f"{PRODUCT}?country=DE&lang=pt").text
    assert '<html lang="pt" dir="ltr">' in html
    assert "Linen Shirt" in html
    assert "€\xa045,00" in html  # EUR, as Portuguese writes it
    assert "Enviado do nosso armazém em Rotterdam, Países Baixos em 2-4 dias" in html
    assert "Devolução em até 14 dias" in html
    assert "Próxima transmissão: Spring linen drop" in html
    us = app_client.get(f"{PRODUCT}?country=US&lang=pt").text
    assert "US$\xa049,00" in us and "US$\xa059,00" in us  # with its compare-at price
    assert (
        "Devolução em até 30 dias para o nosso armazém em Los Angeles, Estados Unidos; nós pagamos"
        in us
    )
