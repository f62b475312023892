"""The product sheet's shipping line comes from the fastest route's fee."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.models import Product
from crosslive.landed import service
from crosslive.landed.models import ShippingFee
from crosslive.live.cards import shipping_line
from crosslive.markets.models import Market, Warehouse, WarehouseRoute
from tests.factories import make_shop


def _route(db: Session, market: Market, code: str, days: int) -> Warehouse:
    wh = Warehouse(seller_id=market.seller_id, code=code, name=code, city=code, country="DE")
    db.add(wh)
    db.flush()
    db.add(
        WarehouseRoute(
            market_id=market.id, warehouse_id=wh.id, delivery_days_min=days, delivery_days_max=days
        )
    )
    return wh


def test_fastest_route_decides_the_shipping_line(
    session_factory: sessionmaker[Session], db: Session
) -> None:
    shop = make_shop(session_factory)
    market = db.scalars(select(Market).where(Market.code == "EU")).one()
    shirt = db.scalars(select(Product).where(Product.title == "Linen Shirt")).one()
    assert shipping_line(db, shirt, market) == ""  # no fee set: nothing is charged or shown
    slow, fast = _route(db, market, "SLOW", 9), _route(db, market, "FAST", 2)
    for wh, flat in ((slow, 100), (fast, 495)):
        db.add(
            ShippingFee(
                seller_id=shop.seller_id,
                market_id=market.id,
                warehouse_id=wh.id,
                flat_minor=flat,
                bands=[],
                free_above_minor=5000,
            )
        )
    db.flush()
    db.refresh(market)
    assert shipping_line(db, shirt, market) == "€4.95 (free from €50.00)"
    assert service.shipping_text(db, market, 5000, 0) == "free"
