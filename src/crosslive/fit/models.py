"""Size advice given: which size the advisor recommended to which viewer for which product,
so an order line can say whether the buyer followed it and returns can tell if it was right.
Only the outcome is kept, never the body measurements the viewer typed."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, Float, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crosslive.db import Base, UTCDateTime, utcnow


class AdviceGiven(Base):
    __tablename__ = "fit_advice_given"
    __table_args__ = (Index("ix_fit_advice_given_viewer_product", "viewer_id", "product_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    viewer_id: Mapped[str] = mapped_column(String(64))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    size: Mapped[str] = mapped_column(String(32))
    confidence: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class FitVerdict(enum.StrEnum):
    SMALL = "small"
    FIT = "fit"
    LARGE = "large"


class FitSource(enum.StrEnum):
    FOLLOW_UP = "follow_up"  # the buyer's answer to "How does it fit?"
    RETURN = "return"  # a return for a size reason (too small / too large)


class FitFeedback(Base):
    """How a size bought fitted: one row per order line and source (crosslive.fit.feedback)."""

    __tablename__ = "fit_feedback"
    __table_args__ = (UniqueConstraint("order_line_id", "source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_line_id: Mapped[int] = mapped_column(
        ForeignKey("order_lines.id", ondelete="CASCADE"), index=True
    )
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    viewer_id: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[str] = mapped_column(String(32))
    verdict: Mapped[FitVerdict] = mapped_column(Enum(FitVerdict, native_enum=False, length=8))
    source: Mapped[FitSource] = mapped_column(Enum(FitSource, native_enum=False, length=16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
