"""What an order costs the buyer: its lines' landed cost (shipping, tax, duties) for a market
and address, and the order's money fields set from it.

Checkout prices every order through here, and so does anything else that writes an order (the
demo's past orders), so an order's total is always the one checkout would have charged.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from crosslive.catalog.models import Variant
from crosslive.landed import service as landed
from crosslive.landed.breakdown import Breakdown
from crosslive.markets import service as markets_service
from crosslive.markets.models import Market, WarehouseRoute
from crosslive.orders import cart as carts
from crosslive.orders.models import Order, OrderLine


def quote(
    db: Session,
    market: Market,
    bought: Sequence[tuple[Variant, OrderLine]],
    country: str,
    region: str = "",
) -> Breakdown:
    """The landed cost of the lines BOUGHT (each with the variant it took units of) shipped to
    COUNTRY/REGION: one parcel per route from the warehouse each line's units were taken from."""
    costed = [
        carts.landed_line(variant, line.unit_price_minor, line.quantity) for variant, line in bought
    ]
    routes: dict[str, WarehouseRoute | None] = {
        item.key: markets_service.route_from(market, line.warehouse_id)
        for item, (_variant, line) in zip(costed, bought, strict=True)
    }
    return landed.quote(db, market, costed, country, region, routes)


def charge(db: Session, order: Order, market: Market, cost: Breakdown) -> None:
    """Set ORDER's subtotal, shipping, tax, duties, VAT scheme and total from COST."""
    order.subtotal_minor = cost.subtotal_minor
    order.shipping_minor = cost.shipping_minor
    order.tax_minor = cost.tax_minor
    order.tax_included = cost.tax_included
    order.duties_minor = cost.duties_minor
    order.duties_at_door_minor = cost.duties_at_door_minor
    order.vat_scheme = cost.scheme
    order.ioss_number = landed.ioss_number(db, market) if cost.scheme == "ioss" else ""
    order.total_minor = cost.total_minor
