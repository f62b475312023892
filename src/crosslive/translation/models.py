"""Translations already made, so a line is sent to a provider once per language pair."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crosslive.db import Base, UTCDateTime, utcnow


class CachedTranslation(Base):
    """One text (glossary names already swapped for placeholders) in one target language,
    as one provider translated it."""

    __tablename__ = "translation_cache"
    __table_args__ = (
        UniqueConstraint(
            "provider", "source", "target", "text_hash", name="uq_translation_cache_key"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(10))
    target: Mapped[str] = mapped_column(String(10))
    # sha256 of the text, hex: the key (texts are up to a few thousand characters).
    text_hash: Mapped[str] = mapped_column(String(64))
    translated: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
