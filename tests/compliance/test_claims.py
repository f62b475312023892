"""The claim rules on a store's own texts (crosslive.compliance.claims): per surface and per
market, severe findings hide the text there, lesser ones only inform the seller."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from crosslive.compliance import claims
from crosslive.compliance.errors import ClaimRefused
from crosslive.content import service as content
from crosslive.fit.sizes import SizeSystem
from crosslive.live.audience import Audience
from crosslive.live.cards import product_card
from crosslive.markets.models import Market
from crosslive.shows.models import Show
from tests.compliance.factories import RulesStore, make_rules_store


@pytest.fixture
def store(db: Session) -> RulesStore:
    made = make_rules_store(db)
    made.markets["US"] = Market(
        seller_id=made.seller_id,
        code="US",
        name="US",
        currency="USD",
        languages=["en"],
        countries=["US"],
        size_system=SizeSystem.US,
        required_disclosures=[],
    )
    db.add(made.markets["US"])
    db.flush()
    return made


def by_market(found: list[tuple[Market, list[claims.ClaimFinding]]]) -> dict[str, list]:
    return {
        m.code: [(f.field, f.language, f.rule, f.severity, f.span) for f in fs] for m, fs in found
    }


def test_clean_texts_have_no_findings_anywhere(db: Session, store: RulesStore) -> None:
    store.product.description_html = "<p>A green lampshade for cold climates.</p>"
    assert all(not fs for _, fs in claims.product_findings(db, store.product))
    for market in store.markets.values():
        assert claims.hidden_product_fields(db, store.product, market) == set()


def test_an_environmental_claim_in_the_description_hides_it_from_the_eu_only(
    db: Session, store: RulesStore
) -> None:
    store.product.description_html = "<p>This lamp is <b>climate neutral</b>.</p>"
    found = by_market(claims.product_findings(db, store.product))
    assert found["EU"] == [
        ("description_html", None, "generic-environmental", "severe", "climate neutral")
    ]
    assert found["US"] == found["JP"] == found["KR"] == found["UK"] == []
    assert claims.hidden_product_fields(db, store.product, store.markets["EU"]) == {
        "description_html"
    }
    assert claims.hidden_product_fields(db, store.product, store.markets["US"]) == set()


def test_a_translation_with_a_claim_hides_the_field_in_every_language_there(
    db: Session, store: RulesStore
) -> None:
    content.save(
        db,
        store.seller_id,
        "product",
        store.product.id,
        "title",
        "de",
        "Die Lampe ist klimaneutral",
    )
    assert ("title", "de", "generic-environmental", "severe", "klimaneutral") in by_market(
        claims.product_findings(db, store.product)
    )["EU"]
    assert claims.hidden_product_fields(db, store.product, store.markets["EU"]) == {"title"}


def test_a_severe_title_or_flaw_reads_as_the_handle_and_no_flaws_in_the_sheet(
    db: Session, store: RulesStore
) -> None:
    store.product.title = "FDA approved desk lamp"
    store.product.disclosed_flaws = ["Cures headaches", "Small scratch"]
    eu = store.markets["EU"]
    card = product_card(
        db,
        store.product,
        Audience(market=eu, language="en", country="DE"),
        datetime.now(UTC).date(),
    )
    assert card["title"] == "lamp"
    assert card["flaws"] == []
    assert card["claims_hidden"] == ["flaws", "title"]


def test_a_claim_that_needs_proof_is_reported_but_hides_nothing(
    db: Session, store: RulesStore
) -> None:
    store.product.title = "Our best-selling desk lamp"
    found = by_market(claims.product_findings(db, store.product))
    assert found["US"] == [("title", None, "sales-rank", "warn", "best-selling")]
    assert claims.hidden_product_fields(db, store.product, store.markets["US"]) == set()


def test_show_title_and_description_per_market(db: Session, store: RulesStore) -> None:
    show = Show(
        seller_id=store.seller_id,
        slug="s",
        title="Climate neutral lamps live",
        description="Our lamps are patented.",
        scheduled_at=datetime.now(UTC),
        market_codes=[],
    )
    db.add(show)
    db.flush()
    found = by_market(claims.show_findings(db, show))
    assert ("title", None, "generic-environmental", "severe", "Climate neutral") in found["EU"]
    assert ("description", None, "patented", "warn", "patented") in found["US"]
    assert all(f[0] != "title" for f in found["US"])
    assert claims.hidden_show_fields(db, show, store.markets["EU"]) == {"title"}
    assert claims.hidden_show_fields(db, show, store.markets["US"]) == set()


def test_a_staff_message_is_refused_for_a_severe_claim_in_any_of_the_shows_markets(
    db: Session, store: RulesStore
) -> None:
    show = Show(
        seller_id=store.seller_id,
        slug="s",
        title="Lamps",
        scheduled_at=datetime.now(UTC),
        market_codes=["US", "EU"],
    )
    db.add(show)
    db.flush()
    with pytest.raises(ClaimRefused) as refused:
        claims.check_staff_message(db, show, "Totally climate neutral!")
    assert refused.value.body()["findings"][0]["market"] == "EU"
    assert refused.value.body()["findings"][0]["suggestion"]
    show.market_codes = ["US"]
    assert claims.check_staff_message(db, show, "Totally climate neutral!") == []
    warned = claims.check_staff_message(db, show, "Our best-selling lamp")
    assert [(f.rule, f.severity) for f in warned] == [("sales-rank", "warn")]
