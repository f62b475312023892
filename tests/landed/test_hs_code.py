"""Products carry an optional HS code for customs; a malformed one is refused."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crosslive.catalog.models import Product


def test_hs_code_is_stored_and_a_bad_one_changes_nothing(
    app_client: TestClient, auth_headers: dict[str, str], db: Session
) -> None:
    body = {"title": "Linen Shirt", "category": "apparel", "hs_code": "6205.20"}
    made = app_client.post("/api/v1/products", json=body, headers=auth_headers)
    assert made.status_code == 201, made.text
    assert made.json()["hs_code"] == "6205.20"
    bad = app_client.post(
        "/api/v1/products", json={**body, "title": "Other", "hs_code": "62x"}, headers=auth_headers
    )
    assert bad.status_code == 422
    assert db.scalar(select(func.count()).select_from(Product)) == 1
