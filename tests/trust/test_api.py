from __future__ import annotations

import hashlib
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crosslive.db import transaction
from crosslive.settings import Settings
from crosslive.state import state_of
from crosslive.trust.models import Credential, EvidenceFile
from tests.factories import add_product
from tests.trust.conftest import PDF, PNG

H = dict[str, str]
COMPLETE = {
    "type": "certification",
    "claim": "OEKO-TEX Standard 100, class I",
    "issuer": "Hohenstein",
    "identifier": "22.HUS.12345",
    "registry_url": "https://www.oeko-tex.com/en/label-check",
    "all_products": True,
    "valid_from": "2026-01-01",
    "valid_until": "2030-12-31",
}


def _count(db: Session, model: type) -> int:
    db.expire_all()
    return int(db.scalar(select(func.count()).select_from(model)) or 0)


def _create(client: TestClient, headers: H, **fields: Any) -> dict[str, Any]:
    response = client.post("/api/v1/credentials", json={**COMPLETE, **fields}, headers=headers)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def _upload(client: TestClient, headers: H, credential_id: int, name: str, data: bytes) -> Any:
    return client.post(
        f"/api/v1/credentials/{credential_id}/evidence",
        files={"file": (name, data, "application/pdf")},
        headers=headers,
    )


def test_credential_is_shown_once_its_evidence_is_uploaded(
    app_client: TestClient, auth_headers: H
) -> None:
    created = _create(app_client, auth_headers)
    assert (created["shown"], created["problems"], created["evidence"]) == (
        False,
        ["evidence"],
        None,
    )
    uploaded = _upload(app_client, auth_headers, created["id"], "oeko-tex.pdf", PDF)
    assert uploaded.status_code == 200, uploaded.text
    body = uploaded.json()
    assert (body["shown"], body["problems"]) == (True, [])
    assert body["evidence"]["media_type"] == "application/pdf"
    assert body["evidence"]["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert body["evidence"]["original_name"] == "oeko-tex.pdf"
    listed = app_client.get("/api/v1/credentials", headers=auth_headers).json()
    assert [(c["id"], c["shown"]) for c in listed] == [(created["id"], True)]


def test_claim_rules_are_clear_422s(app_client: TestClient, auth_headers: H, db: Session) -> None:
    eco = app_client.post(
        "/api/v1/credentials",
        json={**COMPLETE, "type": "supply_chain", "claim": "Climate neutral factory"},
        headers=auth_headers,
    )
    assert eco.status_code == 422
    assert eco.json()["detail"].startswith(
        'generic environmental claims ("Climate neutral") are only allowed on a certification'
    )
    fda = app_client.post(
        "/api/v1/credentials",
        json={**COMPLETE, "claim": "FDA approved", "issuer": "US FDA", "identifier": "FEI 301"},
        headers=auth_headers,
    )
    assert fda.status_code == 422
    assert fda.json()["detail"].startswith(
        '"FDA approved" is not the same as "FDA registered": the identifier says \'FEI 301\''
    )
    assert _count(db, Credential) == 0


def test_refused_uploads_store_nothing(
    app_client: TestClient, auth_headers: H, settings: Settings, db: Session
) -> None:
    created = _create(app_client, auth_headers)
    not_pdf = _upload(app_client, auth_headers, created["id"], "cert.pdf", b"<html>hi</html>")
    assert not_pdf.status_code == 422
    assert not_pdf.json() == {
        "detail": "evidence must be a PDF, PNG, JPEG or WebP file; this is an unknown type"
    }
    state_of(app_client.app).settings.evidence_max_bytes = 2048
    big = _upload(app_client, auth_headers, created["id"], "big.pdf", PDF + b"0" * 2048)
    assert big.status_code == 422
    assert big.json() == {"detail": "the evidence file is larger than the 2 KB limit"}
    assert list(settings.evidence_dir.iterdir()) == []
    assert _count(db, EvidenceFile) == 0
    again = app_client.get(f"/api/v1/credentials/{created['id']}", headers=auth_headers).json()
    assert again["evidence"] is None


def test_staff_download_and_public_evidence_headers(
    app_client: TestClient, auth_headers: H, host_headers: H
) -> None:
    created = _create(app_client, auth_headers)
    _upload(app_client, auth_headers, created["id"], "screenshot.png", PNG)
    staff = app_client.get(f"/api/v1/credentials/{created['id']}/evidence", headers=host_headers)
    assert staff.status_code == 200
    assert staff.content == PNG
    assert staff.headers["content-type"] == "image/png"
    assert staff.headers["content-disposition"] == 'attachment; filename="screenshot.png"'
    assert staff.headers["x-content-type-options"] == "nosniff"
    public = app_client.get(f"/api/v1/public/credentials/{created['id']}/evidence")
    assert public.status_code == 200
    assert public.content == PNG
    assert public.headers["content-type"] == "image/png"
    assert public.headers["content-disposition"] == 'inline; filename="screenshot.png"'
    assert public.headers["x-content-type-options"] == "nosniff"
    # Opened on its own, the file may run nothing and load nothing in this site's name.
    sandbox = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    assert staff.headers["content-security-policy"] == sandbox
    assert public.headers["content-security-policy"] == sandbox


def test_a_pdf_is_always_downloaded_sandboxed(
    app_client: TestClient, auth_headers: H, host_headers: H
) -> None:
    """Browsers' PDF viewers do not run in a sandboxed document: a PDF is downloaded."""
    created = _create(app_client, auth_headers)
    _upload(app_client, auth_headers, created["id"], "report.pdf", PDF)
    public = app_client.get(f"/api/v1/public/credentials/{created['id']}/evidence")
    assert (public.status_code, public.content) == (200, PDF)
    assert public.headers["content-disposition"] == 'attachment; filename="report.pdf"'
    assert public.headers["content-security-policy"] == (
        "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    )


def test_public_evidence_disappears_when_the_credential_may_not_be_shown(
    app_client: TestClient, auth_headers: H
) -> None:
    created = _create(app_client, auth_headers)
    _upload(app_client, auth_headers, created["id"], "c.pdf", PDF)
    url = f"/api/v1/public/credentials/{created['id']}/evidence"
    assert app_client.get(url).status_code == 200
    expired = app_client.patch(
        f"/api/v1/credentials/{created['id']}",
        json={"valid_until": "2026-01-31"},
        headers=auth_headers,
    )
    assert expired.json()["problems"] == ["expired"]
    assert app_client.get(url).status_code == 404
    app_client.patch(
        f"/api/v1/credentials/{created['id']}",
        json={"valid_until": "2030-01-31", "issuer": ""},
        headers=auth_headers,
    )
    response = app_client.get(url)
    assert (response.status_code, response.json()) == (404, {"detail": "no such evidence"})


def test_displayable_endpoint_orders_by_market(
    app_client: TestClient, auth_headers: H, session_factory: Any, owner: dict[str, Any]
) -> None:
    with transaction(session_factory) as db:
        shirt = add_product(db, int(owner["seller_id"]), "shirt")
    reviews = _create(app_client, auth_headers, type="reviews", claim="4.8 stars, 2,300 reviews")
    cert = _create(app_client, auth_headers, all_products=False, product_ids=[shirt])
    for made in (reviews, cert):
        _upload(app_client, auth_headers, made["id"], "p.pdf", PDF)
    url = "/api/v1/credentials/displayable"
    us = app_client.get(url, params={"market": "US", "product_id": shirt}, headers=auth_headers)
    eu = app_client.get(url, params={"market": "EU", "product_id": shirt}, headers=auth_headers)
    store = app_client.get(url, params={"market": "EU"}, headers=auth_headers)
    assert [c["id"] for c in us.json()] == [reviews["id"], cert["id"]]
    assert [c["id"] for c in eu.json()] == [cert["id"], reviews["id"]]
    assert [c["id"] for c in store.json()] == [reviews["id"]]


def test_host_cannot_write(
    app_client: TestClient, auth_headers: H, host_headers: H, db: Session, settings: Settings
) -> None:
    created = _create(app_client, auth_headers)
    attempts = [
        app_client.post("/api/v1/credentials", json=COMPLETE, headers=host_headers),
        app_client.patch(
            f"/api/v1/credentials/{created['id']}", json={"claim": "x"}, headers=host_headers
        ),
        app_client.delete(f"/api/v1/credentials/{created['id']}", headers=host_headers),
        _upload(app_client, host_headers, created["id"], "c.pdf", PDF),
    ]
    assert [r.status_code for r in attempts] == [403] * 4
    assert _count(db, Credential) == 1 and _count(db, EvidenceFile) == 0
    assert list(settings.evidence_dir.iterdir()) == []
    read = app_client.get(f"/api/v1/credentials/{created['id']}", headers=host_headers)
    assert read.json()["claim"] == COMPLETE["claim"]


def test_stores_never_see_or_touch_each_other(
    app_client: TestClient, auth_headers: H, other_headers: H, db: Session, settings: Settings
) -> None:
    created = _create(app_client, auth_headers)
    _upload(app_client, auth_headers, created["id"], "c.pdf", PDF)
    cid = created["id"]
    assert app_client.get("/api/v1/credentials", headers=other_headers).json() == []
    responses = [
        app_client.get(f"/api/v1/credentials/{cid}", headers=other_headers),
        app_client.patch(f"/api/v1/credentials/{cid}", json={"claim": "x"}, headers=other_headers),
        app_client.delete(f"/api/v1/credentials/{cid}", headers=other_headers),
        _upload(app_client, other_headers, cid, "c.pdf", PDF),
        app_client.get(f"/api/v1/credentials/{cid}/evidence", headers=other_headers),
    ]
    assert [r.status_code for r in responses] == [404] * 5
    assert responses[0].json() == {"detail": f"credential {cid} not found"}
    shown = app_client.get(
        "/api/v1/credentials/displayable", params={"market": "US"}, headers=other_headers
    )
    assert shown.json() == []
    assert _count(db, EvidenceFile) == 1 and len(list(settings.evidence_dir.iterdir())) == 1
    mine = app_client.get(f"/api/v1/credentials/{cid}", headers=auth_headers).json()
    assert mine["claim"] == COMPLETE["claim"]


def test_owner_deletes_a_credential(app_client: TestClient, auth_headers: H, db: Session) -> None:
    created = _create(app_client, auth_headers)
    gone = app_client.delete(f"/api/v1/credentials/{created['id']}", headers=auth_headers)
    assert gone.status_code == 204
    assert _count(db, Credential) == 0
