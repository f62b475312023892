"""A staff-verified, current credential lifts the claim it proves (crosslive.trust.proofs) on
product and show texts and staff chat; an unverified, expired, withdrawn or out-of-market one
does not."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from crosslive.compliance import claims
from crosslive.markets.models import Market
from crosslive.shows.models import Show, ShowProduct
from crosslive.trust.claim_lint import PROOFS
from crosslive.trust.models import (
    Credential,
    CredentialType,
    CredentialVerification,
    VerificationMethod,
    VerificationOutcome,
)
from crosslive.trust.proofs import credential_proofs
from tests.compliance.factories import RulesStore, make_rules_store


@pytest.fixture
def store(db: Session) -> RulesStore:
    return make_rules_store(db)


def credential(
    db: Session,
    store: RulesStore,
    type_: CredentialType,
    claim: str,
    issuer: str,
    identifier: str = "REF-1",
    *,
    verified: bool = True,
    markets: list[str] | None = None,
    valid_days: int = 365,
) -> Credential:
    today = date.today()
    made = Credential(
        seller_id=store.seller_id,
        type=type_,
        claim=claim,
        issuer=issuer,
        identifier=identifier,
        market_codes=markets or [],
        valid_from=today - timedelta(days=400),
        valid_until=today + timedelta(days=valid_days),
        evidence_id=store.evidence_id,
    )
    made.products = [store.product]
    if verified:
        made.verifications.append(verification(VerificationOutcome.VERIFIED))
    db.add(made)
    db.flush()
    return made


def verification(outcome: VerificationOutcome) -> CredentialVerification:
    return CredentialVerification(
        staff_name="Mei",
        outcome=outcome,
        method=VerificationMethod.EVIDENCE,
        observed="the original document",
    )


def rules_in(db: Session, store: RulesStore, market: str) -> list[str]:
    found = dict((m.code, fs) for m, fs in claims.product_findings(db, store.product))
    return [f.rule for f in found[market]]


SALES = (CredentialType.SALES_PROOF, "No. 1 desk lamp on Tmall, 2025", "Tmall sales report")
TEST = (CredentialType.CERTIFICATION, "Clinical test report, 32 volunteers", "Derma Lab GmbH")
PATENT = (CredentialType.CERTIFICATION, "Hinge patent", "USPTO", "US10194689B2")
SCHEME = (CredentialType.CERTIFICATION, "OEKO-TEX STANDARD 100", "OEKO-TEX", "SH025 189654")


@pytest.mark.parametrize(
    ("made", "title", "rule"),
    [
        (SALES, "The best-selling desk lamp", "sales-rank"),
        (SALES, "Japan's No. 1 desk lamp", "sales-rank"),
        (TEST, "A clinically proven desk lamp", "clinically-proven"),
        (PATENT, "A patented desk lamp", "patented"),
    ],
)
def test_a_verified_credential_lifts_the_warning_it_proves(
    db: Session, store: RulesStore, made: tuple, title: str, rule: str
) -> None:
    store.product.title = title
    assert rules_in(db, store, "UK") == [rule]
    credential(db, store, *made)
    assert rules_in(db, store, "UK") == []


def test_a_certification_scheme_lifts_an_environmental_claim_in_the_eu(
    db: Session, store: RulesStore
) -> None:
    store.product.description_html = "<p>An eco-friendly desk lamp.</p>"
    eu = store.markets["EU"]
    assert claims.hidden_product_fields(db, store.product, eu) == {"description_html"}
    credential(db, store, *SCHEME)
    assert claims.hidden_product_fields(db, store.product, eu) == set()
    assert rules_in(db, store, "EU") == []


@pytest.mark.parametrize(
    "spoil",
    ["unverified", "withdrawn", "expired", "other market", "other product", "wrong proof"],
)
def test_only_a_verified_current_credential_for_this_market_and_product_lifts_it(
    db: Session, store: RulesStore, spoil: str
) -> None:
    store.product.title = "The best-selling desk lamp"
    made = credential(
        db,
        store,
        *(TEST if spoil == "wrong proof" else SALES),
        verified=spoil != "unverified",
        markets=["JP"] if spoil == "other market" else [],
        valid_days=-1 if spoil == "expired" else 365,
    )
    if spoil == "withdrawn":
        made.verifications.append(verification(VerificationOutcome.WITHDRAWN))
    if spoil == "other product":
        made.products = []
    db.flush()
    assert rules_in(db, store, "UK") == ["sales-rank"]


def test_a_patent_credential_needs_a_patent_office_and_a_publication_number(
    db: Session, store: RulesStore
) -> None:
    store.product.title = "A patented desk lamp"
    credential(db, store, CredentialType.CERTIFICATION, "Hinge patent", "USPTO", "pending 42")
    credential(db, store, CredentialType.CERTIFICATION, "Hinge", "Test Lab", "US10194689B2")
    assert rules_in(db, store, "UK") == ["patented"]


def test_show_texts_and_staff_chat_use_the_proofs_of_the_shows_line_up(
    db: Session, store: RulesStore
) -> None:
    show = Show(
        seller_id=store.seller_id,
        slug="s",
        title="Our best-selling lamps",
        description="Eco-friendly lamps",
        scheduled_at=datetime.now(UTC),
        market_codes=["UK", "EU"],
    )
    db.add(show)
    db.flush()
    eu: Market = store.markets["EU"]
    assert claims.hidden_show_fields(db, show, eu) == {"description"}
    warned = claims.check_staff_message(db, show, "Our best-selling lamp")
    assert {f.rule for f in warned} == {"sales-rank"}
    credential(db, store, *SALES)
    credential(db, store, *SCHEME)
    # Credentials of a product not in the line-up prove nothing about the show.
    assert claims.check_staff_message(db, show, "Our best-selling lamp") == warned
    db.add(ShowProduct(show_id=show.id, product_id=store.product.id, position=1))
    db.flush()
    db.refresh(show)
    assert claims.check_staff_message(db, show, "Our best-selling lamp") == []
    assert claims.check_staff_message(db, show, "Eco-friendly lamps") == []
    assert claims.hidden_show_fields(db, show, eu) == set()
    assert all(not fs for _, fs in claims.show_findings(db, show))


def test_the_proof_mapping_names_only_proofs_the_rules_know() -> None:
    def of(type_: CredentialType, claim: str, issuer: str, identifier: str = "X") -> set[str]:
        made = Credential(type=type_, claim=claim, issuer=issuer, identifier=identifier)
        return set(credential_proofs(made))

    assert of(*SALES) == {"sales_proof"}
    assert of(*TEST) == {"test_report"}
    assert of(*PATENT) == {"patent"}
    assert of(*SCHEME) == {"certification_scheme"}
    assert of(CredentialType.CERTIFICATION, "FDA approved (PMA P123456)", "U.S. FDA") == {
        "fda_approval"
    }
    assert of(CredentialType.CERTIFICATION, "FDA approved", "FDA", "FDA registration 1") == set()
    assert of(CredentialType.REVIEWS, "Clinical test report", "Lab") == set()
    assert of(CredentialType.AFTER_SALES, "2-year warranty", "Seller") == set()
    assert {"sales_proof", "test_report", "patent", "certification_scheme"} <= PROOFS
