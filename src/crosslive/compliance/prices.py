"""The struck-through "was" price (EU Omnibus 2019/2161): a price cut is measured against
the lowest price in force during the 30 days before the cut, read from the price history
(crosslive.catalog.models.PriceChange); never against a compare-at price the seller typed."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.catalog.models import PriceChange, VariantPrice

WINDOW = timedelta(days=30)


def reference_price(db: Session, variant_id: int, currency: str) -> int | None:
    """The lowest price of the 30 days before the current price took effect (the price in
    force when that window opened counts); None when no earlier price is known."""
    rows = list(
        db.scalars(
            select(PriceChange)
            .where(PriceChange.variant_id == variant_id, PriceChange.currency == currency)
            .order_by(PriceChange.changed_at, PriceChange.id)
        )
    )
    if len(rows) < 2:
        return None
    current, earlier = rows[-1], rows[:-1]
    opened = current.changed_at - WINDOW
    amounts = [r.amount_minor for r in earlier if r.changed_at >= opened]
    before = [r for r in earlier if r.changed_at < opened]
    if before:
        amounts.append(before[-1].amount_minor)
    return min(amounts) if amounts else None


def was_price(db: Session, price: VariantPrice) -> int | None:
    """The price to strike through next to PRICE: the 30-day reference when it is higher
    (a real cut), else None."""
    reference = reference_price(db, price.variant_id, price.currency)
    return reference if reference is not None and reference > price.amount_minor else None
