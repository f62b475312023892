"""Which live rooms hear about a review: the show the order was bought in, and every show of
the store on the air now with the product in its line-up (a viewer there may have the
product's sheet open). The event carries no personal data: every viewer may replay a show's
log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.events import service as events
from crosslive.orders.models import Order
from crosslive.reviews.models import Review
from crosslive.shows.models import Show, ShowProduct, ShowState


def rooms_of(db: Session, review: Review) -> list[int]:
    """The ids of the shows to tell about REVIEW."""
    found: set[int] = set()
    bought_in = db.scalar(select(Order.show_id).where(Order.id == review.order_id))
    if bought_in is not None:
        found.add(bought_in)
    if review.product_id is not None:
        live = select(ShowProduct.show_id).join(Show, Show.id == ShowProduct.show_id)
        found.update(
            db.scalars(
                live.where(
                    ShowProduct.product_id == review.product_id,
                    Show.seller_id == review.seller_id,
                    Show.state == ShowState.LIVE,
                )
            )
        )
    return sorted(found)


def announce(db: Session, review: Review, kind: str, data: dict[str, Any]) -> None:
    """Record KIND with DATA in the event log of every room that should hear of REVIEW."""
    for show_id in rooms_of(db, review):
        events.record(db, show_id, kind, data)
