"""Landed-cost settings in and out, and the breakdown a buyer sees."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from crosslive.landed.breakdown import Regime

Grams = Annotated[int, Field(ge=1, le=10_000_000)]
FeeMinor = Annotated[int, Field(ge=0, le=10**10)]


class LandedSettingsIn(BaseModel):
    taxes: bool = Field(default=True, description="Charge or estimate VAT, sales tax and duty.")
    regime: Regime = Field(description="ddp: buyer pays all at checkout; dap: at the door.")
    de_minimis_minor: int | None = Field(
        default=None,
        ge=0,
        le=10**12,
        description="Goods worth up to this pay no duty; null: the table's value for the market.",
    )
    ioss_number: str = Field(default="", max_length=32, pattern=r"^[A-Za-z0-9]*$")
    sales_tax_bp: int = Field(default=0, ge=0, le=5000, description="US sales tax, 1 % = 100.")
    duty_bp: dict[str, Annotated[int, Field(ge=0, le=10000)]] = Field(
        default_factory=dict, max_length=20, description="Category -> duty rate, 1 % = 100."
    )
    reduced_categories: list[str] = Field(default_factory=list, max_length=20)


class LandedSettingsOut(LandedSettingsIn):
    market_code: str
    de_minimis_minor: int | None = None


class ShippingFeeIn(BaseModel):
    flat_minor: int = Field(default=0, ge=0, le=10**10)
    bands: list[tuple[Grams, FeeMinor]] = Field(
        default_factory=list, max_length=20, description="[[up to grams, fee minor], ...]"
    )
    free_above_minor: int | None = Field(default=None, ge=0, le=10**12)


class ShippingFeeOut(ShippingFeeIn):
    market_code: str
    warehouse_code: str


class BreakdownOut(BaseModel):
    """What the buyer pays, in the market currency (minor units and display strings)."""

    currency: str
    subtotal_minor: int
    shipping_minor: int
    tax_minor: int
    tax_included: bool
    duties_minor: int
    duties_at_door_minor: int
    total_minor: int
    scheme: str
    subtotal: str
    shipping: str
    tax: str
    duties: str
    duties_at_door: str
    total: str
    delivery: str = Field(default="", description="The promise of the route that ships it.")
