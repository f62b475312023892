"""A show's transcript (one row per caption line) and its host's captions switch."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crosslive.db import Base, UTCDateTime, utcnow


class CaptionLine(Base):
    """One phrase the host said, as Whisper heard it: START_MS and END_MS are its place in
    the show (milliseconds after the show went live), LANG the language it was heard in."""

    __tablename__ = "caption_lines"
    __table_args__ = (Index("ix_caption_lines_show_id_start_ms", "show_id", "start_ms"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    show_id: Mapped[int] = mapped_column(ForeignKey("shows.id", ondelete="CASCADE"))
    start_ms: Mapped[int] = mapped_column(Integer)
    end_ms: Mapped[int] = mapped_column(Integer)
    lang: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CaptionTranslation(Base):
    """A caption line in another language, as the translation provider made it for the
    viewers reading LANG while the show ran (kept for the replay's subtitle tracks)."""

    __tablename__ = "caption_translations"
    __table_args__ = (UniqueConstraint("line_id", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("caption_lines.id", ondelete="CASCADE"))
    lang: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)


class CaptionSwitch(Base):
    """The host's choice for a show: no row means captions are on."""

    __tablename__ = "caption_switches"

    show_id: Mapped[int] = mapped_column(
        ForeignKey("shows.id", ondelete="CASCADE"), primary_key=True
    )
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
