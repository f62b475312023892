"""The event log of a show, its chat messages and the viewers muted in it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crosslive.db import Base, UTCDateTime, utcnow


class ChatEvent(Base):
    """One entry of a show's event log. Its id is the resume point (`last_event_id`)."""

    __tablename__ = "chat_events"
    __table_args__ = (Index("ix_chat_events_show_id_id", "show_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    show_id: Mapped[int] = mapped_column(ForeignKey("shows.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


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
    event_id: Mapped[int | None] = mapped_column(ForeignKey("chat_events.id", ondelete="SET NULL"))
    is_staff: Mapped[bool] = mapped_column(Boolean, default=False)
    is_question: Mapped[bool] = mapped_column(Boolean, default=False)
    answering_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ChatMute(Base):
    __tablename__ = "chat_mutes"
    __table_args__ = (UniqueConstraint("show_id", "viewer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    show_id: Mapped[int] = mapped_column(ForeignKey("shows.id", ondelete="CASCADE"), index=True)
    viewer_id: Mapped[str] = mapped_column(String(64))
    muted_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
