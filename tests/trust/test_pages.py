from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction
from crosslive.settings import Settings
from crosslive.state import state_of
from crosslive.trust.models import Credential, EvidenceFile
from tests.factories import add_product, add_staff, other_store, page_login
from tests.trust.conftest import PDF

FORM = {
    "type": "certification",
    "claim": "OEKO-TEX Standard 100",
    "issuer": "Hohenstein",
    "identifier": "22.HUS.12345",
    "registry_url": "https://www.oeko-tex.com/en/label-check",
    "valid_from": "2026-01-01",
    "valid_until": "2030-12-31",
    "all_products": "on",
}


def _count(db: Session, model: type) -> int:
    db.expire_all()
    return int(db.scalar(select(func.count()).select_from(model)) or 0)


def _post(client: TestClient, url: str, csrf: str, evidence: tuple[str, bytes] | None, **kw: Any):
    files = (
        {"evidence": (evidence[0], evidence[1], "application/octet-stream")}
        if evidence
        else {"evidence": ("", b"", "application/octet-stream")}
    )
    return client.post(url, data={**FORM, "csrf_token": csrf, **kw}, files=files)


def test_owner_adds_a_credential_with_evidence_and_sees_it_shown(
    app_client: TestClient, owner: dict[str, Any], db: Session, settings: Settings
) -> None:
    csrf = page_login(app_client, owner["email"])
    created = _post(app_client, "/admin/credentials/new", csrf, ("oeko.pdf", PDF))
    assert created.status_code == 200 and str(created.url).endswith("?saved=created")
    assert "Credential added." in created.text
    assert "OEKO-TEX Standard 100" in created.text
    credential = db.scalar(select(Credential))
    assert credential is not None
    assert f'<span class="badge ok" data-credential="{credential.id}">shown</span>' in created.text
    assert credential.evidence is not None and credential.evidence.original_name == "oeko.pdf"


def test_badge_says_what_is_missing_or_expired(
    app_client: TestClient, owner: dict[str, Any]
) -> None:
    csrf = page_login(app_client, owner["email"])
    _post(app_client, "/admin/credentials/new", csrf, None, issuer="", all_products="")
    listed = _post(
        app_client, "/admin/credentials/new", csrf, ("x.pdf", PDF), valid_until="2026-02-01"
    )
    assert (
        '<span class="badge warn" data-credential="1">missing issuer, scope, evidence</span>'
        in (listed.text)
    )
    assert '<span class="badge bad" data-credential="2">expired</span>' in listed.text


def test_refused_evidence_keeps_the_typed_form_and_stores_nothing(
    app_client: TestClient, owner: dict[str, Any], db: Session, settings: Settings
) -> None:
    csrf = page_login(app_client, owner["email"])
    refused = _post(
        app_client,
        "/admin/credentials/new",
        csrf,
        ("cert.pdf", b"MZ\x90\x00 not really a pdf"),
        claim="Tested <b>safe</b>",
    )
    assert refused.status_code == 422
    assert "evidence must be a PDF, PNG, JPEG or WebP file" in refused.text
    assert "Tested &lt;b&gt;safe&lt;/b&gt;</textarea>" in refused.text
    assert 'name="issuer" value="Hohenstein"' in refused.text
    assert 'name="valid_until" value="2030-12-31"' in refused.text
    state_of(app_client.app).settings.evidence_max_bytes = 2048
    big = _post(app_client, "/admin/credentials/new", csrf, ("big.pdf", PDF + b"0" * 4096))
    assert big.status_code == 422
    assert "the evidence file is larger than the 2 KB limit" in big.text
    assert _count(db, Credential) == 0 and _count(db, EvidenceFile) == 0
    assert list(settings.evidence_dir.iterdir()) == []


def test_claim_rule_refusal_on_the_form(
    app_client: TestClient, owner: dict[str, Any], db: Session
) -> None:
    csrf = page_login(app_client, owner["email"])
    refused = _post(
        app_client, "/admin/credentials/new", csrf, None, type="supply_chain", claim="Green cotton"
    )
    assert refused.status_code == 422
    assert "generic environmental claims (&#34;Green&#34;) are only allowed" in refused.text
    assert _count(db, Credential) == 0


def test_edit_replaces_evidence_and_refusal_changes_nothing(
    app_client: TestClient, owner: dict[str, Any], db: Session, session_factory: sessionmaker
) -> None:
    with transaction(session_factory) as s:
        shirt = add_product(s, int(owner["seller_id"]), "shirt", "Linen shirt")
    csrf = page_login(app_client, owner["email"])
    _post(app_client, "/admin/credentials/new", csrf, ("a.pdf", PDF))
    page = app_client.get("/admin/credentials/1")
    assert "Linen shirt" in page.text and "now a.pdf" in page.text
    saved = _post(
        app_client, "/admin/credentials/1", csrf, None, all_products="", products=str(shirt)
    )
    assert "Credential saved." in saved.text
    credential = db.scalar(select(Credential))
    assert credential is not None
    assert (credential.all_products, [p.id for p in credential.products]) == (False, [shirt])
    refused = _post(app_client, "/admin/credentials/1", csrf, None, valid_from="next week")
    assert (
        refused.status_code == 422 and "valid from must be a date like 2026-12-31" in refused.text
    )
    db.expire_all()
    assert db.get(Credential, 1).valid_from.isoformat() == "2026-01-01"  # type: ignore[union-attr]


def test_host_sees_the_list_but_cannot_write(
    app_client: TestClient, owner: dict[str, Any], session_factory: sessionmaker, db: Session
) -> None:
    email = add_staff(session_factory, int(owner["seller_id"]), "host@acme.test")
    csrf = page_login(app_client, email)
    listed = app_client.get("/admin/credentials")
    assert listed.status_code == 200 and "Add a credential" not in listed.text
    refused = _post(app_client, "/admin/credentials/new", csrf, ("a.pdf", PDF))
    assert refused.status_code == 403
    assert _count(db, Credential) == 0


def test_other_store_cannot_open_or_change_a_credential(
    app_client: TestClient, owner: dict[str, Any], session_factory: sessionmaker, db: Session
) -> None:
    csrf = page_login(app_client, owner["email"])
    _post(app_client, "/admin/credentials/new", csrf, ("a.pdf", PDF))
    other = other_store(session_factory)
    app_client.cookies.clear()
    csrf = page_login(app_client, str(other["email"]))
    assert app_client.get("/admin/credentials/1").status_code == 404
    assert "OEKO-TEX" not in app_client.get("/admin/credentials").text
    changed = _post(app_client, "/admin/credentials/1", csrf, None, claim="Hijacked")
    deleted = app_client.post("/admin/credentials/1/delete", data={"csrf_token": csrf})
    assert (changed.status_code, deleted.status_code) == (404, 404)
    db.expire_all()
    assert db.get(Credential, 1).claim == "OEKO-TEX Standard 100"  # type: ignore[union-attr]


def test_forms_need_the_csrf_token(
    app_client: TestClient, owner: dict[str, Any], db: Session
) -> None:
    page_login(app_client, owner["email"])
    forged = _post(app_client, "/admin/credentials/new", "forged", ("a.pdf", PDF))
    assert forged.status_code == 403
    assert _count(db, Credential) == 0
