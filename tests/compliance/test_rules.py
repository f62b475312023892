"""Each market rule, through the one service every page asks (crosslive.compliance)."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from crosslive.compliance import rules
from crosslive.compliance import service as compliance
from crosslive.compliance.errors import NotSellableInMarket
from crosslive.content import service as content
from crosslive.content.models import MACHINE
from tests.compliance.factories import SAFE, RulesStore, certificate, make_rules_store


@pytest.fixture
def store(db: Session) -> RulesStore:
    return make_rules_store(db)


def fields(db: Session, store: RulesStore, code: str) -> list[tuple[str, str, str]]:
    return [
        (f.rule, f.field, f.text)
        for f in compliance.missing(db, store.product, store.markets[code])
    ]


def test_a_fully_disclosed_product_is_sellable_everywhere(db: Session, store: RulesStore) -> None:
    for code in ("EU", "JP", "KR", "UK"):
        assert compliance.missing(db, store.product, store.markets[code]) == [], code
        assert compliance.sellable(db, store.product, store.markets[code])


@pytest.mark.parametrize(("name", "reason"), rules.GPSR_FIELDS)
def test_each_gpsr_field_missing_hides_the_product_from_the_eu_only(
    db: Session, store: RulesStore, name: str, reason: str
) -> None:
    setattr(store.product, name, "  ")
    assert fields(db, store, "EU") == [("gpsr", name, reason)]
    assert not compliance.sellable(db, store.product, store.markets["EU"])
    assert compliance.sellable(db, store.product, store.markets["UK"])
    with pytest.raises(NotSellableInMarket) as refused:
        compliance.require_sellable(db, store.product, store.markets["EU"])
    assert refused.value.message == (
        "Desk lamp cannot be sold in EU yet: the product safety information the law there "
        "requires is missing"
    )


def test_warnings_must_be_given_and_approved_in_each_language_of_the_market(
    db: Session, store: RulesStore
) -> None:
    product = store.product
    content.save(
        db,
        store.seller_id,
        "product",
        product.id,
        "safety_warnings",
        "de",
        "Vor Wasser schützen.",
        status=MACHINE,
    )
    assert fields(db, store, "EU") == [
        ("gpsr", "safety_warnings", "The safety warnings are not in de (no approved translation)")
    ]
    content.approve(db, store.seller_id, "product", product.id, "safety_warnings", "de")
    assert fields(db, store, "EU") == []
    product.safety_warnings = ""
    assert fields(db, store, "EU") == [("gpsr", "safety_warnings", "No safety warnings are given")]


def test_a_gtin_with_a_wrong_check_digit_is_a_finding(db: Session, store: RulesStore) -> None:
    assert rules.gtin_valid("4006381333931") and rules.gtin_valid("96385074")
    assert not rules.gtin_valid("4006381333932") and not rules.gtin_valid("12345")
    store.product.gtin = "4006381333932"
    assert fields(db, store, "EU") == [
        (
            "gpsr",
            "gtin",
            "The GTIN 4006381333932 is not valid (8, 12, 13 or 14 digits with a check digit)",
        )
    ]
    store.product.gtin = ""  # a GTIN is given where the product has one; none is fine
    assert fields(db, store, "EU") == []


def test_electrical_goods_need_a_current_pse_for_japan_and_kc_for_korea(
    db: Session, store: RulesStore
) -> None:
    store.product.electrical = True
    no_pse = [
        (
            "pse",
            "electrical",
            "An electrical product needs a current PSE certificate for this market",
        )
    ]
    no_kc = [
        ("kc", "electrical", "An electrical product needs a current KC certificate for this market")
    ]
    assert (fields(db, store, "JP"), fields(db, store, "KR")) == (no_pse, no_kc)
    assert fields(db, store, "EU") == [] and fields(db, store, "UK") == []

    pse = certificate(db, store, "PSE marked (Denan Act)", ["JP"])
    assert (fields(db, store, "JP"), fields(db, store, "KR")) == ([], no_kc)
    # A KC certificate scoped to Japan does not count for Korea; one for Korea does.
    kc = certificate(db, store, "KC certified for electrical safety", ["JP"])
    assert fields(db, store, "KR") == no_kc
    kc.market_codes = ["KR"]
    assert fields(db, store, "KR") == []
    # An expired certificate is no certificate.
    pse.valid_until = pse.valid_from
    assert fields(db, store, "JP") == no_pse
    # A certification that names no PSE mark does not stand in for one.
    certificate(db, store, "CE marked", ["JP"])
    assert fields(db, store, "JP") == no_pse


def test_a_product_that_is_not_electrical_needs_no_mark(db: Session, store: RulesStore) -> None:
    store.product.electrical = False
    assert fields(db, store, "JP") == [] and fields(db, store, "KR") == []


def test_a_market_without_gpsr_does_not_ask_for_it(db: Session, store: RulesStore) -> None:
    for name in SAFE:
        setattr(store.product, name, "")
    assert fields(db, store, "UK") == [] and fields(db, store, "JP") == []
    assert [f for _, f, _ in fields(db, store, "EU")][:7] == [n for n, _ in rules.GPSR_FIELDS]


def test_findings_per_market_and_unsellable_markets_for_the_console(
    db: Session, store: RulesStore
) -> None:
    store.product.eu_rp_address = ""
    store.product.electrical = True
    table = {
        m.code: [f.field for f in found] for m, found in compliance.by_market(db, store.product)
    }
    assert table == {"EU": ["eu_rp_address"], "JP": ["electrical"], "KR": ["electrical"], "UK": []}
    markets = [store.markets[c] for c in ("UK", "EU", "JP")]
    assert [m.code for m, _ in compliance.unsellable_in(db, store.product, markets)] == ["EU", "JP"]
