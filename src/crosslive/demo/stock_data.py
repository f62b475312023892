"""The demo store's stock per warehouse: the units counted at seeding stay unplaced (they
sit at the Shenzhen origin, which every market reaches slowly), and each regional
fulfilment centre holds a few more of every variant, so an order takes its units from the
fast regional warehouse while it has them and from the origin after that. The down jacket
is the exception: all its units sit in the Shenzhen warehouse itself, so its sheet, the
cart and its orders promise the slow origin route and charge that route's fee."""

from __future__ import annotations

import random

from sqlalchemy.orm import Session

from crosslive.catalog import inventory
from crosslive.catalog.models import Product
from crosslive.markets import warehouses

REGIONAL = ("LAX", "VNL", "BHX", "CHB", "ICN")
MOST_PER_WAREHOUSE = 6
ORIGIN = "SZX"
ORIGIN_ONLY = frozenset({"packable-down-jacket"})


def seed_regional_stock(db: Session, seller_id: int, products: list[Product]) -> None:
    ids = {w.code: w.id for w in warehouses.list_warehouses(db, seller_id)}
    for product in products:
        if product.handle in ORIGIN_ONLY and ORIGIN in ids:
            for variant in product.variants:
                units, variant.stock = variant.stock, 0
                db.flush()
                inventory.place(db, seller_id, variant.id, ids[ORIGIN], units)
            continue
        for variant in product.variants:
            rng = random.Random(f"stock-{variant.sku}")
            for code in REGIONAL:
                units = rng.randint(0, MOST_PER_WAREHOUSE)
                if code in ids:
                    inventory.place(db, seller_id, variant.id, ids[code], units)
