"""One row per viewer playback session: what the viewer saw (first frame, freezes, layers)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from crosslive.db import Base, UTCDateTime, utcnow


class ViewerSession(Base):
    __tablename__ = "viewer_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"), index=True)
    show_id: Mapped[int] = mapped_column(ForeignKey("shows.id", ondelete="CASCADE"), index=True)
    viewer_key: Mapped[str] = mapped_column(String(64), unique=True)
    # Who watched (crosslive.viewers): the same id their chat, cart and orders carry.
    viewer_id: Mapped[str | None] = mapped_column(String(64), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_reason: Mapped[str] = mapped_column(String(32), default="")
    first_frame_ms: Mapped[int | None] = mapped_column(Integer)
    freezes: Mapped[int] = mapped_column(Integer, default=0)
    freeze_s: Mapped[float] = mapped_column(Float, default=0.0)
    start_layer: Mapped[int] = mapped_column(Integer, default=1)
    final_layer: Mapped[int] = mapped_column(Integer, default=1)
    layer_ups: Mapped[int] = mapped_column(Integer, default=0)
    layer_downs: Mapped[int] = mapped_column(Integer, default=0)
    avg_kbps: Mapped[float] = mapped_column(Float, default=0.0)
    reports: Mapped[int] = mapped_column(Integer, default=0)
    # Where and on what they watched: the market the room sold to them in, their country
    # (the region figures), and phone / tablet / desktop from the browser's User-Agent.
    market_code: Mapped[str] = mapped_column(String(8), default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    device: Mapped[str] = mapped_column(String(8), default="")
    # Seconds from the start to the end of the session, set when it ends.
    watch_s: Mapped[float] = mapped_column(Float, default=0.0)


class StageInvitation(Base):
    """A host's invitation of one viewer onto a show's stage, and the one-time publish pass
    it becomes once the viewer consents (crosslive.media.stage). Kept as the audit of who
    was on stage, invited by whom, and how it ended."""

    __tablename__ = "stage_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    show_id: Mapped[int] = mapped_column(ForeignKey("shows.id", ondelete="CASCADE"), index=True)
    # The invited viewer (crosslive.viewers) and the name they chatted under.
    viewer_id: Mapped[str] = mapped_column(String(64), index=True)
    viewer_name: Mapped[str] = mapped_column(String(40), default="")
    message_id: Mapped[int | None] = mapped_column(
        ForeignKey("chat_messages.id", ondelete="SET NULL")
    )
    invited_by: Mapped[int | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL")
    )
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The pass (SHA-256 of the token handed to the viewer once they accepted): one WHIP
    # publish, before pass_expires_at.
    pass_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    pass_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_reason: Mapped[str] = mapped_column(String(32), default="")
