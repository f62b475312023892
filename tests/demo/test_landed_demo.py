"""What the demo store's German buyers are told: no duties on what Venlo (NL) ships them,
duties on what comes from Shenzhen, and the charger's EU plug offered first."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.catalog.models import Product
from crosslive.landed import service as landed
from crosslive.markets import service as markets_service
from crosslive.markets.models import Market
from crosslive.orders import cart as carts


def _eu(db: Session) -> Market:
    return db.scalars(select(Market).where(Market.code == "EU")).one()


def _quote_one(db: Session, market: Market, handle: str) -> tuple[str, int, int]:
    """(warehouse country, duties at the door, total) of one unit of the product's first
    variant the market can be shipped, sent to Germany."""
    product = db.scalars(select(Product).where(Product.handle == handle)).one()
    for variant in product.variants:
        sent = markets_service.shipment(db, market, variant.id, 1)
        price = variant.price_in(market.currency)
        if sent is None or sent.route is None or price is None:
            continue
        line = carts.landed_line(variant, price.amount_minor, 1)
        cost = landed.quote(db, market, [line], "DE", routes={line.key: sent.route})
        return sent.route.warehouse.country, cost.duties_at_door_minor, cost.total_minor
    raise AssertionError(f"{handle}: nothing ships to {market.code}")


def test_venlo_parcels_pay_nothing_at_the_door_and_shenzhen_ones_do(demo_db: Session) -> None:
    eu = _eu(demo_db)
    near = _quote_one(demo_db, eu, "heavyweight-cotton-tee")
    assert near[:2] == ("NL", 0)
    far = _quote_one(demo_db, eu, "packable-down-jacket")
    assert far[0] == "CN" and far[1] > 0


def test_the_charger_offers_the_eu_plug_first(demo_db: Session) -> None:
    eu = _eu(demo_db)
    charger = demo_db.scalars(select(Product).where(Product.handle == "gan-charger-65w")).one()
    shippable = [
        v.label for v in charger.variants if markets_service.shipment(demo_db, eu, v.id, 1)
    ]
    assert shippable and "Type C" in shippable[0]
