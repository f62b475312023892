"""Markets, the warehouses that serve them, and each market's return policy."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crosslive.db import Base, UTCDateTime, utcnow
from crosslive.fit.sizes import SizeSystem


class LabelPaidBy(enum.StrEnum):
    SELLER = "seller"
    BUYER = "buyer"


class Market(Base):
    __tablename__ = "markets"
    __table_args__ = (UniqueConstraint("seller_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(100))
    currency: Mapped[str] = mapped_column(String(3))
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    countries: Mapped[list[str]] = mapped_column(JSON, default=list)
    size_system: Mapped[SizeSystem] = mapped_column(Enum(SizeSystem, native_enum=False, length=4))
    # Return policy, stated concretely to viewers.
    return_window_days: Mapped[int] = mapped_column(Integer, default=30)
    return_label_paid_by: Mapped[LabelPaidBy] = mapped_column(
        Enum(LabelPaidBy, native_enum=False, length=8), default=LabelPaidBy.SELLER
    )
    return_warehouse_id: Mapped[int | None] = mapped_column(
        ForeignKey("warehouses.id", ondelete="SET NULL")
    )
    # Below this price (minor units of the market currency) a return is refunded without
    # collecting the item: shipping it back would cost more than it is worth.
    keep_it_below_minor: Mapped[int] = mapped_column(Integer, default=0)
    # Disclosures every offer in this market must carry, e.g. "GPSR", "ad-label".
    required_disclosures: Mapped[list[str]] = mapped_column(JSON, default=list)
    # How much this market weighs each credential type (1-5); empty means the defaults.
    trust_weights: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Local support the after-sales guarantee states: the hours (in support_timezone, an IANA
    # name; empty: none stated), the weekdays (0 = Monday) and the committed response time.
    support_timezone: Mapped[str] = mapped_column(String(64), default="")
    support_opens: Mapped[str] = mapped_column(String(5), default="09:00")
    support_closes: Mapped[str] = mapped_column(String(5), default="18:00")
    support_weekdays: Mapped[list[int]] = mapped_column(JSON, default=lambda: [0, 1, 2, 3, 4])
    support_response_hours: Mapped[int] = mapped_column(Integer, default=24)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    return_warehouse: Mapped[Warehouse | None] = relationship(foreign_keys=[return_warehouse_id])
    routes: Mapped[list[WarehouseRoute]] = relationship(
        back_populates="market", cascade="all, delete-orphan"
    )


class Warehouse(Base):
    __tablename__ = "warehouses"
    __table_args__ = (UniqueConstraint("seller_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(100))
    country: Mapped[str] = mapped_column(String(2))


class WarehouseRoute(Base):
    """A warehouse serves a market with a delivery promise."""

    __tablename__ = "warehouse_routes"
    __table_args__ = (UniqueConstraint("market_id", "warehouse_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    market_id: Mapped[int] = mapped_column(ForeignKey("markets.id", ondelete="CASCADE"), index=True)
    warehouse_id: Mapped[int] = mapped_column(
        ForeignKey("warehouses.id", ondelete="CASCADE"), index=True
    )
    delivery_days_min: Mapped[int] = mapped_column(Integer)
    delivery_days_max: Mapped[int] = mapped_column(Integer)

    market: Mapped[Market] = relationship(back_populates="routes")
    warehouse: Mapped[Warehouse] = relationship()
