"""A viewer's request for a private video call with the store, the call it becomes, the
product cards its host sent, and how long the store lets a request wait."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crosslive.db import Base, UTCDateTime, utcnow

DEFAULT_WAIT_S = 180


class ConsultationState(enum.StrEnum):
    WAITING = "waiting"
    ACCEPTED = "accepted"
    ENDED = "ended"
    EXPIRED = "expired"


class Consultation(Base):
    """A request (`waiting`), taken by one host (`accepted`), hung up (`ended`) or not taken
    in the store's time (`expired`: it stays in the seller's inbox until handled)."""

    __tablename__ = "consultations"

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"), index=True)
    # The show the viewer asked from (live room, replay or embed): their cart is its cart.
    show_id: Mapped[int] = mapped_column(ForeignKey("shows.id", ondelete="CASCADE"), index=True)
    viewer_id: Mapped[str] = mapped_column(String(64), index=True)
    # The viewer's id while the request is waiting or accepted, else NULL: unique, so a
    # viewer has at most one open request even when two of their requests race.
    open_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    state: Mapped[ConsultationState] = mapped_column(
        Enum(ConsultationState, native_enum=False, length=16), index=True
    )
    # What the viewer told us: an address for the "we'll email you" fallback (may be empty),
    # their language, the market their cart is priced in, the product they asked about.
    email: Mapped[str] = mapped_column(String(254), default="")
    language: Mapped[str] = mapped_column(String(16), default="en")
    market_code: Mapped[str] = mapped_column(String(8), default="")
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(String(500), default="")
    # The media region of the viewer when they asked (media.regions: `region`, else their
    # market's, else their country's); the call's room is on that region's node. '' with one
    # media node.
    region: Mapped[str] = mapped_column(String(32), default="")
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    host_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id", ondelete="SET NULL"))
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_reason: Mapped[str] = mapped_column(String(32), default="")
    # One-time publish passes of the two sides (hashed), as for a viewer on stage.
    host_pass_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    viewer_pass_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    host_pass_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    viewer_pass_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The last heartbeat of each side's call page (set when the call is taken and when a
    # side joins): a side silent for presence.SILENT ends the call.
    host_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    viewer_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The seller's inbox: when someone followed up a request nobody took.
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ConsultationCard(Base):
    """A product the host showed in the call and put in the viewer's cart (once)."""

    __tablename__ = "consultation_cards"
    __table_args__ = (UniqueConstraint("consultation_id", "variant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    variant_id: Mapped[int] = mapped_column(ForeignKey("variants.id", ondelete="CASCADE"))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ConsultationSettings(Base):
    """A store's choice of how long a request waits for a host before it is told that
    nobody is free (default DEFAULT_WAIT_S)."""

    __tablename__ = "consultation_settings"

    seller_id: Mapped[int] = mapped_column(
        ForeignKey("sellers.id", ondelete="CASCADE"), primary_key=True
    )
    wait_s: Mapped[int] = mapped_column(Integer, default=DEFAULT_WAIT_S)
