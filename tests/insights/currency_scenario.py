"""A store selling a tee in colours and sizes and a bag in colours only, in euros (EU) and
yen (JP), with lane costs for both, a sale of each in each market and a refunded return
in each currency."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.models import Category, Product, Variant, VariantPrice
from crosslive.db import transaction
from crosslive.orders.models import OrderStatus
from crosslive.returns.models import LaneCost, ReturnOutcome, ReturnReason, ReturnStatus
from tests.insights.scenario import _market, _order, _refund, _return, _show

# Price and unit cost per currency: the tee 50.00 EUR / 6000 JPY, the bag 30.00 EUR / 4000 JPY.
TEE = {"EUR": (5000, 2000), "JPY": (6000, 2500)}
BAG = {"EUR": (3000, 1000), "JPY": (4000, 1500)}


def _product(
    db: Session, seller_id: int, title: str, category: Category, names: list[str]
) -> Product:
    product = Product(
        seller_id=seller_id,
        handle=title.lower().replace(" ", "-"),
        title=title,
        category=category,
        option_names=names,
    )
    db.add(product)
    db.flush()
    return product


def _variant(
    db: Session, product: Product, options: tuple[str, ...], prices: dict[str, tuple[int, int]]
) -> Variant:
    variant = Variant(
        product_id=product.id,
        seller_id=product.seller_id,
        sku=f"{product.handle}-{'-'.join(options)}",
        stock=10,
        **{f"option{i}": value for i, value in enumerate(options, start=1)},
    )
    db.add(variant)
    db.flush()
    for currency, (amount, cost) in prices.items():
        db.add(
            VariantPrice(
                variant_id=variant.id, currency=currency, amount_minor=amount, unit_cost_minor=cost
            )
        )
    return variant


def build_two_currencies(factory: sessionmaker[Session], seller_id: int) -> int:
    with transaction(factory) as db:
        eu = _market(db, seller_id, "EU", "EUR")
        jp = _market(db, seller_id, "JP", "JPY")
        # Per unit: outbound 4.00 EUR / 800 JPY; a return costs 8.00 EUR / 1500 JPY.
        for market, outbound, back, handling in ((eu, 400, 600, 200), (jp, 800, 1000, 500)):
            db.add(
                LaneCost(
                    seller_id=seller_id,
                    market_id=market.id,
                    outbound_minor=outbound,
                    return_shipping_minor=back,
                    handling_minor=handling,
                )
            )
        tee = _product(db, seller_id, "Merino Tee", Category.APPAREL, ["Colour", "Size"])
        black_m = _variant(db, tee, ("Black", "M"), TEE)
        white_s = _variant(db, tee, ("White", "S"), TEE)
        bag = _product(db, seller_id, "Canvas Bag", Category.OTHER, ["Colour"])
        black_bag = _variant(db, bag, ("Black",), BAG)
        sand_bag = _variant(db, bag, ("Sand",), BAG)
        show = _show(db, seller_id, "autumn", "Autumn show", None)
        closed = OrderStatus.CLOSED
        eu_tee = _order(db, seller_id, show, eu, closed, [(black_m, 2, 5000, None)])
        _order(db, seller_id, show, eu, closed, [(black_bag, 1, 3000, None)])
        _order(db, seller_id, show, jp, closed, [(white_s, 1, 6000, None)])
        jp_bag = _order(db, seller_id, show, jp, closed, [(sand_bag, 1, 4000, None)])
        refund = (ReturnOutcome.RETURN_REFUND, ReturnStatus.REFUNDED)
        _return(db, eu_tee, 0, ReturnReason.TOO_SMALL, *refund, 5000, qty=1)
        _return(db, jp_bag, 0, ReturnReason.CHANGED_MIND, *refund, 4000)
        _refund(db, eu_tee, 5000)
        _refund(db, jp_bag, 4000)
        return seller_id
