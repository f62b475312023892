"""Content per language on the viewer's pages, written side by side in the admin."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.app import create_app
from crosslive.catalog.models import Product
from crosslive.content import service
from crosslive.content.models import MACHINE, ContentTranslation
from crosslive.db import transaction
from crosslive.live import service as live_service
from crosslive.settings import Settings
from crosslive.shows.models import Show
from crosslive.state import state_of
from tests.chat.factories import Room
from tests.factories import login_headers, page_login
from tests.translation.libretranslate_server import LibreTranslateStub


@pytest.fixture
def pinned(session_factory: sessionmaker[Session], room: Room) -> Room:
    with transaction(session_factory) as db:
        show = db.get(Show, room.show_id)
        assert show is not None
        live_service.pin(db, show, room.product_id)
    return room


def _write(
    session_factory: sessionmaker[Session], room: Room, kind: str, entity_id: int, **texts: str
) -> None:
    status = texts.pop("status", "approved")
    locale = texts.pop("locale", "de")
    with transaction(session_factory) as db:
        for name, text in texts.items():
            service.save(
                db,
                room.seller_id,
                kind,
                entity_id,
                name.replace("__", "."),
                locale,
                text,
                status=status,
            )


def _sheet(client: TestClient, room: Room, lang: str) -> str:
    response = client.get(f"/live/{room.slug}/cards/{room.product_id}?country=DE&lang={lang}")
    assert response.status_code == 200
    return response.text


def test_a_german_viewer_reads_the_german_sheet_and_others_the_original(
    app_client: TestClient, session_factory: sessionmaker[Session], pinned: Room
) -> None:
    _write(
        session_factory,
        pinned,
        "product",
        pinned.product_id,
        title="Leinenhemd",
        materials="100 % Leinen",
        flaws="Leichte Farbunterschiede\nKnopf lose",
        size_chart__chest="Brustweite",
    )
    credential = pinned.credentials["oeko"]
    _write(
        session_factory,
        pinned,
        "credential",
        credential,
        claim="OEKO-TEX Standard 100 zertifiziertes Leinen",
    )
    german = _sheet(app_client, pinned, "de")
    assert '<h2 dir="auto">Leinenhemd</h2>' in german
    assert "100 % Leinen" in german
    assert '<li dir="auto">Leichte Farbunterschiede</li><li dir="auto">Knopf lose</li>' in german
    # The seller's own word for a column wins; a column they left reads in the usual name.
    assert '<th scope="col">Brustweite</th>' in german
    assert '<th scope="col">Länge</th>' in german
    assert "OEKO-TEX Standard 100 zertifiziertes Leinen" in german
    assert "Maschinell übersetzt" not in german
    french = _sheet(app_client, pinned, "fr")
    assert '<h2 dir="auto">Linen Shirt</h2>' in french and "100% linen" in french
    assert '<th scope="col">Tour de poitrine</th><th scope="col">Longueur</th>' in french
    assert "OEKO-TEX Standard 100 certified linen" in french


def test_the_show_title_is_read_in_the_viewers_language(
    app_client: TestClient, session_factory: sessionmaker[Session], pinned: Room
) -> None:
    _write(
        session_factory,
        pinned,
        "show",
        pinned.show_id,
        title="Frühlings-Leinen",
        description="Neue Leinenmode, live.",
    )
    page = app_client.get(f"/live/{pinned.slug}?country=DE&lang=de").text
    assert "<title>Frühlings-Leinen · Acme Outfitters</title>" in page
    assert '<meta name="description" content="Neue Leinenmode, live.">' in page
    assert "<title>Spring linen drop" in app_client.get(f"/live/{pinned.slug}?lang=ja").text


def test_a_machine_draft_is_labelled_until_the_owner_approves_it(
    app_client: TestClient,
    session_factory: sessionmaker[Session],
    pinned: Room,
    owner: dict[str, str | int],
) -> None:
    _write(
        session_factory,
        pinned,
        "product",
        pinned.product_id,
        title="リネンシャツ",
        locale="ja",
        status=MACHINE,
    )
    before = app_client.get(f"/live/{pinned.slug}/cards/{pinned.product_id}?country=JP&lang=ja")
    assert '<h2 dir="auto">リネンシャツ</h2>' in before.text
    assert '<p class="machine-translated">機械翻訳</p>' in before.text
    csrf = page_login(app_client, str(owner["email"]))
    page = app_client.get(f"/admin/translations/product/{pinned.product_id}")
    assert "machine (seller)" in page.text and 'value="approve"' in page.text
    approved = app_client.post(
        f"/admin/translations/product/{pinned.product_id}",
        data={"csrf_token": csrf, "field": "title", "locale": "ja", "action": "approve"},
        follow_redirects=False,
    )
    assert approved.status_code == 303
    after = app_client.get(f"/live/{pinned.slug}/cards/{pinned.product_id}?country=JP&lang=ja")
    assert '<h2 dir="auto">リネンシャツ</h2>' in after.text
    assert "machine-translated" not in after.text


def test_the_admin_shows_each_language_side_by_side_and_saves_a_field(
    app_client: TestClient,
    session_factory: sessionmaker[Session],
    room: Room,
    owner: dict[str, str | int],
) -> None:
    csrf = page_login(app_client, str(owner["email"]))
    page = app_client.get(f"/admin/translations/product/{room.product_id}?add=ko").text
    # The store's markets read de, fr, ja and nl; the seller added ko.
    assert re.findall(r'<th scope="col" lang="([^"]+)">', page) == ["de", "fr", "ja", "ko", "nl"]
    saved = app_client.post(
        f"/admin/translations/product/{room.product_id}",
        data={"csrf_token": csrf, "field": "materials", "locale": "fr", "text": " 100 % lin "},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    with session_factory() as db:
        row = db.scalar(select(ContentTranslation))
        assert row is not None
        assert (row.field, row.locale, row.text, row.status, row.provider) == (
            "materials",
            "fr",
            "100 % lin",
            "approved",
            "seller",
        )
    unknown = app_client.post(
        f"/admin/translations/product/{room.product_id}",
        data={"csrf_token": csrf, "field": "handle", "locale": "fr", "text": "x"},
    )
    assert unknown.status_code == 422 and "product has no translatable field" in unknown.text


def test_hosts_read_but_cannot_write_and_other_stores_cannot_see(
    app_client: TestClient,
    session_factory: sessionmaker[Session],
    room: Room,
    rival: dict[str, int | str],
) -> None:
    host = login_headers(app_client, room.host_email)
    url = f"/api/v1/translations/product/{room.product_id}"
    read = app_client.get(url, headers=host)
    assert read.status_code == 200
    assert read.json()["originals"]["title"] == "Linen Shirt"
    assert read.json()["languages"] == ["de", "fr", "ja", "nl"]
    assert app_client.put(f"{url}/title/de", json={"text": "X"}, headers=host).status_code == 403
    assert app_client.post(f"{url}/draft", json={}, headers=host).status_code == 403
    csrf = page_login(app_client, room.host_email)
    form = app_client.post(
        f"/admin/translations/product/{room.product_id}",
        data={"csrf_token": csrf, "field": "title", "locale": "de", "text": "X"},
    )
    assert form.status_code == 403
    rival_headers = login_headers(app_client, str(rival["email"]))
    assert app_client.get(url, headers=rival_headers).status_code == 404
    with session_factory() as db:
        assert db.scalar(select(func.count()).select_from(ContentTranslation)) == 0


def test_the_api_saves_approves_and_removes(
    app_client: TestClient, auth_headers: dict[str, str], room: Room
) -> None:
    url = f"/api/v1/translations/credential/{room.credentials['oeko']}"
    saved = app_client.put(f"{url}/claim/de", json={"text": "Zertifiziert"}, headers=auth_headers)
    assert saved.status_code == 200
    assert saved.json()["status"] == "approved" and saved.json()["entity_type"] == "credential"
    bad = app_client.put(f"{url}/claim/xx", json={"text": "?"}, headers=auth_headers)
    assert bad.status_code == 422
    listed = app_client.get(url, headers=auth_headers).json()
    assert [(t["field"], t["locale"], t["text"]) for t in listed["translations"]] == [
        ("claim", "de", "Zertifiziert")
    ]
    assert (
        app_client.put(f"{url}/claim/de", json={"text": ""}, headers=auth_headers).status_code
        == 204
    )
    assert app_client.get(url, headers=auth_headers).json()["translations"] == []


def test_deleting_a_product_deletes_its_translations(
    session_factory: sessionmaker[Session], room: Room
) -> None:
    _write(session_factory, room, "product", room.product_id, title="Leinenhemd")
    _write(session_factory, room, "product", room.second_product_id, title="Leinenhose")
    with transaction(session_factory) as db:
        product = db.get(Product, room.product_id)
        assert product is not None
        db.delete(product)
    with session_factory() as db:
        left = [(r.product_id, r.text) for r in db.scalars(select(ContentTranslation))]
    assert left == [(room.second_product_id, "Leinenhose")]


@pytest.fixture
def translating_client(settings: Settings, libretranslate: LibreTranslateStub) -> TestClient:
    configured = settings.model_copy(
        update={"translation_provider": "libretranslate", "translation_url": libretranslate.url}
    )
    app = create_app(configured)
    with TestClient(app) as client:
        yield client
    state_of(app).engine.dispose()


def test_drafting_fills_what_the_provider_can_and_says_what_it_cannot(
    translating_client: TestClient,
    session_factory: sessionmaker[Session],
    room: Room,
    owner: dict[str, str | int],
) -> None:
    with transaction(session_factory) as db:
        product = db.get(Product, room.product_id)
        assert product is not None
        product.title, product.materials, product.disclosed_flaws = "red bag", "", []
        product.description_html = ""
        product.size_chart = []
    _write(session_factory, room, "product", room.product_id, title="Die rote Tasche")
    csrf = page_login(translating_client, str(owner["email"]))
    done = translating_client.post(
        f"/admin/translations/product/{room.product_id}/draft", data={"csrf_token": csrf}
    )
    assert done.status_code == 200
    # ja drafted; fr has no pair on the server and the machine does not write nl; de was
    # typed by the seller and stays.
    assert "Drafted 1 field(s) with machine translation." in done.text
    assert "Translation unavailable for 2 field(s): they show the original." in done.text
    assert "Machine translation does not write Nederlands: type that text yourself." in done.text
    with session_factory() as db:
        rows = {
            (r.locale, r.text, r.status, r.provider) for r in db.scalars(select(ContentTranslation))
        }
    assert rows == {
        ("de", "Die rote Tasche", "approved", "seller"),
        ("ja", "赤い バッグ", "machine", "libretranslate"),
    }


def test_credential_and_show_pages_list_their_fields_and_unknown_kinds_are_404(
    app_client: TestClient, room: Room, owner: dict[str, str | int]
) -> None:
    page_login(app_client, str(owner["email"]))
    credential = app_client.get(f"/admin/translations/credential/{room.credentials['oeko']}")
    assert credential.status_code == 200
    assert '<th scope="row">Claim (title)</th>' in credential.text
    show = app_client.get(f"/admin/translations/show/{room.show_id}")
    assert show.status_code == 200 and "Spring linen drop" in show.text
    assert app_client.get(f"/admin/translations/order/{room.show_id}").status_code == 404


def test_drafting_without_a_provider_says_translation_unavailable(
    app_client: TestClient,
    auth_headers: dict[str, str],
    room: Room,
    session_factory: sessionmaker[Session],
) -> None:
    url = f"/api/v1/translations/show/{room.show_id}/draft"
    done = app_client.post(url, json={"languages": ["de", "pt-BR"]}, headers=auth_headers)
    assert done.status_code == 200
    # No provider: nothing drafted; Portuguese is not asked of the machine at all.
    assert done.json() == {
        "drafted": [],
        "unavailable": [["title", "de"], ["title", "pt"]],
        "not_drafted": ["pt"],
    }
    with session_factory() as db:
        assert db.scalar(select(func.count()).select_from(ContentTranslation)) == 0
