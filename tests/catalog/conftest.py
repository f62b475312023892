"""Catalog fixtures: a second store, staff with other roles, and a snapshot of catalog rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth import service as auth_service
from crosslive.auth.models import Role
from crosslive.catalog.models import Product, ProductImage, SizeChartRow, Variant, VariantPrice
from crosslive.db import transaction
from tests.conftest import PASSWORD

DATA = Path(__file__).parent / "data"
EXPORT = DATA / "products_export.csv"


def catalog_snapshot(db: Session) -> list[tuple[Any, ...]]:
    """Every catalog row as plain values, to prove a failed change left nothing behind."""
    db.expire_all()
    rows: list[tuple[Any, ...]] = []
    for p in db.scalars(select(Product).order_by(Product.id)):
        rows.append(
            (
                "product",
                p.id,
                p.seller_id,
                p.handle,
                p.title,
                p.category,
                p.published,
                p.description_html,
                tuple(p.option_names),
                tuple(p.disclosed_flaws),
            )
        )
    for v in db.scalars(select(Variant).order_by(Variant.id)):
        rows.append(
            ("variant", v.id, v.product_id, v.sku, v.option1, v.option2, v.stock, v.image_id)
        )
    for pr in db.scalars(select(VariantPrice).order_by(VariantPrice.id)):
        rows.append(("price", pr.id, pr.variant_id, pr.currency, pr.amount_minor))
    for i in db.scalars(select(ProductImage).order_by(ProductImage.id)):
        rows.append(("image", i.id, i.product_id, i.src, i.position, i.lighting))
    for s in db.scalars(select(SizeChartRow).order_by(SizeChartRow.id)):
        rows.append(("size", s.id, s.product_id, s.size_label, tuple(s.measurements_cm.items())))
    return rows


def login_headers(client: TestClient, email: str) -> dict[str, str]:
    response = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


@pytest.fixture
def other_store(session_factory: sessionmaker[Session]) -> dict[str, Any]:
    """A second store (EUR) with its own owner."""
    with transaction(session_factory) as db:
        seller = auth_service.create_seller(db, slug="globex", name="Globex", base_currency="EUR")
        user = auth_service.create_staff(
            db, seller, email="owner@globex.test", name="Gus", password=PASSWORD, role=Role.OWNER
        )
        return {"seller_id": seller.id, "email": user.email}


@pytest.fixture
def host_email(session_factory: sessionmaker[Session], owner: dict[str, Any]) -> str:
    """A host in the owner's store (reads the catalog, may not change it)."""
    with transaction(session_factory) as db:
        seller = auth_service.find_seller(db, "acme")
        assert seller is not None
        user = auth_service.create_staff(
            db, seller, email="host@acme.test", name="Hana", password=PASSWORD, role=Role.HOST
        )
        return user.email
