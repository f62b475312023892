"""A show's chat messages and the viewers muted in it (the show's event log carries copies)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crosslive.db import Base, UTCDateTime, utcnow


class ChatMessage(Base):
    """What a viewer or staff member wrote (already filtered); the log carries a copy."""

    __tablename__ = "chat_messages"
    __table_args__ = (
        Index("ix_chat_messages_show_viewer_time", "show_id", "viewer_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    show_id: Mapped[int] = mapped_column(ForeignKey("shows.id", ondelete="CASCADE"), index=True)
    # Anonymous viewers: the id inside their signed token. Staff: "staff:<user id>".
    viewer_id: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text)
    # The log entry that carried it (scrubbed when a moderator deletes the message).
    event_id: Mapped[int | None] = mapped_column(ForeignKey("show_events.id", ondelete="SET NULL"))
    # The author's address and browser, hashed (viewers.fingerprint); None for staff. A mute
    # copies it, so a muted viewer who drops their identity stays muted from that browser.
    fingerprint: Mapped[str | None] = mapped_column(String(64))
    is_staff: Mapped[bool] = mapped_column(Boolean, default=False)
    is_question: Mapped[bool] = mapped_column(Boolean, default=False)
    answering_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ChatMute(Base):
    """A viewer muted in one show: their identity, and the fingerprint of the address and
    browser they wrote from (a rejoin from there under a new identity is refused too)."""

    __tablename__ = "chat_mutes"
    __table_args__ = (
        UniqueConstraint("show_id", "viewer_id"),
        Index("ix_chat_mutes_show_fingerprint", "show_id", "fingerprint"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    show_id: Mapped[int] = mapped_column(ForeignKey("shows.id", ondelete="CASCADE"), index=True)
    viewer_id: Mapped[str] = mapped_column(String(64))
    fingerprint: Mapped[str | None] = mapped_column(String(64))
    muted_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
