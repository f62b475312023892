"""Catalog fixtures: a second store, staff with other roles, and a snapshot of catalog rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.models import Product, ProductImage, SizeChartRow, Variant, VariantPrice
from tests import factories

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


@pytest.fixture
def other_store(session_factory: sessionmaker[Session]) -> dict[str, str | int]:
    """A second store (EUR) with its own owner."""
    return factories.other_store(session_factory, currency="EUR")


@pytest.fixture
def host_email(session_factory: sessionmaker[Session], owner: dict[str, Any]) -> str:
    """A host in the owner's store (reads the catalog, may not change it)."""
    return factories.add_staff(session_factory, int(owner["seller_id"]), "host@acme.test")
