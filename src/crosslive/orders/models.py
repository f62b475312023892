"""Carts, orders with their price snapshot, payments and idempotency keys.

Money is integer minor units of the row's currency (see crosslive.money).
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crosslive.db import Base, UTCDateTime, utcnow
from crosslive.orders.address_format import locality_lines


class OrderStatus(enum.StrEnum):
    PENDING_PAYMENT = "pending_payment"
    PAID = "paid"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    # The market's return window after delivery has ended: the order is settled.
    CLOSED = "closed"
    CANCELLED = "cancelled"


class PaymentStatus(enum.StrEnum):
    PENDING = "pending"
    PAID = "paid"
    REFUNDED = "refunded"
    FAILED = "failed"


class Cart(Base):
    """One open cart per anonymous viewer, show and currency."""

    __tablename__ = "carts"
    __table_args__ = (UniqueConstraint("viewer_id", "show_id", "currency"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    viewer_id: Mapped[str] = mapped_column(String(64))
    show_id: Mapped[int] = mapped_column(ForeignKey("shows.id", ondelete="CASCADE"), index=True)
    currency: Mapped[str] = mapped_column(String(3))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    items: Mapped[list[CartItem]] = relationship(
        back_populates="cart", cascade="all, delete-orphan", order_by="CartItem.id"
    )


class CartItem(Base):
    __tablename__ = "cart_items"
    __table_args__ = (UniqueConstraint("cart_id", "variant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cart_id: Mapped[int] = mapped_column(ForeignKey("carts.id", ondelete="CASCADE"), index=True)
    variant_id: Mapped[int] = mapped_column(ForeignKey("variants.id", ondelete="CASCADE"))
    quantity: Mapped[int] = mapped_column(Integer)

    cart: Mapped[Cart] = relationship(back_populates="items")


class CartAdd(Base):
    """One add-to-cart action, counted for the host console."""

    __tablename__ = "cart_adds"

    id: Mapped[int] = mapped_column(primary_key=True)
    show_id: Mapped[int] = mapped_column(ForeignKey("shows.id", ondelete="CASCADE"), index=True)
    variant_id: Mapped[int] = mapped_column(ForeignKey("variants.id", ondelete="CASCADE"))
    quantity: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (
        Index("ix_orders_show_client_key", "show_id", "client_key"),
        Index("ix_orders_show_email_key", "show_id", "email_key"),
        # The keyset lists (admin page, staff API): one store's orders by (created_at, id).
        Index("ix_orders_seller_created_id", "seller_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Unguessable: the confirmation page is reachable by anyone holding the link.
    public_id: Mapped[str] = mapped_column(String(43), unique=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"), index=True)
    show_id: Mapped[int | None] = mapped_column(
        ForeignKey("shows.id", ondelete="SET NULL"), index=True
    )
    market_id: Mapped[int | None] = mapped_column(ForeignKey("markets.id", ondelete="SET NULL"))
    market_code: Mapped[str] = mapped_column(String(8))
    viewer_id: Mapped[str] = mapped_column(String(64))
    # Who else the order counts against in a show's purchase caps (crosslive.orders.caps):
    # the client address hashed with the server's key, and the email as caps compare it.
    client_key: Mapped[str] = mapped_column(String(64), default="", server_default="")
    email_key: Mapped[str] = mapped_column(String(254), default="", server_default="")
    currency: Mapped[str] = mapped_column(String(3))
    # BIGINT: 30 lines of 99 units at the largest price pass a 32-bit INTEGER.
    subtotal_minor: Mapped[int] = mapped_column(BigInteger)
    shipping_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    total_minor: Mapped[int] = mapped_column(BigInteger)
    # The landed-cost breakdown the buyer confirmed (crosslive.landed): tax collected at
    # checkout (inside the prices when tax_included), duties paid at checkout (DDP), the
    # estimate the buyer pays on delivery (DAP), and how low-value VAT was collected.
    tax_minor: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    tax_included: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    duties_minor: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    duties_at_door_minor: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    vat_scheme: Mapped[str] = mapped_column(String(8), default="", server_default="")
    ioss_number: Mapped[str] = mapped_column(String(32), default="", server_default="")
    status: Mapped[OrderStatus] = mapped_column(
        Enum(OrderStatus, native_enum=False, length=16), default=OrderStatus.PENDING_PAYMENT
    )
    # The buyer's language at checkout (the live room's, else Accept-Language): "de", "pt-BR".
    language: Mapped[str] = mapped_column(String(35), default="", server_default="")
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(200))
    address_line1: Mapped[str] = mapped_column(String(200))
    address_line2: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(100))
    region: Mapped[str] = mapped_column(String(100), default="")
    postal_code: Mapped[str] = mapped_column(String(20), default="")
    country: Mapped[str] = mapped_column(String(2))
    carrier: Mapped[str] = mapped_column(String(100), default="")
    tracking_number: Mapped[str] = mapped_column(String(100), default="")
    # Built from the carrier's template (orders.tracking) or given by the seller.
    tracking_url: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Unpaid by then, it is cancelled and its stock goes back on sale (None: no deadline).
    hold_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Why it was cancelled: "unpaid_in_time" when its hold ran out (orders.holds), "" by hand.
    cancel_reason: Mapped[str] = mapped_column(String(32), default="")
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    shipped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # delivered_at + the market's return window, fixed at delivery (a later policy change
    # does not move it); the order closes when it passes.
    returns_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderLine.id"
    )
    payments: Mapped[list[Payment]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="Payment.id"
    )
    refunds: Mapped[list[Refund]] = relationship(order_by="Refund.id", viewonly=True)

    @property
    def locality_lines(self) -> list[str]:
        """The address's city, region and postal code in the destination country's order."""
        return locality_lines(self)


class OrderLine(Base):
    """What was bought, at the price it was bought for (a snapshot, not a reference)."""

    __tablename__ = "order_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    variant_id: Mapped[int | None] = mapped_column(ForeignKey("variants.id", ondelete="SET NULL"))
    product_title: Mapped[str] = mapped_column(String(255))
    variant_label: Mapped[str] = mapped_column(String(255))
    sku: Mapped[str] = mapped_column(String(255), default="")
    unit_price_minor: Mapped[int] = mapped_column(Integer)
    quantity: Mapped[int] = mapped_column(Integer)
    line_total_minor: Mapped[int] = mapped_column(BigInteger)
    # The size the fit advisor advised this buyer for this product before checkout (None:
    # no advice was asked); the size bought is variant_label.
    advised_size: Mapped[str | None] = mapped_column(String(32))
    # The warehouse whose units the line took (None: unplaced units); a cancellation puts
    # them back there.
    warehouse_id: Mapped[int | None] = mapped_column(
        ForeignKey("warehouses.id", ondelete="SET NULL")
    )

    order: Mapped[Order] = relationship(back_populates="lines")


class Payment(Base):
    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    provider: Mapped[str] = mapped_column(String(32))
    # What the buyer quotes on a bank transfer, or the card provider's payment id.
    reference: Mapped[str] = mapped_column(String(64), unique=True)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    # What the refunds so far add up to; a conditional UPDATE keeps it <= amount_minor.
    refunded_minor: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[PaymentStatus] = mapped_column(
        Enum(PaymentStatus, native_enum=False, length=16), default=PaymentStatus.PENDING
    )
    instructions: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    order: Mapped[Order] = relationship(back_populates="payments")


class Refund(Base):
    """Money given back on a payment, once per idempotency key (orders.refunds)."""

    __tablename__ = "refunds"
    __table_args__ = (UniqueConstraint("order_id", "idempotency_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id", ondelete="CASCADE"))
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    reason: Mapped[str] = mapped_column(String(500), default="")
    # The seller's bank reference (manual transfer) or the card provider's refund id.
    reference: Mapped[str] = mapped_column(String(100), default="")
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL")
    )
    idempotency_key: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PaymentSettings(Base):
    """A store's payment set-up: the bank details shown for manual transfers."""

    __tablename__ = "payment_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(
        ForeignKey("sellers.id", ondelete="CASCADE"), unique=True
    )
    bank_instructions: Mapped[str] = mapped_column(Text, default="")


class IdempotencyKey(Base):
    """A request already handled: the same key replays the stored response."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("scope", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(128))
    key: Mapped[str] = mapped_column(String(128))
    fingerprint: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int | None] = mapped_column(Integer)
    response: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class UsedChallenge(Base):
    """A checkout challenge already spent on an order (crosslive.orders.proof): kept until it
    expires, so the same solved challenge never reserves stock twice."""

    __tablename__ = "used_challenges"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class StripeEvent(Base):
    """A Stripe webhook event already handled, by Stripe's event id: the same event delivered
    again (Stripe retries, or sends it twice) changes nothing (orders.stripe_webhook)."""

    __tablename__ = "stripe_events"

    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    kind: Mapped[str] = mapped_column(String(100))
    # What it did: paid, released, refunded_late, refused, ignored ...
    outcome: Mapped[str] = mapped_column(String(32))
    order_id: Mapped[int | None] = mapped_column(
        ForeignKey("orders.id", ondelete="SET NULL"), index=True
    )
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
