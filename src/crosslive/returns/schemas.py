"""Request and response bodies of the returns-prevention API."""

from __future__ import annotations

from pydantic import BaseModel, Field

from crosslive.catalog.models import Category
from crosslive.money import PriceMinor


class LaneIn(BaseModel):
    """Per-parcel costs on a market's lane, in minor units of the market's currency."""

    outbound_minor: PriceMinor = Field(description="Shipping one parcel to the buyer.")
    return_shipping_minor: PriceMinor = Field(description="Shipping one parcel back.")
    handling_minor: PriceMinor = Field(description="Receiving, checking and restocking one return.")


class LaneOut(LaneIn):
    market_id: int
    market_code: str
    currency: str


class CategoryBreakEven(BaseModel):
    category: Category
    return_rate: float
    resale_share: float
    break_even_minor: int
    break_even: str
    expected_return_cost_minor: int


class MarketEconomics(BaseModel):
    market_id: int
    market_code: str
    currency: str
    lane: LaneOut | None
    keep_it_below_minor: int
    suggested_keep_it_minor: int | None
    suggested_keep_it: str | None
    categories: list[CategoryBreakEven]


class MarginWarning(BaseModel):
    product_id: int
    title: str
    category: Category
    market_code: str
    variant: str
    price_minor: int
    unit_cost_minor: int
    margin_minor: int
    expected_return_cost_minor: int
    message: str


class EconomicsOut(BaseModel):
    markets: list[MarketEconomics]
    warnings: list[MarginWarning]


class CameraCheckIn(BaseModel):
    product_id: int = Field(ge=1, le=2_147_483_647)
    item: str = Field(min_length=1, max_length=32)
    done: bool = True


class ChecklistItemOut(BaseModel):
    key: str
    label: str
    done: bool


class ProductChecklistOut(BaseModel):
    product_id: int
    category: Category
    items: list[ChecklistItemOut]
