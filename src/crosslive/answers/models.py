"""The seller's own FAQ entries, one row per topic and language."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crosslive.db import Base, UTCDateTime, utcnow


class FaqEntry(Base):
    """A question the seller answers once: TOPIC groups the same entry in several languages,
    so a question matched in one language is answered with the entry in the viewer's."""

    __tablename__ = "faq_entries"
    __table_args__ = (UniqueConstraint("seller_id", "topic", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"), index=True)
    topic: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(16))
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    # The question's sentence vector (float32), computed when the entry is written.
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
