"""The demo store's lane costs and unit costs, so the lane-economics page shows real figures.

Per-parcel costs are typical of small cross-border parcels from a local warehouse (2026
list prices of postal and courier services, rounded); unit costs are a share of the price
that is usual for each category's landed cost.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from crosslive.auth.models import StaffUser
from crosslive.catalog.models import Category
from crosslive.markets.models import Market
from crosslive.money import parse_amount
from crosslive.returns import service as returns_service
from crosslive.returns.schemas import LaneIn

# market code -> (outbound, return shipping, handling a return), as written in its currency
LANES: dict[str, tuple[str, str, str]] = {
    "US": ("6.50", "12.00", "4.00"),
    "EU": ("7.00", "11.00", "4.50"),
    "UK": ("5.50", "9.50", "3.50"),
    "JP": ("900", "1600", "500"),
    "KR": ("9000", "16000", "5000"),
}

# What one unit costs the store, as a share of its price in each currency.
COST_SHARES: dict[Category, Decimal] = {
    Category.APPAREL: Decimal("0.35"),
    Category.SHOES: Decimal("0.40"),
    Category.BEAUTY: Decimal("0.25"),
    Category.ELECTRONICS: Decimal("0.55"),
    Category.HOME: Decimal("0.45"),
    Category.OTHER: Decimal("0.40"),
}


def unit_cost_minor(category: Category, price_minor: int) -> int:
    return round(COST_SHARES[category] * price_minor)


def seed_lanes(db: Session, owner: StaffUser, markets: list[Market]) -> None:
    for market in markets:
        costs = LANES.get(market.code)
        if costs is None:
            continue
        outbound, back, handling = (parse_amount(c, market.currency) for c in costs)
        lane = LaneIn(outbound_minor=outbound, return_shipping_minor=back, handling_minor=handling)
        returns_service.set_lane(db, owner, market.id, lane)
