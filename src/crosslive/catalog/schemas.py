"""Catalog API shapes. Prices are integer minor units with their ISO 4217 currency."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, Field, field_validator, model_validator

from crosslive.catalog.models import Category, Lighting
from crosslive.money import PriceMinor

_CURRENCY = re.compile(r"^[A-Z]{3}$")
_MEASUREMENT = re.compile(r"^[a-z][a-z_]{0,31}$")
MAX_OPTIONS = 3


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


# Counts people type (stock, grams, positions) fit an INTEGER column on every database.
MAX_COUNT = 1_000_000_000


class PriceIn(BaseModel):
    currency: str = Field(min_length=3, max_length=3)
    amount_minor: PriceMinor
    compare_at_minor: PriceMinor | None = None
    unit_cost_minor: PriceMinor | None = Field(
        default=None, description="What one unit costs you in this currency (optional)."
    )

    @field_validator("currency")
    @classmethod
    def _iso_code(cls, value: str) -> str:
        code = value.upper()
        if not _CURRENCY.match(code):
            raise ValueError("currency must be a 3-letter ISO 4217 code")
        return code


class PriceOut(PriceIn):
    model_config = {"from_attributes": True}


class VariantIn(BaseModel):
    sku: str | None = Field(default=None, max_length=255)
    options: list[str] = Field(default_factory=list, max_length=MAX_OPTIONS)
    # None keeps the current stock (0 for a new variant): stock is often counted elsewhere.
    stock: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    grams: int | None = Field(default=None, ge=0, le=MAX_COUNT)  # None keeps the weight
    prices: list[PriceIn] = Field(min_length=1)

    @field_validator("sku")
    @classmethod
    def _blank_sku_is_none(cls, value: str | None) -> str | None:
        return (value or "").strip() or None

    @field_validator("options")
    @classmethod
    def _strip_options(cls, value: list[str]) -> list[str]:
        return [v.strip() for v in value]

    @model_validator(mode="after")
    def _one_price_per_currency(self) -> VariantIn:
        currencies = [p.currency for p in self.prices]
        if len(set(currencies)) != len(currencies):
            raise ValueError("a variant has at most one price per currency")
        return self


class VariantOut(BaseModel):
    id: int
    sku: str | None
    options: list[str]
    label: str
    stock: int
    grams: int | None
    image_id: int | None
    prices: list[PriceOut]

    model_config = {"from_attributes": True}


class SizeChartRowIn(BaseModel):
    size_label: str = Field(min_length=1, max_length=32)
    measurements_cm: dict[str, float] = Field(default_factory=dict)

    @field_validator("size_label")
    @classmethod
    def _strip_label(cls, value: str) -> str:
        label = value.strip()
        if not label:
            raise ValueError("a size chart row needs a size label")
        return label

    @field_validator("measurements_cm")
    @classmethod
    def _sane_measurements(cls, value: dict[str, float]) -> dict[str, float]:
        for name, cm in value.items():
            if not _MEASUREMENT.match(name):
                raise ValueError(f"measurement name {name!r}: use lowercase letters and _")
            if not 0 < cm <= 500:
                raise ValueError(f"{name} must be between 0 and 500 cm")
        return value


class SizeChartRowOut(SizeChartRowIn):
    id: int

    model_config = {"from_attributes": True}


class ProductIn(BaseModel):
    title: str = Field(min_length=1, max_length=255)
    handle: str | None = Field(default=None, max_length=255)
    description_html: str = Field(default="", max_length=100_000)
    vendor: str = Field(default="", max_length=255)
    product_type: str = Field(default="", max_length=255)
    category: Category = Category.OTHER
    tags: list[str] = Field(default_factory=list, max_length=250)
    published: bool = True
    materials: str = Field(default="", max_length=5_000)
    hs_code: str | None = Field(
        default=None,
        pattern=r"^[0-9]{4}((\.[0-9]{2}){0,3}|[0-9]{2,6})$",
        max_length=16,
        description="Harmonized System code for customs, e.g. 6205.20.",
    )
    option_names: list[str] = Field(default_factory=list, max_length=MAX_OPTIONS)
    disclosed_flaws: list[str] = Field(default_factory=list, max_length=50)
    model_height_cm: float | None = Field(default=None, gt=0, le=260)
    model_weight_kg: float | None = Field(default=None, gt=0, le=400)
    model_size_worn: str | None = Field(default=None, max_length=32)
    fit_item_id: str | None = Field(
        default=None,
        max_length=128,
        description="The product's item id in the fit model's feedback data (an external fit "
        "data set); empty unlinks it, omitted keeps the current link.",
    )
    variants: list[VariantIn] = Field(default_factory=list, max_length=250)
    size_chart: list[SizeChartRowIn] = Field(default_factory=list, max_length=40)
    # Product safety (GPSR) and the electrical flag (PSE/KC): omitted keeps what is stored.
    manufacturer_name: str | None = Field(default=None, max_length=255)
    manufacturer_address: str | None = Field(default=None, max_length=2_000)
    manufacturer_contact: str | None = Field(default=None, max_length=255)
    eu_rp_name: str | None = Field(default=None, max_length=255)
    eu_rp_address: str | None = Field(default=None, max_length=2_000)
    eu_rp_contact: str | None = Field(default=None, max_length=255)
    product_identifier: str | None = Field(default=None, max_length=255)
    gtin: str | None = Field(default=None, pattern=r"^([0-9]{8}|[0-9]{12,14})?$")
    safety_warnings: str | None = Field(default=None, max_length=10_000)
    safety_warnings_lang: str | None = Field(default=None, pattern=r"^[a-z]{2}(_[A-Za-z]{2,4})?$")
    electrical: bool | None = None

    @model_validator(mode="before")
    @classmethod
    def _no_nul_characters(cls, data: Any) -> Any:
        if _has_nul(data):
            raise ValueError("text must not contain NUL characters")
        return data

    @field_validator("title")
    @classmethod
    def _title_not_blank(cls, value: str) -> str:
        title = value.strip()
        if not title:
            raise ValueError("a product needs a title")
        return title

    @field_validator("tags", "disclosed_flaws", "option_names")
    @classmethod
    def _drop_blank(cls, value: list[str]) -> list[str]:
        return [v.strip() for v in value if v.strip()]


class ImageOut(BaseModel):
    id: int
    src: str
    alt: str
    position: int
    lighting: Lighting

    model_config = {"from_attributes": True}


class ImageUpdate(BaseModel):
    alt: str | None = Field(default=None, max_length=512)
    lighting: Lighting | None = None
    position: int | None = Field(default=None, ge=1, le=MAX_COUNT)


class ProductOut(BaseModel):
    id: int
    handle: str
    title: str
    description_html: str
    vendor: str
    product_type: str
    category: Category
    tags: list[str]
    published: bool
    materials: str
    hs_code: str | None = None
    option_names: list[str]
    disclosed_flaws: list[str]
    model_height_cm: float | None
    model_weight_kg: float | None
    model_size_worn: str | None
    variants: list[VariantOut]
    images: list[ImageOut]
    size_chart: list[SizeChartRowOut]
    fit_item_id: str | None = None
    manufacturer_name: str = ""
    manufacturer_address: str = ""
    manufacturer_contact: str = ""
    eu_rp_name: str = ""
    eu_rp_address: str = ""
    eu_rp_contact: str = ""
    product_identifier: str = ""
    gtin: str = ""
    safety_warnings: str = ""
    safety_warnings_lang: str = "en"
    electrical: bool = False

    model_config = {"from_attributes": True}


class ProductSummary(BaseModel):
    id: int
    handle: str
    title: str
    category: Category
    published: bool
    variant_count: int
    total_stock: int
