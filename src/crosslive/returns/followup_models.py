"""The follow-up after delivery: what the buyer answered for each order line."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from crosslive.db import Base, UTCDateTime, utcnow


class Answer(enum.StrEnum):
    """A buyer's answer for one line: the three fit answers for a line with a size, "all
    right" for one without, "something is wrong" for either."""

    FITS = "fits"
    TOO_SMALL = "too_small"
    TOO_LARGE = "too_large"
    ALL_RIGHT = "all_right"
    PROBLEM = "problem"


class FollowUpAnswer(Base):
    """One row per order line; answering again changes it (the latest answer counts)."""

    __tablename__ = "follow_up_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    order_line_id: Mapped[int] = mapped_column(
        ForeignKey("order_lines.id", ondelete="CASCADE"), unique=True
    )
    answer: Mapped[Answer] = mapped_column(Enum(Answer, native_enum=False, length=16))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
