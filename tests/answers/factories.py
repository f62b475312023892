"""A store to ask about: make_shop (US/EU/HK, a linen shirt in M and L, a lamp) plus a
warehouse route and shipping fee for the EU, return terms, materials, a model, and two
credentials, one of them expired."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.models import Product
from crosslive.db import transaction
from crosslive.landed import service as landed
from crosslive.landed.schemas import ShippingFeeIn
from crosslive.markets.models import LabelPaidBy, Market, Warehouse, WarehouseRoute
from crosslive.trust.models import Credential, CredentialType, EvidenceFile
from tests.factories import Shop, make_shop

VALID_CLAIM = "OEKO-TEX STANDARD 100, tested for harmful substances"
EXPIRED_CLAIM = "ISO 9001 quality management, Lisbon workshop"


@dataclass(frozen=True)
class AskShop:
    shop: Shop
    shirt_id: int


def _credential(db: Session, seller_id: int, claim: str, until: date, evidence: int) -> None:
    db.add(
        Credential(
            seller_id=seller_id,
            type=CredentialType.CERTIFICATION,
            claim=claim,
            issuer="Test Institute",
            identifier=claim[:12],
            all_products=True,
            valid_from=date(2024, 1, 1),
            valid_until=until,
            evidence_id=evidence,
        )
    )


def make_ask_shop(factory: sessionmaker[Session]) -> AskShop:
    shop = make_shop(factory)
    with transaction(factory) as db:
        markets = {
            m.code: m for m in db.scalars(select(Market).where(Market.seller_id == shop.seller_id))
        }
        wh = Warehouse(
            seller_id=shop.seller_id,
            code="AMS",
            name="Amsterdam hub",
            city="Amsterdam",
            country="NL",
        )
        us_wh = Warehouse(
            seller_id=shop.seller_id, code="NYC", name="Newark hub", city="Newark", country="US"
        )
        db.add_all([wh, us_wh])
        db.flush()
        db.add(
            WarehouseRoute(
                market_id=markets["EU"].id,
                warehouse_id=wh.id,
                delivery_days_min=2,
                delivery_days_max=4,
            )
        )
        db.add(
            WarehouseRoute(
                market_id=markets["US"].id,
                warehouse_id=us_wh.id,
                delivery_days_min=3,
                delivery_days_max=6,
            )
        )
        markets["EU"].return_window_days = 30
        markets["EU"].return_label_paid_by = LabelPaidBy.SELLER
        markets["EU"].return_warehouse_id = wh.id
        markets["US"].return_window_days = 14
        markets["US"].return_label_paid_by = LabelPaidBy.BUYER
        db.flush()
        db.expire_all()
        landed.put_shipping_fee(
            db, shop.seller_id, "EU", "AMS", ShippingFeeIn(flat_minor=500, free_above_minor=5000)
        )
        shirt = db.scalars(select(Product).where(Product.handle == "acme-shirt")).one()
        shirt.materials = "100% European linen. Machine wash 30 °C, line dry."
        shirt.option_names = ["Size"]
        shirt.model_height_cm = 181.0
        shirt.model_size_worn = "M"
        evidence = EvidenceFile(
            seller_id=shop.seller_id,
            original_name="c.pdf",
            media_type="application/pdf",
            size_bytes=1,
            sha256="0" * 64,
            storage_name="answers-test-evidence",
        )
        db.add(evidence)
        db.flush()
        today = date.today()
        _credential(db, shop.seller_id, VALID_CLAIM, today + timedelta(days=365), evidence.id)
        _credential(db, shop.seller_id, EXPIRED_CLAIM, today - timedelta(days=1), evidence.id)
        return AskShop(shop, shirt.id)
