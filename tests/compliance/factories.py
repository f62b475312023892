"""A store with EU/JP/KR/UK markets as the presets set them and one fully disclosed product."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from crosslive.auth import service as auth_service
from crosslive.catalog.models import Category, Product, Variant, VariantPrice
from crosslive.content import service as content
from crosslive.fit.sizes import SizeSystem
from crosslive.markets.models import Market
from crosslive.trust.models import Credential, CredentialType, EvidenceFile

SAFE = {
    "manufacturer_name": "Acme Manufacturing Ltd.",
    "manufacturer_address": "1 Factory Road, Shenzhen, China",
    "manufacturer_contact": "safety@acme.test",
    "eu_rp_name": "Acme Europe B.V.",
    "eu_rp_address": "Kade 1, Rotterdam, Netherlands",
    "eu_rp_contact": "eu@acme.test",
    "product_identifier": "Type L-200, batch 26-11",
    "gtin": "4006381333931",
    "safety_warnings": "Keep away from water.",
    "safety_warnings_lang": "en",
}
MARKETS = (
    ("EU", "EUR", ["en", "de"], ["gpsr", "prior-price", "ad-label"]),
    ("JP", "JPY", ["ja"], ["ad-label", "pse"]),
    ("KR", "KRW", ["ko"], ["ad-label", "kc"]),
    ("UK", "GBP", ["en"], ["total-price"]),
)


@dataclass
class RulesStore:
    seller_id: int
    product: Product
    markets: dict[str, Market]
    evidence_id: int


def make_rules_store(db: Session) -> RulesStore:
    seller = auth_service.create_seller(db, slug="rules", name="Rules Co")
    markets = {}
    for code, currency, languages, disclosures in MARKETS:
        markets[code] = Market(
            seller_id=seller.id,
            code=code,
            name=code,
            currency=currency,
            languages=languages,
            countries=[code if code != "UK" else "GB"],
            size_system=SizeSystem.EU,
            required_disclosures=disclosures,
        )
        db.add(markets[code])
    product = Product(
        seller_id=seller.id, handle="lamp", title="Desk lamp", category=Category.HOME, **SAFE
    )
    variant = Variant(seller_id=seller.id, sku="lamp-1", option1="Default", stock=5)
    variant.prices = [
        VariantPrice(currency=c, amount_minor=a)
        for c, a in (("EUR", 4000), ("JPY", 6000), ("KRW", 50000), ("GBP", 3500))
    ]
    product.variants.append(variant)
    db.add(product)
    evidence = EvidenceFile(
        seller_id=seller.id,
        original_name="c.pdf",
        media_type="application/pdf",
        size_bytes=1,
        sha256="0" * 64,
        storage_name="rules-test-evidence",
    )
    db.add(evidence)
    db.flush()
    # The warnings' approved German translation (the EU market reads en and de).
    content.save(
        db, seller.id, "product", product.id, "safety_warnings", "de", "Vor Wasser schützen."
    )
    return RulesStore(seller.id, product, markets, evidence.id)


def certificate(
    db: Session, store: RulesStore, claim: str, markets: list[str], valid_days: int = 365
) -> Credential:
    today = date.today()
    credential = Credential(
        seller_id=store.seller_id,
        type=CredentialType.CERTIFICATION,
        claim=claim,
        issuer="Test Lab",
        identifier="CERT-1",
        market_codes=markets,
        valid_from=today - timedelta(days=400),
        valid_until=today + timedelta(days=valid_days),
        evidence_id=store.evidence_id,
    )
    credential.products = [store.product]
    db.add(credential)
    db.flush()
    return credential
