"""Shows, their hosts, their line-up and the hosts' publish tokens."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, Boolean, Enum, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crosslive.auth.models import StaffUser
from crosslive.catalog.models import Product
from crosslive.db import Base, UTCDateTime, utcnow


class ShowState(enum.StrEnum):
    SCHEDULED = "scheduled"
    LIVE = "live"
    ENDED = "ended"


class Show(Base):
    __tablename__ = "shows"
    __table_args__ = (UniqueConstraint("seller_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    scheduled_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_minutes: Mapped[int] = mapped_column(Integer, default=60)
    language: Mapped[str] = mapped_column(String(16), default="en")
    market_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    # A paid promotion: viewers see an ad label in their language for the whole show.
    sponsored: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[ShowState] = mapped_column(
        Enum(ShowState, native_enum=False, length=16), default=ShowState.SCHEDULED
    )
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    hosts: Mapped[list[ShowHost]] = relationship(
        back_populates="show", cascade="all, delete-orphan"
    )
    lineup: Mapped[list[ShowProduct]] = relationship(
        back_populates="show", cascade="all, delete-orphan", order_by="ShowProduct.position"
    )


class ShowHost(Base):
    __tablename__ = "show_hosts"
    __table_args__ = (UniqueConstraint("show_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    show_id: Mapped[int] = mapped_column(ForeignKey("shows.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"))
    is_lead: Mapped[bool] = mapped_column(Boolean, default=True)

    show: Mapped[Show] = relationship(back_populates="hosts")
    user: Mapped[StaffUser] = relationship()


class ShowProduct(Base):
    __tablename__ = "show_products"
    __table_args__ = (UniqueConstraint("show_id", "product_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    show_id: Mapped[int] = mapped_column(ForeignKey("shows.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=1)

    show: Mapped[Show] = relationship(back_populates="lineup")
    product: Mapped[Product] = relationship()


class ShowPublishToken(Base):
    """A host's bearer token for publishing one show's video (WHIP); stored only as its SHA-256.

    Issuing a new token for the same show and host revokes the previous one.
    """

    __tablename__ = "show_publish_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    show_id: Mapped[int] = mapped_column(ForeignKey("shows.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("staff_users.id", ondelete="CASCADE"), index=True
    )
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    show: Mapped[Show] = relationship()
    user: Mapped[StaffUser] = relationship()
