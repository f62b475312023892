"""Catalog tables. Money is stored as integer minor units with its currency."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Enum,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    insert,
    inspect,
)
from sqlalchemy import false as sa_false
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crosslive.db import Base, UTCDateTime, utcnow


class Category(enum.StrEnum):
    APPAREL = "apparel"
    SHOES = "shoes"
    BEAUTY = "beauty"
    ELECTRONICS = "electronics"
    HOME = "home"
    OTHER = "other"


class Lighting(enum.StrEnum):
    STUDIO = "studio"
    NATURAL = "natural"
    UNSPECIFIED = "unspecified"


class Product(Base):
    __tablename__ = "products"
    __table_args__ = (UniqueConstraint("seller_id", "handle"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"), index=True)
    handle: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(String(255))
    description_html: Mapped[str] = mapped_column(Text, default="")
    vendor: Mapped[str] = mapped_column(String(255), default="")
    product_type: Mapped[str] = mapped_column(String(255), default="")
    category: Mapped[Category] = mapped_column(
        Enum(Category, native_enum=False, length=16), default=Category.OTHER
    )
    # Harmonized System code for customs (optional; duty rates are per category).
    hs_code: Mapped[str | None] = mapped_column(String(16))
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    published: Mapped[bool] = mapped_column(Boolean, default=True)
    materials: Mapped[str] = mapped_column(Text, default="")
    option_names: Mapped[list[str]] = mapped_column(JSON, default=list)
    disclosed_flaws: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Who wears the sample on camera.
    model_height_cm: Mapped[float | None] = mapped_column(Float)
    model_weight_kg: Mapped[float | None] = mapped_column(Float)
    model_size_worn: Mapped[str | None] = mapped_column(String(32))
    # Product safety (GPSR 2023/988): who made it, who answers for it in the EU, how a unit
    # is identified, and its warnings (in `safety_warnings_lang`; other languages are content
    # translations of the field "safety_warnings"). crosslive.compliance says what a market
    # still misses. Server defaults only: a Core insert written for an older schema (the
    # migration tests) names none of these columns.
    manufacturer_name: Mapped[str] = mapped_column(String(255), server_default="")
    manufacturer_address: Mapped[str] = mapped_column(Text, server_default="")
    manufacturer_contact: Mapped[str] = mapped_column(String(255), server_default="")
    eu_rp_name: Mapped[str] = mapped_column(String(255), server_default="")
    eu_rp_address: Mapped[str] = mapped_column(Text, server_default="")
    eu_rp_contact: Mapped[str] = mapped_column(String(255), server_default="")
    # Type, batch or serial number as printed on the product; GTIN (EAN/UPC) where it has one.
    product_identifier: Mapped[str] = mapped_column(String(255), server_default="")
    gtin: Mapped[str] = mapped_column(String(14), server_default="")
    safety_warnings: Mapped[str] = mapped_column(Text, server_default="")
    safety_warnings_lang: Mapped[str] = mapped_column(String(10), server_default="en")
    # Mains- or battery-powered goods: JP wants PSE, KR wants KC before they are sold there.
    electrical: Mapped[bool] = mapped_column(Boolean, server_default=sa_false())
    # Shopify columns kept as they came (SEO, Google Shopping, ...), never interpreted.
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    variants: Mapped[list[Variant]] = relationship(
        back_populates="product", cascade="all, delete-orphan", order_by="Variant.position"
    )
    images: Mapped[list[ProductImage]] = relationship(
        back_populates="product", cascade="all, delete-orphan", order_by="ProductImage.position"
    )
    size_chart: Mapped[list[SizeChartRow]] = relationship(
        back_populates="product", cascade="all, delete-orphan", order_by="SizeChartRow.position"
    )

    @property
    def fit_item_id(self) -> str | None:
        """The product's item id in external fit data (extra["fit_item_id"]), if linked."""
        value = (self.extra or {}).get("fit_item_id")
        return str(value) if value else None


