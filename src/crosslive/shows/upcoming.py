"""What a store has on air or next, and the stock of what its coming shows will sell: the
seller's dashboard reads these (one query each)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from crosslive.catalog.inventory import LOW_STOCK
from crosslive.catalog.models import Variant
from crosslive.shows.models import Show, ShowProduct, ShowState

# A scheduled show that has not gone live this long after its time no longer counts as next.
OVERDUE = timedelta(hours=12)


@dataclass(frozen=True)
class LineupStock:
    """Variants in a coming show's line-up: sold out, and low (1..LOW_STOCK)."""

    sold_out: int
    low: int


def coming(now: datetime) -> ColumnElement[bool]:
    """A show on air, or scheduled and not OVERDUE at NOW."""
    scheduled = (Show.state == ShowState.SCHEDULED) & (Show.scheduled_at >= now - OVERDUE)
    return (Show.state == ShowState.LIVE) | scheduled


def live_or_next(db: Session, seller_id: int, now: datetime) -> Show | None:
    """The store's live show (the latest to start), else its soonest coming one, else None."""
    live_first = case((Show.state == ShowState.LIVE, 0), else_=1)
    query = (
        select(Show)
        .where(Show.seller_id == seller_id, coming(now))
        .order_by(live_first, Show.started_at.desc().nulls_last(), Show.scheduled_at, Show.id)
        .limit(1)
    )
    return db.scalar(query)


def lineup_stock(db: Session, seller_id: int, now: datetime, low: int = LOW_STOCK) -> LineupStock:
    """Each variant counted once, however many coming shows sell it."""
    variants = (
        select(Variant.id, Variant.stock)
        .join(ShowProduct, ShowProduct.product_id == Variant.product_id)
        .join(Show, Show.id == ShowProduct.show_id)
        .where(
            Show.seller_id == seller_id,
            coming(now),
            Variant.stock <= low,
        )
        .distinct()
        .subquery()
    )
    row = db.execute(
        select(
            func.count(case((variants.c.stock <= 0, 1))),
            func.count(case((variants.c.stock > 0, 1))),
        )
    ).one()
    return LineupStock(sold_out=int(row[0]), low=int(row[1]))
