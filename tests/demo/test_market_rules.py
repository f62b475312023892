"""The demo store's products against the market rules: only what it leaves out on purpose is
hidden (an EU address, PSE and KC certificates), and its host is disclosed as paid."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.auth.models import Role, StaffUser
from crosslive.catalog.models import Product
from crosslive.compliance import service as compliance
from crosslive.markets import service as markets_service


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
        ("linen-cushion-cover", "EU", "eu_rp_address"),
        ("anc-wireless-earbuds", "JP", "electrical"),
        ("anc-wireless-earbuds", "KR", "electrical"),
        ("led-desk-lamp", "JP", "electrical"),
        ("led-desk-lamp", "KR", "electrical"),
        ("magnetic-power-bank-10000", "KR", "electrical"),
    }
    host = demo_db.scalars(select(StaffUser).where(StaffUser.role == Role.HOST)).first()
    assert host is not None and host.paid_by_brand
