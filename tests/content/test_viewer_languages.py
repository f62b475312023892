"""Sellers write content in every language viewers read pages in (Portuguese and Polish too,
which the machine translator does not draft); any other language is refused unchanged."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive import i18n
from crosslive.app import create_app
from crosslive.auth.models import Seller
from crosslive.catalog.models import Product
from crosslive.content import service
from crosslive.content.models import ContentTranslation
from crosslive.content.shopify_csv import import_translations
from crosslive.db import transaction
from crosslive.live import service as live_service
from crosslive.settings import Settings
from crosslive.shows.models import Show
from crosslive.state import state_of
from tests.chat.factories import Room
from tests.factories import page_login
from tests.translation.libretranslate_server import LibreTranslateStub

ORIGINAL_CLAIM = "OEKO-TEX Standard 100 certified linen"
PT_CLAIM = "Linho com certificação OEKO-TEX Standard 100"
PL_CLAIM = "Len z certyfikatem OEKO-TEX Standard 100"
BRAZIL = {"Accept-Language": "pt-BR,pt;q=0.9,en;q=0.5"}


@pytest.fixture
def pinned(session_factory: sessionmaker[Session], room: Room) -> Room:
    with transaction(session_factory) as db:
        show = db.get(Show, room.show_id)
        assert show is not None
        live_service.pin(db, show, room.product_id)
    return room


def _rows(session_factory: sessionmaker[Session]) -> set[tuple[str, str, str]]:
    with session_factory() as db:
        return {(r.field, r.locale, r.text) for r in db.scalars(select(ContentTranslation))}


def test_portuguese_and_polish_texts_saved_through_the_api_are_what_those_viewers_read(
    app_client: TestClient, auth_headers: dict[str, str], pinned: Room
) -> None:
    product = f"/api/v1/translations/product/{pinned.product_id}"
    credential = f"/api/v1/translations/credential/{pinned.credentials['oeko']}"
    for url, name, locale, text, stored in (
        (product, "title", "pt-BR", "Camisa de linho", "pt"),
        (product, "title", "pl", "Lniana koszula", "pl"),
        (credential, "claim", "pt", PT_CLAIM, "pt"),
        (credential, "claim", "pl_PL", PL_CLAIM, "pl"),
    ):
        saved = app_client.put(f"{url}/{name}/{locale}", json={"text": text}, headers=auth_headers)
        assert saved.status_code == 200, saved.text
        assert (saved.json()["locale"], saved.json()["text"]) == (stored, text)
    cards = f"/live/{pinned.slug}/cards/{pinned.product_id}?country=DE"
    brazilian = app_client.get(cards, headers=BRAZIL).text
    assert '<h2 dir="auto">Camisa de linho</h2>' in brazilian
    assert PT_CLAIM in brazilian and ORIGINAL_CLAIM not in brazilian
    # The credential card the host pushes, and the product's own page, read the same.
    pushed = app_client.get(
        f"/live/{pinned.slug}/credentials/{pinned.credentials['oeko']}?country=DE",
        headers=BRAZIL,
    )
    assert pushed.status_code == 200
    assert f'<h3 class="credential-claim" dir="auto">{PT_CLAIM}</h3>' in pushed.text
    page = app_client.get("/s/acme/products/linen-shirt?country=DE", headers=BRAZIL).text
    assert "Camisa de linho" in page and PT_CLAIM in page
    # ?lang= picks (and remembers) the page's language: Polish, then one unwritten.
    polish = app_client.get(f"{cards}&lang=pl").text
    assert '<h2 dir="auto">Lniana koszula</h2>' in polish
    assert PL_CLAIM in polish and ORIGINAL_CLAIM not in polish
    # A language the seller has not written reads the seller's own text.
    italian = app_client.get(f"{cards}&lang=it").text
    assert '<h2 dir="auto">Linen Shirt</h2>' in italian and ORIGINAL_CLAIM in italian


@pytest.mark.parametrize("locale", ["xx", "sv", "zh-TW"])
def test_a_language_sellers_do_not_write_in_is_refused_and_nothing_is_stored(
    app_client: TestClient,
    auth_headers: dict[str, str],
    room: Room,
    session_factory: sessionmaker[Session],
    locale: str,
) -> None:
    url = f"/api/v1/translations/product/{room.product_id}"
    refused = app_client.put(f"{url}/title/{locale}", json={"text": "Titel"}, headers=auth_headers)
    assert refused.status_code == 422
    assert refused.json()["detail"] == (
        f"Content cannot be written in '{locale}': use one of {', '.join(i18n.SUPPORTED)}."
    )
    draft = app_client.post(f"{url}/draft", json={"languages": [locale]}, headers=auth_headers)
    assert draft.status_code == 422
    assert _rows(session_factory) == set()


def test_the_admin_offers_every_viewer_language_and_refuses_others(
    app_client: TestClient,
    room: Room,
    owner: dict[str, str | int],
    session_factory: sessionmaker[Session],
) -> None:
    csrf = page_login(app_client, str(owner["email"]))
    url = f"/admin/translations/credential/{room.credentials['oeko']}"
    page = app_client.get(f"{url}?add=pl").text
    assert '<th scope="col" lang="pl">pl</th>' in page
    assert '<option value="pt">pt</option>' in page and '<option value="sv">' not in page
    saved = app_client.post(
        url,
        data={"csrf_token": csrf, "field": "claim", "locale": "pl", "text": PL_CLAIM},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    refused = app_client.post(
        url, data={"csrf_token": csrf, "field": "claim", "locale": "sv", "text": "Linne"}
    )
    assert refused.status_code == 422
    assert "Content cannot be written in &#39;sv&#39;" in refused.text
    assert _rows(session_factory) == {("claim", "pl", PL_CLAIM)}


@pytest.fixture
def translating_client(
    settings: Settings, libretranslate: LibreTranslateStub
) -> Iterator[TestClient]:
    configured = settings.model_copy(
        update={"translation_provider": "libretranslate", "translation_url": libretranslate.url}
    )
    app = create_app(configured)
    with TestClient(app) as client:
        yield client
    state_of(app).engine.dispose()


def _red_bag(session_factory: sessionmaker[Session], room: Room) -> None:
    """The product with only a title and a description to translate."""
    with transaction(session_factory) as db:
        product = db.get(Product, room.product_id)
        assert product is not None
        product.title, product.materials, product.disclosed_flaws = "red bag", "", []
        product.description_html = "<p>red</p>"
        product.size_chart = []


def test_a_draft_says_the_machine_does_not_write_portuguese_or_polish(
    translating_client: TestClient,
    libretranslate: LibreTranslateStub,
    auth_headers: dict[str, str],
    session_factory: sessionmaker[Session],
    room: Room,
    owner: dict[str, str | int],
) -> None:
    _red_bag(session_factory, room)
    csrf = page_login(translating_client, str(owner["email"]))
    # The seller wrote the Polish description: Polish is a column, its title is missing.
    with transaction(session_factory) as db:
        service.save(
            db, room.seller_id, "product", room.product_id, "description_html", "pl", "czerwona"
        )
    done = translating_client.post(
        f"/admin/translations/product/{room.product_id}/draft", data={"csrf_token": csrf}
    )
    assert done.status_code == 200
    # The room's EU market reads Dutch too, which the machine does not write either.
    assert (
        "Machine translation does not write Polski, Nederlands: type that text yourself."
        in done.text
    )
    # Nothing was asked in Polish or Portuguese, and no English copy stands in for either.
    targets = {r["target"] for r in libretranslate.requests}
    assert "ja" in targets and not targets & {"pl", "pt", "nl"}
    assert ("title", "pl") not in {(f, locale) for f, locale, _t in _rows(session_factory)}
    api = translating_client.post(
        f"/api/v1/translations/product/{room.product_id}/draft",
        json={"languages": ["pt"]},
        headers=auth_headers,
    )
    assert api.status_code == 200, api.text
    assert api.json() == {
        "drafted": [],
        "unavailable": [["title", "pt"], ["description_html", "pt"]],
        "not_drafted": ["pt"],
    }
    assert not any(locale == "pt" for _f, locale, _t in _rows(session_factory))


def test_the_shopify_export_imports_brazilian_portuguese_and_polish(
    session_factory: sessionmaker[Session], room: Room
) -> None:
    export = (
        "Type,Identification,Field,Locale,Market,Status,Default content,Translated content\n"
        "PRODUCT,'8079393226938,handle,pt-BR,,,linen-shirt,camisa-de-linho\n"
        "PRODUCT,'8079393226938,title,pt-BR,,,Linen Shirt,Camisa de linho\n"
        "PRODUCT,'8079393226938,title,pl,,,Linen Shirt,Lniana koszula\n"
        "PRODUCT,'8079393226938,title,sv,,,Linen Shirt,Linneskjorta\n"
    )
    with transaction(session_factory) as db:
        seller = db.get(Seller, room.seller_id)
        assert seller is not None
        report = import_translations(db, seller, export.encode())
    assert (report.imported, report.skipped["language 'sv'"]) == (2, 1)
    assert _rows(session_factory) == {
        ("title", "pt", "Camisa de linho"),
        ("title", "pl", "Lniana koszula"),
    }
    with session_factory() as db:
        assert db.scalar(select(func.count()).select_from(ContentTranslation)) == 2
