"""Request and response bodies of the returns API: prevention, and return requests."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from crosslive.catalog.models import Category
from crosslive.money import PriceMinor
from crosslive.returns.models import ReturnOutcome, ReturnReason, ReturnStatus


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


class ReturnStartIn(BaseModel):
    """The buyer's return of one line: the outcome is shown before it is confirmed."""

    line_id: int
    quantity: int = 1
    reason: str
    note: str = ""


class ReturnInstructionsOut(BaseModel):
    warehouse: str
    seller_pays_label: bool
    reference: str


class ReturnOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    order_line_id: int
    reference: str
    reason: ReturnReason
    note: str
    photos: list[str]
    quantity: int
    status: ReturnStatus
    outcome: ReturnOutcome
    refund_minor: int
    currency: str
    exchange_label: str
    restockable: bool | None
    reject_reason: str
    created_at: datetime
    confirmed_at: datetime | None
    instructions: ReturnInstructionsOut | None = None


class FitCountsOut(BaseModel):
    small: int
    fit: int
    large: int


class QueueItemOut(BaseModel):
    ret: ReturnOut
    order_id: int
    show_id: int | None
    market_code: str
    product_id: int | None
    product_title: str
    variant_label: str
    fit_feedback: dict[str, FitCountsOut]
    damage_flagged: bool
    damage_p_value: float | None


class ReceivedIn(BaseModel):
    restockable: bool


class ReturnRefundIn(BaseModel):
    # The bank transfer's reference (manual payments); may be empty for a card provider.
    reference: str = Field(default="", max_length=100)


class RejectIn(BaseModel):
    reason: str = Field(max_length=500)
