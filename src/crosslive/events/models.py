"""The rows of a show's event log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crosslive.db import Base, UTCDateTime, utcnow


class ShowEvent(Base):
    """One entry of a show's event log. Its id is the resume point (`last_event_id`)."""

    __tablename__ = "show_events"
    __table_args__ = (Index("ix_show_events_show_id_id", "show_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    show_id: Mapped[int] = mapped_column(ForeignKey("shows.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ViewerAction(Base):
    """The first time a viewer did one thing in a show that no other table keeps: opened a
    product's sheet, added to the cart, started a checkout, or saw a credential (pushed while
    they watched, or in the product sheet's trust panel). One row per viewer, show, kind and
    product or credential: a repeat is not stored again, so a viewer cannot grow the table."""

    __tablename__ = "viewer_actions"
    __table_args__ = (
        UniqueConstraint("show_id", "viewer_id", "kind", "ref_id"),
        Index("ix_viewer_actions_show_id_kind", "show_id", "kind"),
        # A store's credentials seen (the watcher groups' rebuild) read from the index alone.
        Index(
            "ix_viewer_actions_seller_kind", "seller_id", "kind", "show_id", "viewer_id", "detail"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"))
    show_id: Mapped[int] = mapped_column(ForeignKey("shows.id", ondelete="CASCADE"))
    viewer_id: Mapped[str] = mapped_column(String(64))
    # sheet_opened (ref: product id), added_to_cart and checkout_started (ref 0),
    # credential_seen (ref: credential id)
    kind: Mapped[str] = mapped_column(String(24))
    ref_id: Mapped[int] = mapped_column(Integer, default=0)
    # credential_seen: the credential's type, and where it was seen (push or panel)
    detail: Mapped[str] = mapped_column(String(32), default="")
    source: Mapped[str] = mapped_column(String(8), default="")
    market_code: Mapped[str] = mapped_column(String(8), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
