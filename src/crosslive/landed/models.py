"""A market's landed-cost settings and the shipping fee of each warehouse that serves it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Enum,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from crosslive.db import Base
from crosslive.landed.breakdown import Regime


class LandedSettings(Base):
    """Tax, duty regime and duty rates of one market. No row: no tax or duty lines."""

    __tablename__ = "landed_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"), index=True)
    market_id: Mapped[int] = mapped_column(
        ForeignKey("markets.id", ondelete="CASCADE"), unique=True
    )
    taxes: Mapped[bool] = mapped_column(Boolean, default=True)
    regime: Mapped[Regime] = mapped_column(Enum(Regime, native_enum=False, length=4))
    # Goods worth up to this (market currency, minor units, without tax) pay no duty.
    de_minimis_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    ioss_number: Mapped[str] = mapped_column(String(32), default="")
    # Sales tax where no national VAT table applies (US), basis points.
    sales_tax_bp: Mapped[int] = mapped_column(Integer, default=0)
    duty_bp: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reduced_categories: Mapped[list[str]] = mapped_column(JSON, default=list)


class ShippingFee(Base):
    """What shipping costs the buyer from one warehouse to one market."""

    __tablename__ = "shipping_fees"
    __table_args__ = (UniqueConstraint("market_id", "warehouse_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"), index=True)
    market_id: Mapped[int] = mapped_column(ForeignKey("markets.id", ondelete="CASCADE"))
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id", ondelete="CASCADE"))
    flat_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    # [[up to grams, fee minor], ...] in rising weight; empty: the flat fee.
    bands: Mapped[list[Any]] = mapped_column(JSON, default=list)
    free_above_minor: Mapped[int | None] = mapped_column(BigInteger)
