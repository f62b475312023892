"""Returns tables: each market's lane costs, the camera checklist ticks of a show, and the
buyers' return requests (one per order line)."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Enum,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from crosslive.db import Base, UTCDateTime, utcnow


class LaneCost(Base):
    """What one parcel costs the seller on a market's lane, in the market's currency."""

    __tablename__ = "lane_costs"

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"), index=True)
    market_id: Mapped[int] = mapped_column(
        ForeignKey("markets.id", ondelete="CASCADE"), unique=True
    )
    outbound_minor: Mapped[int] = mapped_column(Integer)
    return_shipping_minor: Mapped[int] = mapped_column(Integer)
    handling_minor: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class CameraCheck(Base):
    """One checklist item for one product in one show: done or not, who ticked it and when."""

    __tablename__ = "camera_checks"
    __table_args__ = (UniqueConstraint("show_id", "product_id", "item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    show_id: Mapped[int] = mapped_column(ForeignKey("shows.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    item: Mapped[str] = mapped_column(String(32))
    done: Mapped[bool] = mapped_column(Boolean, default=True)
    checked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL")
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class ReturnReason(enum.StrEnum):
    """The one reason taxonomy: the buyer picks one, insights count them."""

    TOO_SMALL = "too_small"
    TOO_LARGE = "too_large"
    COLOUR_NOT_AS_DESCRIBED = "colour_not_as_described"
    MATERIAL_NOT_AS_DESCRIBED = "material_not_as_described"
    LOOKS_DIFFERENT = "looks_different"
    DEFECT = "defect"
    DAMAGED_IN_TRANSIT = "damaged_in_transit"
    WRONG_ITEM = "wrong_item"
    ARRIVED_LATE = "arrived_late"
    CHANGED_MIND = "changed_mind"


class ReturnStatus(enum.StrEnum):
    # The buyer saw the outcome but has not confirmed (the abandoned-return reminder's case).
    STARTED = "started"
    REQUESTED = "requested"  # confirmed; waiting for the store
    APPROVED = "approved"  # the store agreed; a parcel is on its way back (or none: keep it)
    RECEIVED = "received"  # the parcel arrived at the return warehouse
    REFUNDED = "refunded"  # final: money back
    EXCHANGED = "exchanged"  # final: the new size goes out, nothing refunded
    REJECTED = "rejected"  # final: with the store's reason, shown to the buyer


class ReturnOutcome(enum.StrEnum):
    KEEP_IT = "keep_it"  # refunded, the buyer keeps the item, no parcel
    EXCHANGE = "exchange"  # another size, reserved at confirmation
    RETURN_REFUND = "return_refund"  # sent back to the return warehouse, then refunded


class ReturnRequest(Base):
    """A buyer's return of one order line, from the first look at the outcome to its end."""

    __tablename__ = "return_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"), index=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    # One return per line: a second one is refused (the unique index decides a race).
    order_line_id: Mapped[int] = mapped_column(
        ForeignKey("order_lines.id", ondelete="CASCADE"), unique=True
    )
    product_id: Mapped[int | None] = mapped_column(
        ForeignKey("products.id", ondelete="SET NULL"), index=True
    )
    # Written on the parcel, so the warehouse can match it.
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    reason: Mapped[ReturnReason] = mapped_column(Enum(ReturnReason, native_enum=False, length=32))
    note: Mapped[str] = mapped_column(Text, default="")
    photos: Mapped[list[str]] = mapped_column(JSON, default=list)
    quantity: Mapped[int] = mapped_column(Integer)
    status: Mapped[ReturnStatus] = mapped_column(
        Enum(ReturnStatus, native_enum=False, length=16), default=ReturnStatus.STARTED
    )
    outcome: Mapped[ReturnOutcome] = mapped_column(
        Enum(ReturnOutcome, native_enum=False, length=16)
    )
    refund_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    # An exchange: the variant reserved for it (its stock was taken at confirmation).
    exchange_variant_id: Mapped[int | None] = mapped_column(
        ForeignKey("variants.id", ondelete="SET NULL")
    )
    exchange_label: Mapped[str] = mapped_column(String(255), default="")
    # The warehouse the exchange unit was reserved in (None: unplaced units).
    exchange_warehouse_id: Mapped[int | None] = mapped_column(
        ForeignKey("warehouses.id", ondelete="SET NULL")
    )
    restockable: Mapped[bool | None] = mapped_column(Boolean)
    reject_reason: Mapped[str] = mapped_column(String(500), default="")
    refund_id: Mapped[int | None] = mapped_column(ForeignKey("refunds.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
