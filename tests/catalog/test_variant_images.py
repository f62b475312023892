"""Picturing variants with the product's own images (catalog.service.set_variant_images)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from crosslive.auth.models import Seller
from crosslive.catalog import service
from crosslive.catalog.models import Lighting, Product, ProductImage, Variant
from crosslive.catalog.schemas import PriceIn, ProductIn, VariantIn
from crosslive.errors import NotFound
from crosslive.settings import Settings


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (30, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def _product(db: Session, seller: Seller, handle: str) -> Product:
    variants = [
        VariantIn(
            sku=f"{handle}-{c}", options=[c], prices=[PriceIn(currency="USD", amount_minor=900)]
        )
        for c in ("Red", "Blue")
    ]
    data = ProductIn(title=handle, handle=handle, option_names=["Colour"], variants=variants)
    return service.create_product(db, seller, data)


def test_variants_point_at_images_of_their_own_product_only(
    db: Session, settings: Settings, owner: dict[str, Any]
) -> None:
    seller = db.get(Seller, owner["seller_id"])
    assert seller is not None
    mug = _product(db, seller, "mug")
    cup = _product(db, seller, "cup")
    picture = service.add_image(db, settings, seller.id, mug.id, _png(), lighting=Lighting.STUDIO)
    other = service.add_image(db, settings, seller.id, cup.id, _png(), lighting=Lighting.STUDIO)
    red, blue = mug.variants

    service.set_variant_images(db, seller.id, mug.id, {red.id: picture.id, blue.id: None})
    assert (red.image_id, blue.image_id) == (picture.id, None)

    with pytest.raises(NotFound, match="no such image on this product"):
        service.set_variant_images(db, seller.id, mug.id, {red.id: None, blue.id: other.id})
    with pytest.raises(NotFound, match="no such variant on this product"):
        service.set_variant_images(db, seller.id, mug.id, {cup.variants[0].id: picture.id})
    with pytest.raises(NotFound, match="no such product in this store"):
        service.set_variant_images(db, seller.id + 1, mug.id, {red.id: None})
    assert (red.image_id, blue.image_id, cup.variants[0].image_id) == (picture.id, None, None)


def test_the_database_itself_unlinks_variants_from_a_deleted_image(
    db: Session, settings: Settings, owner: dict[str, Any]
) -> None:
    # The schema's ON DELETE SET NULL, on every backend (PostgreSQL lacked it until 0003).
    seller = db.get(Seller, owner["seller_id"])
    assert seller is not None
    mug = _product(db, seller, "mug")
    picture = service.add_image(db, settings, seller.id, mug.id, _png(), lighting=Lighting.STUDIO)
    red, blue = mug.variants
    service.set_variant_images(db, seller.id, mug.id, {red.id: picture.id, blue.id: picture.id})
    db.commit()

    db.execute(delete(ProductImage).where(ProductImage.id == picture.id))
    db.commit()
    linked = db.scalars(select(Variant.image_id).where(Variant.product_id == mug.id)).all()
    assert linked == [None, None]
