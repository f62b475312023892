"""What the host pinned in a show, and which sites may embed the live room."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crosslive.catalog.models import Product
from crosslive.db import Base, UTCDateTime, utcnow


class ShowPin(Base):
    """A product card on the viewers' screens (at most three at once)."""

    __tablename__ = "show_pins"
    __table_args__ = (UniqueConstraint("show_id", "product_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    show_id: Mapped[int] = mapped_column(ForeignKey("shows.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    pinned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    product: Mapped[Product] = relationship()


class EmbedOrigin(Base):
    """A site allowed to frame the seller's embedded live room (none listed: this site only)."""

    __tablename__ = "embed_origins"
    __table_args__ = (UniqueConstraint("seller_id", "origin"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"), index=True)
    origin: Mapped[str] = mapped_column(String(255))
