"""Stock reservation: one conditional UPDATE per change, never read-then-write.

`reserve` takes QTY units only if that many are left, in a single statement, so two
concurrent checkouts for the last unit cannot both succeed (the database serialises the
row update; the loser's WHERE no longer matches). Call it inside the transaction that
creates the order so a failure later in that transaction gives the units back.

Stock per warehouse: the variant's `stock` is the total it can sell and `WarehouseStock`
rows say where units sit; units in no row are unplaced. A reservation names the warehouses
that may ship it, fastest first, and takes the units from the first one holding them all,
else from the unplaced units. Every change updates the variant row first, so the changes of
one variant are serialised by that row's lock and the reads that follow it are consistent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from crosslive.catalog.models import Variant, WarehouseStock
from crosslive.errors import InvalidInput, NotFound

MAX_UNITS = 2_000_000_000
# At or below this many units a variant is low on stock (0: sold out).
LOW_STOCK = 3


@dataclass(frozen=True)
class Reserved:
    warehouse_id: int | None  # None: taken from the unplaced units


def _count(qty: int) -> None:
    if qty <= 0:
        raise InvalidInput("quantity must be at least 1")


def _add_total(db: Session, variant_id: int, delta: int) -> bool:
    """stock += DELTA unless that leaves it below 0 (one statement)."""
    result = db.execute(
        update(Variant)
        .where(Variant.id == variant_id, Variant.stock + delta >= 0)
        .values(stock=Variant.stock + delta)
        .execution_options(synchronize_session=False)
    )
    assert isinstance(result, CursorResult)
    return result.rowcount == 1


def _take_placed(db: Session, variant_id: int, warehouse_id: int, qty: int) -> bool:
    result = db.execute(
        update(WarehouseStock)
        .where(
            WarehouseStock.variant_id == variant_id,
            WarehouseStock.warehouse_id == warehouse_id,
            WarehouseStock.quantity >= qty,
        )
        .values(quantity=WarehouseStock.quantity - qty)
        .execution_options(synchronize_session=False)
    )
    assert isinstance(result, CursorResult)
    return result.rowcount == 1


def placed_total(db: Session, variant_id: int) -> int:
    query = select(func.coalesce(func.sum(WarehouseStock.quantity), 0)).where(
        WarehouseStock.variant_id == variant_id
    )
    return int(db.scalar(query) or 0)


def choose(
    holdings: Mapping[int, int], unplaced: int, qty: int, warehouses: Sequence[int]
) -> Reserved | None:
    """Where QTY units ship from: the first of WAREHOUSES whose HOLDINGS cover them all,
    else the UNPLACED units when they do; None when neither can (the one rule for both the
    reservation and what the sheet and the cart show)."""
    for warehouse_id in warehouses:
        if holdings.get(warehouse_id, 0) >= qty:
            return Reserved(warehouse_id)
    return Reserved(None) if unplaced >= qty else None


def source(
    db: Session, variant_id: int, qty: int, warehouses: Sequence[int] = ()
) -> Reserved | None:
    """Where `reserve` would take QTY units from now (reads only; advice for the viewer)."""
    _count(qty)
    stock = int(db.scalar(select(Variant.stock).where(Variant.id == variant_id)) or 0)
    holdings = placed(db, variant_id)
    if stock < qty:
        return None
    return choose(holdings, stock - sum(holdings.values()), qty, warehouses)


def reserve(
    db: Session, variant_id: int, qty: int, warehouses: Sequence[int] = ()
) -> Reserved | None:
    """Take QTY units of the variant from the first of WAREHOUSES holding them, else from
    its unplaced units; None (and nothing changed) when neither can."""
    _count(qty)
    if not _add_total(db, variant_id, -qty):
        return None
    # The variant row is now locked by this transaction: the reads below are consistent.
    holdings = placed(db, variant_id)
    left = int(db.scalar(select(Variant.stock).where(Variant.id == variant_id)) or 0)
    taken = choose(holdings, left + qty - sum(holdings.values()), qty, warehouses)
    if taken is not None and (
        taken.warehouse_id is None or _take_placed(db, variant_id, taken.warehouse_id, qty)
    ):
        return taken
    _add_total(db, variant_id, qty)  # the units sit in warehouses that cannot ship them
    return None


def release(db: Session, variant_id: int, qty: int, warehouse_id: int | None = None) -> None:
    """Give QTY units back (an order cancelled before it shipped, a returned parcel) to
    WAREHOUSE_ID when the variant keeps stock there, else to its unplaced units."""
    _count(qty)
    _add_total(db, variant_id, qty)
    if warehouse_id is not None:
        db.execute(
            update(WarehouseStock)
            .where(
                WarehouseStock.variant_id == variant_id,
                WarehouseStock.warehouse_id == warehouse_id,
            )
            .values(quantity=WarehouseStock.quantity + qty)
            .execution_options(synchronize_session=False)
        )


def place(db: Session, seller_id: int, variant_id: int, warehouse_id: int, quantity: int) -> int:
    """Set how many units of the variant sit in the warehouse; the variant's total follows
    the difference. Returns the new total. The caller checked the warehouse is the seller's."""
    if not 0 <= quantity <= MAX_UNITS:
        raise InvalidInput(f"quantity must be between 0 and {MAX_UNITS}")
    variant = db.scalar(
        select(Variant).where(Variant.id == variant_id, Variant.seller_id == seller_id)
    )
    if variant is None:
        raise NotFound(f"variant {variant_id} not found")
    _add_total(db, variant_id, 0)  # the variant row's lock first, as every change takes it
    row = db.scalar(
        select(WarehouseStock).where(
            WarehouseStock.variant_id == variant_id, WarehouseStock.warehouse_id == warehouse_id
        )
    )
    before = row.quantity if row is not None else 0
    if row is None:
        db.add(WarehouseStock(variant_id=variant_id, warehouse_id=warehouse_id, quantity=quantity))
    else:
        row.quantity = quantity
    if not _add_total(db, variant_id, quantity - before):
        raise InvalidInput("the variant's stock cannot go below 0")
    db.flush()
    total = db.scalar(select(Variant.stock).where(Variant.id == variant_id))
    return int(total or 0)


def total(db: Session, seller_id: int, variant_id: int) -> int:
    """The units the seller's variant can sell; NotFound for another store's variant."""
    query = select(Variant.stock).where(Variant.id == variant_id, Variant.seller_id == seller_id)
    stock = db.scalar(query)
    if stock is None:
        raise NotFound(f"variant {variant_id} not found")
    return int(stock)


def placed(db: Session, variant_id: int) -> dict[int, int]:
    """warehouse id -> units of the variant there."""
    rows = db.execute(
        select(WarehouseStock.warehouse_id, WarehouseStock.quantity).where(
            WarehouseStock.variant_id == variant_id
        )
    )
    return {warehouse_id: quantity for warehouse_id, quantity in rows}
