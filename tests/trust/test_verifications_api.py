from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crosslive.trust.models import CredentialVerification
from tests.trust.conftest import PDF
from tests.trust.test_api import _create, _upload

H = dict[str, str]
REGISTRY = {
    "method": "registry",
    "observed": "Label 22.HUS.12345 valid until 2030-12-31, product class I, Acme Outfitters",
    "registry_reference": "https://www.oeko-tex.com/en/detail?number=22.HUS.12345",
}


def _shown(client: TestClient, headers: H) -> dict[str, Any]:
    created = _create(client, headers)
    assert _upload(client, headers, created["id"], "c.pdf", PDF).status_code == 200
    return created


def _rows(db: Session) -> int:
    db.expire_all()
    return int(db.scalar(select(func.count()).select_from(CredentialVerification)) or 0)


def test_owner_records_a_verification_and_it_shows_on_the_credential(
    app_client: TestClient, auth_headers: H, db: Session
) -> None:
    credential = _shown(app_client, auth_headers)
    url = f"/api/v1/credentials/{credential['id']}/verifications"
    answer = app_client.post(url, json=REGISTRY, headers=auth_headers)
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert (body["outcome"], body["method"], body["staff_name"]) == (
        "verified",
        "registry",
        "Olive",
    )
    listed = app_client.get(url, headers=auth_headers).json()
    assert [r["id"] for r in listed] == [body["id"]]
    again = app_client.get(f"/api/v1/credentials/{credential['id']}", headers=auth_headers)
    assert again.json()["verified_at"] == body["created_at"]
    assert _rows(db) == 1


def test_retry_with_the_same_key_records_once(
    app_client: TestClient, auth_headers: H, db: Session
) -> None:
    credential = _shown(app_client, auth_headers)
    url = f"/api/v1/credentials/{credential['id']}/verifications"
    first = app_client.post(url, json={**REGISTRY, "idempotency_key": "k1"}, headers=auth_headers)
    second = app_client.post(url, json={**REGISTRY, "idempotency_key": "k1"}, headers=auth_headers)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    other = {**REGISTRY, "observed": "something else", "idempotency_key": "k1"}
    assert app_client.post(url, json=other, headers=auth_headers).status_code == 409
    assert _rows(db) == 1


def test_host_and_other_store_cannot_record(
    app_client: TestClient,
    auth_headers: H,
    host_headers: H,
    other_headers: H,
    db: Session,
) -> None:
    credential = _shown(app_client, auth_headers)
    url = f"/api/v1/credentials/{credential['id']}/verifications"
    assert app_client.post(url, json=REGISTRY, headers=host_headers).status_code == 403
    assert app_client.post(url, json=REGISTRY, headers=other_headers).status_code == 404
    assert app_client.get(url, headers=other_headers).status_code == 404
    assert app_client.post(url, json=REGISTRY).status_code == 401
    assert _rows(db) == 0


def test_registry_check_needs_the_page_address(
    app_client: TestClient, auth_headers: H, db: Session
) -> None:
    credential = _shown(app_client, auth_headers)
    url = f"/api/v1/credentials/{credential['id']}/verifications"
    bad = {**REGISTRY, "registry_reference": "javascript:alert(1)"}
    answer = app_client.post(url, json=bad, headers=auth_headers)
    assert answer.status_code == 422 and "registry page" in answer.text
    assert (
        app_client.post(url, json={**REGISTRY, "observed": "  "}, headers=auth_headers).status_code
        == 422
    )
    assert _rows(db) == 0
    evidence = {"method": "evidence", "observed": "Certificate PDF signed by Hohenstein"}
    assert app_client.post(url, json=evidence, headers=auth_headers).status_code == 201


def test_withdrawal_hides_the_credential(app_client: TestClient, auth_headers: H) -> None:
    credential = _shown(app_client, auth_headers)
    url = f"/api/v1/credentials/{credential['id']}/verifications"
    assert app_client.post(url, json=REGISTRY, headers=auth_headers).status_code == 201
    withdraw = {
        "outcome": "withdrawn",
        "method": "issuer_contact",
        "observed": "Hohenstein says the certificate was revoked on 2026-11-30",
    }
    assert app_client.post(url, json=withdraw, headers=auth_headers).status_code == 201
    got = app_client.get(f"/api/v1/credentials/{credential['id']}", headers=auth_headers).json()
    assert (got["shown"], got["verified_at"]) == (False, None)
    assert "withdrawn" in got["problems"]
