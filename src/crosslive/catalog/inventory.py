"""Stock reservation: one conditional UPDATE per change, never read-then-write.

`reserve` takes QTY units only if that many are left, in a single statement, so two
concurrent checkouts for the last unit cannot both succeed (the database serialises the
row update; the loser's WHERE no longer matches). Call it inside the transaction that
creates the order so a failure later in that transaction gives the units back.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from crosslive.catalog.models import Variant
from crosslive.errors import InvalidInput


def reserve(db: Session, variant_id: int, qty: int) -> bool:
    """Take QTY units of the variant; False (and nothing changed) when fewer are left."""
    if qty <= 0:
        raise InvalidInput("quantity must be at least 1")
    result = db.execute(
        update(Variant)
        .where(Variant.id == variant_id, Variant.stock >= qty)
        .values(stock=Variant.stock - qty)
        .execution_options(synchronize_session=False)
    )
    assert isinstance(result, CursorResult)
    return result.rowcount == 1


def release(db: Session, variant_id: int, qty: int) -> None:
    """Give QTY units back (an order cancelled before it shipped)."""
    if qty <= 0:
        raise InvalidInput("quantity must be at least 1")
    db.execute(
        update(Variant)
        .where(Variant.id == variant_id)
        .values(stock=Variant.stock + qty)
        .execution_options(synchronize_session=False)
    )
