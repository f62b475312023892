"""The demo store's products against the market rules: only what it leaves out on purpose is
hidden (an EU address, PSE and KC certificates), none of it in a past order, and its host is
disclosed as paid."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.auth.models import Role, StaffUser
from crosslive.catalog.models import Product
from crosslive.compliance import service as compliance
from crosslive.compliance.errors import NotSellableInMarket
from crosslive.markets import service as markets_service
from crosslive.orders.models import Order


def test_market_rules_hide_only_what_the_demo_leaves_out_on_purpose(demo_db: Session) -> None:
    products = {p.handle: p for p in demo_db.scalars(select(Product))}
    seller_id = next(iter(products.values())).seller_id
    markets = {m.code: m for m in markets_service.list_markets(demo_db, seller_id)}
    unsellable = {
        (handle, code, f.field)
        for handle, product in products.items()
        for code, market in markets.items()
        for f in compliance.missing(demo_db, product, market)
        if f.blocks
    }
    assert unsellable == {
        ("silk-blend-slip-dress", "EU", "eu_rp_address"),
        ("anc-wireless-earbuds", "JP", "electrical"),
        ("anc-wireless-earbuds", "KR", "electrical"),
        ("led-desk-lamp", "JP", "electrical"),
        ("led-desk-lamp", "KR", "electrical"),
        ("magnetic-power-bank-10000", "KR", "electrical"),
    }
    host = demo_db.scalars(select(StaffUser).where(StaffUser.role == Role.HOST)).first()
    assert host is not None and host.paid_by_brand


def test_every_past_order_could_be_placed_in_its_market_today(demo_db: Session) -> None:
    orders = list(demo_db.scalars(select(Order).order_by(Order.id)))
    markets = {m.id: m for m in markets_service.list_markets(demo_db, orders[0].seller_id)}
    refused: list[tuple[int, str, str]] = []
    for order in orders:
        variant_ids = [line.variant_id for line in order.lines if line.variant_id is not None]
        assert len(variant_ids) == len(order.lines)
        try:
            compliance.require_variants_sellable(demo_db, variant_ids, markets[order.market_id])
        except NotSellableInMarket as refusal:
            refused.append((order.id, order.market_code, str(refusal)))
    assert refused == []
    # Orders of every market were checked.
    assert {order.market_code for order in orders} >= {"EU", "UK", "US", "JP", "KR"}
