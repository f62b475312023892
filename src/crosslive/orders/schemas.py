"""Orders API shapes. Money: integer minor units plus a display string."""

from __future__ import annotations

from datetime import datetime

from pydantic import AwareDatetime, BaseModel, Field, field_validator

from crosslive.ids import Id
from crosslive.landed.schemas import BreakdownOut
from crosslive.mail import languages
from crosslive.orders.models import OrderStatus, PaymentStatus


class MarketOut(BaseModel):
    code: str
    name: str
    currency: str
    countries: list[str]


class CartLineOut(BaseModel):
    variant_id: int
    product_title: str
    variant_label: str
    sku: str
    quantity: int
    unit_price_minor: int
    line_total_minor: int
    unit_price: str
    line_total: str
    # True when no warehouse serving the market holds the quantity (checkout says sold out)
    sold_out: bool = False
    message: str = ""


class CartOut(BaseModel):
    show: str
    market: MarketOut
    currency: str
    items: list[CartLineOut]
    item_count: int
    subtotal_minor: int
    subtotal: str
    breakdown: BreakdownOut = Field(
        description="Shipping, tax and duties before confirming; confirm breakdown.total_minor."
    )


class CartItemIn(BaseModel):
    market: str = Field(min_length=1, max_length=8)
    variant_id: Id
    quantity: int = Field(default=1, ge=1, le=99)


class CartQuantityIn(BaseModel):
    market: str = Field(min_length=1, max_length=8)
    quantity: int = Field(ge=0, le=99)


class AddressIn(BaseModel):
    line1: str = Field(max_length=200)
    line2: str = Field(default="", max_length=200)
    city: str = Field(max_length=100)
    region: str = Field(default="", max_length=100)
    postal_code: str = Field(default="", max_length=20)
    country: str = Field(max_length=2)


class ProofIn(BaseModel):
    """A solved checkout challenge (crosslive.orders.proof)."""

    challenge: str = Field(max_length=512)
    nonce: str = Field(max_length=64, pattern=r"^[0-9A-Za-z]*$")


class CheckoutIn(BaseModel):
    market: str = Field(min_length=1, max_length=8)
    email: str = Field(max_length=254)
    name: str = Field(max_length=200)
    address: AddressIn
    payment_method: str = Field(default="manual", max_length=32)
    confirmed_total_minor: int = Field(
        ge=0,
        le=2**62,
        description="The total the buyer saw and confirmed; another total is refused (409).",
    )
    currency: str = Field(min_length=3, max_length=3, description="That total's currency.")
    proof: ProofIn
    language: str = Field(
        default="",
        max_length=35,
        description="The buyer's language (the live room page's, e.g. de or pt-BR); empty: "
        "the request's Accept-Language. The order's emails are written in it when a "
        "translation exists.",
    )

    @field_validator("language")
    @classmethod
    def _check_language(cls, value: str) -> str:
        if value.strip() and not languages.normalise(value):
            raise ValueError(f"{value[:35]!r} is not a language code like en, de or pt-BR")
        return languages.normalise(value)


class ChallengeIn(BaseModel):
    market: str = Field(min_length=1, max_length=8)


class ChallengeOut(BaseModel):
    challenge: str
    bits: int = Field(description="Leading zero bits SHA-256(challenge + ':' + nonce) needs.")
    algorithm: str
    expires_in: int = Field(description="Seconds the challenge may be used.")


class OrderLineOut(BaseModel):
    variant_id: int | None
    product_title: str
    variant_label: str
    sku: str
    unit_price_minor: int
    quantity: int
    line_total_minor: int
    advised_size: str | None = Field(
        default=None, description="The size the fit advisor advised this buyer, if asked."
    )

    model_config = {"from_attributes": True}


class PaymentOut(BaseModel):
    provider: str
    reference: str
    amount_minor: int
    refunded_minor: int = 0
    currency: str
    status: PaymentStatus
    instructions: str

    model_config = {"from_attributes": True}


class OrderOut(BaseModel):
    """What the buyer sees (and what a replayed checkout returns)."""

    public_id: str
    url: str
    status: OrderStatus
    market_code: str
    currency: str
    subtotal_minor: int
    shipping_minor: int
    tax_minor: int = 0
    tax_included: bool = True
    duties_minor: int = 0
    duties_at_door_minor: int = 0
    vat_scheme: str = ""
    total_minor: int
    total: str
    lines: list[OrderLineOut]
    payment: PaymentOut | None
    # Pay by then, or the order is cancelled and its stock goes back on sale (null: no limit).
    hold_until: datetime | None = None


class RefundOut(BaseModel):
    id: int
    amount_minor: int
    currency: str
    reason: str
    reference: str
    created_by: int | None
    created_at: datetime

    model_config = {"from_attributes": True}


class StaffOrderOut(BaseModel):
    id: int
    public_id: str
    show_id: int | None
    status: OrderStatus
    market_code: str
    currency: str
    total_minor: int
    email: str
    name: str
    address_line1: str
    address_line2: str
    city: str
    region: str
    postal_code: str
    country: str
    carrier: str
    tracking_number: str
    tracking_url: str
    created_at: datetime
    hold_until: datetime | None
    cancel_reason: str
    paid_at: datetime | None
    shipped_at: datetime | None
    delivered_at: datetime | None
    returns_until: datetime | None = Field(description="The end of the return window.")
    closed_at: datetime | None
    lines: list[OrderLineOut]
    payments: list[PaymentOut]
    refunds: list[RefundOut]

    model_config = {"from_attributes": True}


class StaffOrderPage(BaseModel):
    orders: list[StaffOrderOut]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next, older page; null on the last page."
    )


class ShippedIn(BaseModel):
    carrier: str = Field(default="", max_length=100)
    tracking_number: str = Field(default="", max_length=100)
    tracking_url: str = Field(
        default="",
        max_length=500,
        description="The parcel's tracking page; empty: built from the carrier when known.",
    )


class DeliveredIn(BaseModel):
    at: AwareDatetime | None = Field(
        default=None, description="When it was delivered (ISO 8601 with offset); empty: now."
    )


class RefundIn(BaseModel):
    amount_minor: int = Field(ge=1, le=10**15, description="Minor units of the order currency.")
    reason: str = Field(default="", max_length=500)
    reference: str = Field(
        default="",
        max_length=100,
        description="Bank transfer: the reference of the transfer you sent the refund with.",
    )


class TrackingRowError(BaseModel):
    line: int
    message: str


class TrackingImportOut(BaseModel):
    rows: int
    changed: int
    unchanged: int = Field(description="Rows the orders already reflected (a re-upload).")


class PaymentSettingsIn(BaseModel):
    bank_instructions: str = Field(max_length=2000)


class PaymentSettingsOut(BaseModel):
    bank_instructions: str


class RevenueOut(BaseModel):
    currency: str
    amount_minor: int
    display: str = Field(description="The amount written for people, e.g. $25.00.")


class ShowCounters(BaseModel):
    """What a show sold so far (cancelled orders excluded), in one shape for the API, the
    host console and its live counters."""

    add_to_carts: int
    orders: int
    revenue: list[RevenueOut] = Field(description="Per currency, by currency code.")
