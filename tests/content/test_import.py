"""Shopify's translation export: imported all or nothing, by the CLI, the API and the admin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from crosslive.auth.models import Seller
from crosslive.cli import app as cli
from crosslive.content.models import ContentTranslation
from crosslive.content.shopify_csv import (
    MAX_IMPORT_BYTES,
    TranslationImportFailed,
    import_translations,
)
from crosslive.db import transaction
from crosslive.settings import Settings
from tests.chat.factories import Room
from tests.factories import login_headers, page_login

HEADER = "Type,Identification,Field,Locale,Market,Status,Default content,Translated content\n"
GOOD = (
    HEADER
    + "PRODUCT,'8079393226938,handle,de,,,linen-shirt,leinenhemd\n"
    + "PRODUCT,'8079393226938,title,de,,,Linen Shirt,Leinenhemd\n"
    + 'PRODUCT,\'8079393226938,body_html,de,,,<p>Soft</p>,"<p>Weich<script>x()</script></p>"\n'
    + "PRODUCT,'8079393226938,title,ja,,,Linen Shirt,リネンシャツ\n"
    + "PRODUCT,'8079393226938,title,fr,Canada,,Linen Shirt,Chemise (Canada)\n"
    + "PRODUCT,'8079393226938,title,sv,,,Linen Shirt,Linneskjorta\n"
    + "PRODUCT,'8079393226938,meta_title,de,,,Linen,Leinen\n"
    + "PRODUCT,gid://shopify/Product/42,title,de,,,Linen Pants,Leinenhose\n"
    + "PRODUCT,42,title,ko,,,Linen Pants,\n"
    + "COLLECTION,'555,title,de,,,Summer,Sommer\n"
)
BAD = (
    GOOD
    + "PRODUCT,'999,title,de,,,No such thing,Gibt es nicht\n"
    + "PRODUCT,abc,title,de,,,Linen Shirt,Leinenhemd\n"
    + "PRODUCT,'8079393226938,title,,,,Linen Shirt,Leinenhemd\n"
)


def _texts(db: Session) -> dict[tuple[int | None, str, str], tuple[str, str, str]]:
    rows = db.scalars(select(ContentTranslation))
    return {(r.product_id, r.field, r.locale): (r.text, r.status, r.provider) for r in rows}


def _count(session_factory: sessionmaker[Session]) -> int:
    with session_factory() as db:
        return db.scalar(select(func.count()).select_from(ContentTranslation)) or 0


def test_the_export_maps_onto_products_by_the_handle_and_title_rows(
    session_factory: sessionmaker[Session], room: Room
) -> None:
    with transaction(session_factory) as db:
        seller = db.get(Seller, room.seller_id)
        assert seller is not None
        report = import_translations(db, seller, GOOD.encode("utf-8-sig"))
    assert (report.imported, report.products) == (4, 2)
    assert report.skipped == {
        "market-specific": 1,
        "language 'sv'": 1,
        "product field 'handle'": 1,
        "product field 'meta_title'": 1,
        "no translation": 1,
        "not a product": 1,
    }
    with session_factory() as db:
        assert _texts(db) == {
            (room.product_id, "title", "de"): ("Leinenhemd", "approved", "shopify"),
            (room.product_id, "title", "ja"): ("リネンシャツ", "approved", "shopify"),
            # The description is cleaned as the catalog cleans one: no script survives.
            (room.product_id, "description_html", "de"): ("<p>Weich</p>", "approved", "shopify"),
            # Found by its title (the export has no handle row for it).
            (room.second_product_id, "title", "de"): ("Leinenhose", "approved", "shopify"),
        }


def test_a_bad_row_lists_every_bad_row_and_writes_nothing(
    session_factory: sessionmaker[Session], room: Room
) -> None:
    with transaction(session_factory) as db:
        seller = db.get(Seller, room.seller_id)
        assert seller is not None
        with pytest.raises(TranslationImportFailed) as caught:
            import_translations(db, seller, BAD.encode())
    assert [(e.line, e.message) for e in caught.value.errors] == [
        (
            12,
            "product 999 is not in this store (no product with the handle or title the "
            "export gives it)",
        ),
        (13, "Identification is not a Shopify product id"),
        (14, "Locale is empty"),
    ]
    assert caught.value.message == "3 bad row(s) (12, 13, 14); nothing was imported"
    assert _count(session_factory) == 0


def test_the_cli_imports_and_refuses_a_bad_file(
    settings: Settings,
    session_factory: sessionmaker[Session],
    room: Room,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CROSSLIVE_DATABASE_URL", settings.resolved_database_url)
    monkeypatch.setenv("CROSSLIVE_DATA_DIR", str(settings.data_dir))
    bad, good = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad.write_text(BAD)
    good.write_text(GOOD)
    runner = CliRunner()
    refused = runner.invoke(cli, ["import", "translations", str(bad), "--store", "acme", "--json"])
    assert refused.exit_code == 1
    summary = json.loads(refused.stdout.strip().splitlines()[-1])
    assert summary["imported"] == 0 and [e["row"] for e in summary["errors"]] == [12, 13, 14]
    assert f"{bad}:13: Identification is not a Shopify product id" in refused.stderr
    assert _count(session_factory) == 0
    done = runner.invoke(cli, ["import", "translations", str(good), "--store", "acme"])
    assert done.exit_code == 0, done.output
    assert "imported 4 translations of 2 products into store acme (6 rows skipped)" in done.stdout
    assert _count(session_factory) == 4


def test_the_api_imports_for_owners_only_and_answers_422_with_the_rows(
    app_client: TestClient,
    auth_headers: dict[str, str],
    session_factory: sessionmaker[Session],
    room: Room,
) -> None:
    host_headers = login_headers(app_client, room.host_email)
    files = {"file": ("translations.csv", GOOD.encode(), "text/csv")}
    assert (
        app_client.post(
            "/api/v1/translations/import", files=files, headers=host_headers
        ).status_code
        == 403
    )
    bad = {"file": ("translations.csv", BAD.encode(), "text/csv")}
    refused = app_client.post("/api/v1/translations/import", files=bad, headers=auth_headers)
    assert refused.status_code == 422
    assert [e["row"] for e in refused.json()["errors"]] == [12, 13, 14]
    assert _count(session_factory) == 0
    too_big = {"file": ("t.csv", HEADER.encode() + b"x" * MAX_IMPORT_BYTES, "text/csv")}
    refused = app_client.post("/api/v1/translations/import", files=too_big, headers=auth_headers)
    assert refused.status_code == 422
    assert refused.json()["errors"] == [{"row": 1, "message": "the file is larger than 8 MB"}]
    done = app_client.post("/api/v1/translations/import", files=files, headers=auth_headers)
    assert done.status_code == 200, done.text
    assert done.json()["imported"] == 4
    assert _count(session_factory) == 4


def test_the_admin_upload_shows_the_bad_rows(
    app_client: TestClient,
    owner: dict[str, str | int],
    room: Room,
    session_factory: sessionmaker[Session],
) -> None:
    csrf = page_login(app_client, str(owner["email"]))
    files = {"file": ("translations.csv", BAD.encode(), "text/csv")}
    refused = app_client.post("/admin/translations/import", data={"csrf_token": csrf}, files=files)
    assert refused.status_code == 422
    assert "Row 13: Identification is not a Shopify product id" in refused.text
    assert _count(session_factory) == 0
    files = {"file": ("translations.csv", GOOD.encode(), "text/csv")}
    done = app_client.post("/admin/translations/import", data={"csrf_token": csrf}, files=files)
    assert done.status_code == 200
    assert "Imported 4 translations of 2 products. 6 rows skipped." in done.text
