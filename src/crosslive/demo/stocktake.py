"""The demo store's stock count after its past shows: in the scheduled show's line-up, one
size of the merino crew is down to its last 2 units and another is sold out, so the
dashboard warns before the show as it would a real seller.

The count is what the warehouse reported: each variant's units in every warehouse set to
zero (markets' stock per warehouse), then its unplaced total set to what is left. Only
variants no past order bought are counted down, so each past order could still be placed
again through checkout from the warehouse it shipped from.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.catalog import inventory
from crosslive.catalog.models import Product, Variant
from crosslive.markets import warehouses
from crosslive.orders.models import OrderLine

PRODUCT = "merino-blend-crew-sweater"
LOW_LEFT = 2  # units left of the first size counted (<= inventory.LOW_STOCK)
COUNTS = (LOW_LEFT, 0)  # the first unsold variants, in order: low, then sold out


def _unsold(db: Session, product: Product) -> list[Variant]:
    sold = set(
        db.scalars(
            select(OrderLine.variant_id).where(
                OrderLine.variant_id.in_([v.id for v in product.variants])
            )
        )
    )
    return [v for v in sorted(product.variants, key=lambda v: v.id) if v.id not in sold]


def count_stock(db: Session, seller_id: int, products: dict[str, Product]) -> list[Variant]:
    """Set the counted variants' stock (COUNTS); the variants counted, in order."""
    ids = [w.id for w in warehouses.list_warehouses(db, seller_id)]
    counted = _unsold(db, products[PRODUCT])[: len(COUNTS)]
    for variant, left in zip(counted, COUNTS, strict=True):
        for warehouse_id in ids:
            inventory.place(db, seller_id, variant.id, warehouse_id, 0)
        db.refresh(variant)
        variant.stock = left
        db.flush()
    return counted