class Variant(Base):
    __tablename__ = "variants"
    __table_args__ = (UniqueConstraint("seller_id", "sku"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    # Denormalised so a SKU is unique within a store.
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"))
    sku: Mapped[str | None] = mapped_column(String(255))
    position: Mapped[int] = mapped_column(Integer, default=1)
    option1: Mapped[str | None] = mapped_column(String(255))
    option2: Mapped[str | None] = mapped_column(String(255))
    option3: Mapped[str | None] = mapped_column(String(255))
    grams: Mapped[int | None] = mapped_column(Integer)
    stock: Mapped[int] = mapped_column(Integer, default=0)
    image_id: Mapped[int | None] = mapped_column(
        ForeignKey("product_images.id", ondelete="SET NULL", use_alter=True)
    )

    product: Mapped[Product] = relationship(back_populates="variants")
    prices: Mapped[list[VariantPrice]] = relationship(
        back_populates="variant", cascade="all, delete-orphan"
    )

    @property
    def options(self) -> list[str]:
        return [v for v in (self.option1, self.option2, self.option3) if v]

    @property
    def label(self) -> str:
        return " / ".join(self.options) or "Default"

    def price_in(self, currency: str) -> VariantPrice | None:
        return next((p for p in self.prices if p.currency == currency), None)


class WarehouseStock(Base):
    """How many of a variant's units sit in one warehouse.

    The variant's `stock` stays the total it can sell, so caps and "in stock" read one
    number; units in no row are unplaced (a store that keeps no warehouses has only those).
    Every change touches the variant row first (crosslive.catalog.inventory), which
    serialises the changes of one variant."""

    __tablename__ = "warehouse_stock"
    __table_args__ = (UniqueConstraint("variant_id", "warehouse_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    variant_id: Mapped[int] = mapped_column(
        ForeignKey("variants.id", ondelete="CASCADE"), index=True
    )
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id", ondelete="CASCADE"))
    quantity: Mapped[int] = mapped_column(Integer, default=0)


class VariantPrice(Base):
    """The price of a variant in one currency (one row per currency the seller sells in)."""

    __tablename__ = "variant_prices"
    __table_args__ = (UniqueConstraint("variant_id", "currency"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    variant_id: Mapped[int] = mapped_column(
        ForeignKey("variants.id", ondelete="CASCADE"), index=True
    )
    currency: Mapped[str] = mapped_column(String(3))
    amount_minor: Mapped[int] = mapped_column(Integer)
    compare_at_minor: Mapped[int | None] = mapped_column(Integer)
    # What one unit costs the seller, in this row's currency (optional): the lane margin
    # warnings need it, nothing else does.
    unit_cost_minor: Mapped[int | None] = mapped_column(Integer)

    variant: Mapped[Variant] = relationship(back_populates="prices")


class ProductImage(Base):
    __tablename__ = "product_images"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    # An absolute URL (imported) or a path under DATA_DIR/media (uploaded).
    src: Mapped[str] = mapped_column(String(2048))
    alt: Mapped[str] = mapped_column(String(512), default="")
    position: Mapped[int] = mapped_column(Integer, default=1)
    lighting: Mapped[Lighting] = mapped_column(
        Enum(Lighting, native_enum=False, length=16), default=Lighting.UNSPECIFIED
    )

    product: Mapped[Product] = relationship(back_populates="images")


class SizeChartRow(Base):
    """Garment measurements of one size, in centimetres (e.g. chest, length, waist)."""

    __tablename__ = "size_chart_rows"
    __table_args__ = (UniqueConstraint("product_id", "size_label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    size_label: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(Integer, default=1)
    measurements_cm: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)

    product: Mapped[Product] = relationship(back_populates="size_chart")


class PriceChange(Base):
    """A variant's price in one currency from `changed_at` on: one row each time it is set
    or changes (written by the listener below, whatever path changed it), so the lowest
    price of the 30 days before a cut can be told (EU Omnibus 2019/2161)."""

    __tablename__ = "price_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    variant_id: Mapped[int] = mapped_column(
        ForeignKey("variants.id", ondelete="CASCADE"), index=True
    )
    currency: Mapped[str] = mapped_column(String(3))
    amount_minor: Mapped[int] = mapped_column(Integer)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


def _record_price(connection: Connection, price: VariantPrice) -> None:
    connection.execute(
        insert(PriceChange).values(
            variant_id=price.variant_id,
            currency=price.currency,
            amount_minor=price.amount_minor,
            changed_at=utcnow(),
        )
    )


@event.listens_for(VariantPrice, "after_insert")
def _price_set(_mapper: object, connection: Connection, price: VariantPrice) -> None:
    _record_price(connection, price)


@event.listens_for(VariantPrice, "after_update")
def _price_moved(_mapper: object, connection: Connection, price: VariantPrice) -> None:
    if inspect(price).attrs.amount_minor.history.has_changes():
        _record_price(connection, price)
