"""Markets API shapes, and the delivery and return promises shown to viewers."""

from __future__ import annotations

from pydantic import BaseModel, Field

from crosslive.fit.sizes import SizeSystem
from crosslive.ids import Id
from crosslive.markets.models import LabelPaidBy
from crosslive.money import PriceMinor


class WarehouseIn(BaseModel):
    code: str = Field(min_length=1, max_length=32)
    name: str = Field(min_length=1, max_length=200)
    city: str = Field(min_length=1, max_length=100)
    country: str = Field(min_length=2, max_length=2, description="ISO 3166-1 alpha-2")


class WarehouseUpdate(BaseModel):
    code: str | None = Field(default=None, min_length=1, max_length=32)
    name: str | None = Field(default=None, min_length=1, max_length=200)
    city: str | None = Field(default=None, min_length=1, max_length=100)
    country: str | None = Field(default=None, min_length=2, max_length=2)


class WarehouseOut(BaseModel):
    id: int
    code: str
    name: str
    city: str
    country: str

    model_config = {"from_attributes": True}


class WarehouseStockIn(BaseModel):
    quantity: int = Field(ge=0, le=2_000_000_000)


class WarehouseStockOut(BaseModel):
    variant_id: int
    stock: int  # the total the variant can sell
    warehouses: dict[str, int]  # warehouse code -> units there
    unplaced: int  # units in no warehouse


class RouteIn(BaseModel):
    warehouse_id: Id
    delivery_days_min: int = Field(ge=0, le=120)
    delivery_days_max: int = Field(ge=0, le=120)


class RouteOut(BaseModel):
    warehouse: WarehouseOut
    delivery_days_min: int
    delivery_days_max: int

    model_config = {"from_attributes": True}


class MarketIn(BaseModel):
    code: str = Field(min_length=2, max_length=8, description="e.g. US, EU, UK, JP, KR")
    name: str = Field(min_length=1, max_length=100)
    currency: str = Field(min_length=3, max_length=3)
    languages: list[str] = Field(default_factory=list, max_length=40)
    countries: list[str] = Field(default_factory=list, max_length=60)
    size_system: SizeSystem
    return_window_days: int = Field(default=30, ge=0, le=365)
    return_label_paid_by: LabelPaidBy = LabelPaidBy.SELLER
    return_warehouse_id: Id | None = None
    keep_it_below_minor: PriceMinor = 0
    required_disclosures: list[str] = Field(default_factory=list, max_length=20)
    trust_weights: dict[str, int] = Field(
        default_factory=dict, description="Credential type -> 1..5; missing types use defaults"
    )


class MarketUpdate(BaseModel):
    """Only the fields given change."""

    name: str | None = Field(default=None, min_length=1, max_length=100)
    currency: str | None = Field(default=None, min_length=3, max_length=3)
    languages: list[str] | None = Field(default=None, max_length=40)
    countries: list[str] | None = Field(default=None, max_length=60)
    size_system: SizeSystem | None = None
    return_window_days: int | None = Field(default=None, ge=0, le=365)
    return_label_paid_by: LabelPaidBy | None = None
    return_warehouse_id: Id | None = None
    keep_it_below_minor: PriceMinor | None = None
    required_disclosures: list[str] | None = Field(default=None, max_length=20)
    trust_weights: dict[str, int] | None = None
    routes: list[RouteIn] | None = Field(
        default=None, description="Replaces every warehouse route of the market"
    )


class DeliveryPromise(BaseModel):
    """The fastest warehouse serving a market, as a viewer reads it."""

    warehouse_name: str
    city: str
    country: str
    days_min: int
    days_max: int
    text: str


class ReturnTerms(BaseModel):
    window_days: int
    label_paid_by: LabelPaidBy
    warehouse_name: str | None
    city: str | None
    country: str | None
    keep_it_below_minor: int
    currency: str
    text: str


class MarketOut(BaseModel):
    id: int
    code: str
    name: str
    currency: str
    languages: list[str]
    countries: list[str]
    size_system: SizeSystem
    return_window_days: int
    return_label_paid_by: LabelPaidBy
    return_warehouse_id: int | None
    keep_it_below_minor: int
    required_disclosures: list[str]
    trust_weights: dict[str, int] = Field(description="Effective weights, defaults filled in")
    routes: list[RouteOut]
    delivery: DeliveryPromise | None
    returns: ReturnTerms


class PresetOut(BaseModel):
    code: str
    name: str
    currency: str
    languages: list[str]
    countries: list[str]
    size_system: SizeSystem
    required_disclosures: list[str]
    trust_weights: dict[str, int]
    return_window_days: int
