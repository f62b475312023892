from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth.models import Seller
from crosslive.trust.models import Credential, CredentialVerification
from tests.factories import add_staff, page_login
from tests.trust.conftest import PDF
from tests.trust.test_pages import _post

VERIFY = {
    "outcome": "verified",
    "method": "registry",
    "observed": "Label valid, class I, Acme Outfitters",
    "registry_reference": "https://www.oeko-tex.com/en/detail?number=22.HUS.12345",
}


def _key(html: str) -> str:
    found = re.search(r'name="idempotency_key" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def test_owner_records_a_verification_once_from_the_form(
    app_client: TestClient, owner: dict[str, Any], db: Session
) -> None:
    csrf = page_login(app_client, owner["email"])
    _post(app_client, "/admin/credentials/new", csrf, ("a.pdf", PDF), issuer="OEKO-TEX")
    credential = db.scalar(select(Credential))
    assert credential is not None
    page = app_client.get(f"/admin/credentials/{credential.id}")
    assert "https://www.oeko-tex.com/en/detail?number=22.HUS.12345" in page.text
    form = {**VERIFY, "csrf_token": csrf, "idempotency_key": _key(page.text)}
    url = f"/admin/credentials/{credential.id}/verifications"
    first = app_client.post(url, data=form)
    again = app_client.post(url, data=form)  # a double submit
    assert first.status_code == again.status_code == 200
    assert "Label valid, class I, Acme Outfitters" in first.text
    db.expire_all()
    rows = list(db.scalars(select(CredentialVerification)))
    assert [(r.staff_name, r.method.value) for r in rows] == [("Olive", "registry")]
    listed = app_client.get("/admin/credentials").text
    assert "verified " in listed and "re-check due" not in listed


def test_refused_verification_says_why_and_records_nothing(
    app_client: TestClient, owner: dict[str, Any], db: Session
) -> None:
    csrf = page_login(app_client, owner["email"])
    _post(app_client, "/admin/credentials/new", csrf, ("a.pdf", PDF))
    url = "/admin/credentials/1/verifications"
    bad = app_client.post(url, data={**VERIFY, "registry_reference": "", "csrf_token": csrf})
    assert bad.status_code == 422 and "registry page" in bad.text
    nonsense = app_client.post(url, data={**VERIFY, "method": "magic", "csrf_token": csrf})
    assert nonsense.status_code == 422
    db.expire_all()
    assert db.scalar(select(CredentialVerification)) is None


def test_host_cannot_verify_or_change_the_setting(
    app_client: TestClient, owner: dict[str, Any], session_factory: sessionmaker, db: Session
) -> None:
    csrf = page_login(app_client, owner["email"])
    _post(app_client, "/admin/credentials/new", csrf, ("a.pdf", PDF))
    app_client.cookies.clear()
    email = add_staff(session_factory, int(owner["seller_id"]), "host@acme.test")
    csrf = page_login(app_client, email)
    page = app_client.get("/admin/credentials/1")
    assert page.status_code == 200 and "idempotency_key" not in page.text
    url = "/admin/credentials/1/verifications"
    assert app_client.post(url, data={**VERIFY, "csrf_token": csrf}).status_code == 403
    setting = {"unverified_credentials": "hidden", "csrf_token": csrf}
    assert app_client.post("/admin/credentials/settings", data=setting).status_code == 403
    db.expire_all()
    assert db.scalar(select(CredentialVerification)) is None
    assert db.get(Seller, int(owner["seller_id"])).unverified_credentials == "seller"  # type: ignore[union-attr]


def test_owner_chooses_to_hide_unverified_credentials(
    app_client: TestClient, owner: dict[str, Any], db: Session
) -> None:
    csrf = page_login(app_client, owner["email"])
    saved = app_client.post(
        "/admin/credentials/settings",
        data={"unverified_credentials": "hidden", "csrf_token": csrf},
    )
    assert saved.status_code == 200 and "Setting saved." in saved.text
    assert '<option value="hidden" selected>' in saved.text
    bad = app_client.post(
        "/admin/credentials/settings", data={"unverified_credentials": "x", "csrf_token": csrf}
    )
    assert bad.status_code == 422
    db.expire_all()
    assert db.get(Seller, int(owner["seller_id"])).unverified_credentials == "hidden"  # type: ignore[union-attr]
