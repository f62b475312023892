"""Verified-purchase reviews: one per delivered order line, and the moderation log.

A review is written by the buyer of the line (the signed order link is the proof of
purchase) and is never deleted: the seller may only hide its words for abuse, with a reason
from `AbuseReason`, and every action is a `ReviewAction` row that the app never updates or
deletes (an attempt through the ORM raises). A hidden review keeps its stars in the product's
count, average and distribution, so hiding cannot push a rating up.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Enum,
    ForeignKey,
    Integer,
    String,
    Text,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column

from crosslive.db import Base, UTCDateTime, utcnow

TITLE_MAX = 120
BODY_MAX = 4000
INCENTIVE_MAX = 200


class ReviewStatus(enum.StrEnum):
    VISIBLE = "visible"
    HIDDEN = "hidden"  # for abuse only: its words are not shown, its stars still count


class AbuseReason(enum.StrEnum):
    """The only grounds on which a seller may hide a review. Being negative, unfair or
    wrong about the product is none of them."""

    HARASSMENT = "harassment"
    HATE = "hate"
    PERSONAL_DATA = "personal_data"
    SPAM = "spam"
    SEXUAL = "sexual"
    ILLEGAL = "illegal"


class ReviewActionKind(enum.StrEnum):
    POSTED = "posted"
    HIDDEN = "hidden"
    RESTORED = "restored"
    INCENTIVE_LABELLED = "incentive_labelled"


class Review(Base):
    __tablename__ = "reviews"
    __table_args__ = (CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int | None] = mapped_column(
        ForeignKey("products.id", ondelete="SET NULL"), index=True
    )
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    order_line_id: Mapped[int] = mapped_column(
        ForeignKey("order_lines.id", ondelete="CASCADE"), unique=True
    )
    # What was bought, as the order line recorded it (the variant may change later).
    variant_label: Mapped[str] = mapped_column(String(255), default="")
    market_code: Mapped[str] = mapped_column(String(8), default="")
    # The buyer's first name and initial ("Ana B."), never the full name or email.
    author: Mapped[str] = mapped_column(String(80), default="")
    rating: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(TITLE_MAX), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(16), default="")
    language_detected: Mapped[bool] = mapped_column(Boolean, default=False)
    incentivised: Mapped[bool] = mapped_column(Boolean, default=False)
    incentive: Mapped[str] = mapped_column(String(INCENTIVE_MAX), default="")
    status: Mapped[ReviewStatus] = mapped_column(
        Enum(ReviewStatus, native_enum=False, length=16), default=ReviewStatus.VISIBLE
    )
    hidden_reason: Mapped[AbuseReason | None] = mapped_column(
        Enum(AbuseReason, native_enum=False, length=16)
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class ReviewAction(Base):
    """The moderation log: append-only. Who (the buyer, or a staff member by id and name),
    when, what and why."""

    __tablename__ = "review_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ReviewActionKind] = mapped_column(
        Enum(ReviewActionKind, native_enum=False, length=24)
    )
    reason: Mapped[AbuseReason | None] = mapped_column(
        Enum(AbuseReason, native_enum=False, length=16)
    )
    note: Mapped[str] = mapped_column(String(500), default="")
    staff_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL")
    )
    actor: Mapped[str] = mapped_column(String(200))  # "buyer" or the staff member's name
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AppendOnly(Exception):
    """The moderation log and the reviews themselves are never edited away or deleted."""


@event.listens_for(ReviewAction, "before_update")
def _no_log_edits(*_: object) -> None:
    raise AppendOnly("the moderation log cannot be changed")


@event.listens_for(ReviewAction, "before_delete")
def _no_log_deletes(*_: object) -> None:
    raise AppendOnly("the moderation log cannot be deleted")


@event.listens_for(Review, "before_delete")
def _no_review_deletes(*_: object) -> None:
    raise AppendOnly("a review is never deleted; it can only be hidden for abuse")
