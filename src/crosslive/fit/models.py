"""Size advice given: which size the advisor recommended to which viewer for which product,
so an order line can say whether the buyer followed it and returns can tell if it was right.
Only the outcome is kept, never the body measurements the viewer typed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, String
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
