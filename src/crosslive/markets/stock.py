"""Stock per warehouse as the seller sets it: how many units of a variant sit where.

The units themselves move in crosslive.catalog.inventory (checkout takes them from the
fastest warehouse of the buyer's market that holds them, a cancellation gives them back
there, a returned parcel goes back on sale in the market's return warehouse)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from crosslive.catalog import inventory
from crosslive.errors import NotFound
from crosslive.markets import warehouses
from crosslive.markets.schemas import WarehouseStockOut


def put_stock(
    db: Session, seller_id: int, variant_id: int, warehouse_code: str, quantity: int
) -> WarehouseStockOut:
    """Set the units of a variant in one of the seller's warehouses; the total follows."""
    warehouse = warehouses.find_by_code(db, seller_id, warehouse_code)
    if warehouse is None:
        raise NotFound(f"warehouse {warehouse_code} not found")
    total = inventory.place(db, seller_id, variant_id, warehouse.id, quantity)
    return stock_out(db, seller_id, variant_id, total)


def get_stock(db: Session, seller_id: int, variant_id: int) -> WarehouseStockOut:
    return stock_out(db, seller_id, variant_id, inventory.total(db, seller_id, variant_id))


def stock_out(db: Session, seller_id: int, variant_id: int, total: int) -> WarehouseStockOut:
    codes = {w.id: w.code for w in warehouses.list_warehouses(db, seller_id)}
    where = inventory.placed(db, variant_id)
    return WarehouseStockOut(
        variant_id=variant_id,
        stock=total,
        warehouses={codes[w]: q for w, q in sorted(where.items()) if w in codes},
        unplaced=max(0, total - sum(where.values())),
    )
