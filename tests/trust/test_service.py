from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crosslive.errors import InvalidInput, NotFound
from crosslive.markets import service as markets_service
from crosslive.markets.schemas import MarketUpdate
from crosslive.settings import Settings
from crosslive.trust import service
from crosslive.trust.models import Credential, CredentialType, EvidenceFile
from crosslive.trust.schemas import CredentialIn, CredentialUpdate
from tests.factories import add_product
from tests.trust.conftest import PDF, PNG

TODAY = date(2026, 11, 26)
T = CredentialType


@pytest.fixture
def seller_id(owner: dict[str, str | int]) -> int:
    return int(owner["seller_id"])


def complete(
    db: Session,
    settings: Settings,
    seller_id: int,
    type_: CredentialType,
    claim: str,
    **overrides: object,
) -> Credential:
    """A credential with everything a viewer needs to see it, evidence included."""
    fields: dict[str, object] = {
        "type": type_,
        "claim": claim,
        "issuer": "Issuer Ltd",
        "identifier": f"ID-{claim[:8]}",
        "all_products": True,
        "valid_from": date(2026, 1, 1),
        "valid_until": date(2027, 12, 31),
    }
    fields.update(overrides)
    credential = service.create_credential(db, seller_id, CredentialIn.model_validate(fields))
    return service.attach_evidence(
        db, settings, seller_id, credential.id, original_name="proof.pdf", data=PDF
    )


def test_create_trims_and_normalises(db: Session, seller_id: int) -> None:
    product = add_product(db, seller_id, "linen-shirt")
    credential = service.create_credential(
        db,
        seller_id,
        CredentialIn(
            type=T.CERTIFICATION,
            claim="  OEKO-TEX Standard 100  ",
            issuer=" Hohenstein ",
            identifier=" 22.HUS.12345 ",
            registry_url="https://www.oeko-tex.com/en/label-check",
            market_codes=["eu", " jp", "EU"],
            product_ids=[product, product],
        ),
    )
    assert (credential.claim, credential.issuer, credential.identifier) == (
        "OEKO-TEX Standard 100",
        "Hohenstein",
        "22.HUS.12345",
    )
    assert credential.market_codes == ["EU", "JP"]
    assert [p.id for p in credential.products] == [product]
    assert service.display_problems(credential, TODAY) == [
        "valid from",
        "valid until",
        "evidence",
    ]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"registry_url": "javascript:alert(1)"}, "http:// or https:// address"),
        ({"market_codes": ["U S"]}, "not a market code: U S"),
        ({"product_ids": [424242]}, "product 424242 not found"),
        ({"valid_from": "2027-01-01", "valid_until": "2026-01-01"}, "valid until is before"),
        ({"claim": "Green and eco"}, "generic environmental claims"),
        ({"claim": "   "}, "the claim cannot be empty"),
    ],
)
def test_create_refuses_bad_input_and_stores_nothing(
    db: Session, seller_id: int, fields: dict[str, object], message: str
) -> None:
    data = CredentialIn.model_validate({"type": "reviews", "claim": "4.8 stars", **fields})
    with pytest.raises((InvalidInput, NotFound), match=message):
        service.create_credential(db, seller_id, data)
    db.flush()
    assert db.scalar(select(func.count()).select_from(Credential)) == 0


def test_products_of_another_store_are_not_found(
    db: Session, seller_id: int, other_owner: dict[str, str | int]
) -> None:
    theirs = add_product(db, int(other_owner["seller_id"]), "their-shirt")
    data = CredentialIn(type=T.REVIEWS, claim="4.8 stars", product_ids=[theirs])
    with pytest.raises(NotFound, match=f"product {theirs} not found"):
        service.create_credential(db, seller_id, data)


def test_update_checks_the_result_and_refuses_without_change(
    db: Session, settings: Settings, seller_id: int
) -> None:
    credential = complete(
        db, settings, seller_id, T.CERTIFICATION, "EU Ecolabel: eco-friendly dyes"
    )
    with pytest.raises(InvalidInput, match="generic environmental claims"):
        service.update_credential(db, seller_id, credential.id, CredentialUpdate(issuer=""))
    with pytest.raises(InvalidInput, match='"FDA approved" is not the same'):
        service.update_credential(
            db,
            seller_id,
            credential.id,
            CredentialUpdate(claim="FDA approved", identifier="FDA registration 301"),
        )
    db.expire_all()
    stored = service.get_credential(db, seller_id, credential.id)
    assert (stored.claim, stored.issuer, stored.identifier) == (
        "EU Ecolabel: eco-friendly dyes",
        "Issuer Ltd",
        "ID-EU Ecola",
    )
    changed = service.update_credential(
        db, seller_id, credential.id, CredentialUpdate(valid_until=None, market_codes=["jp"])
    )
    assert (changed.valid_until, changed.market_codes) == (None, ["JP"])
    assert service.display_problems(changed, TODAY) == ["valid until"]


def test_displayable_filters_by_product_market_and_validity(
    db: Session, settings: Settings, seller_id: int
) -> None:
    shirt = add_product(db, seller_id, "shirt")
    lamp = add_product(db, seller_id, "lamp")
    store_wide = complete(db, settings, seller_id, T.AFTER_SALES, "30-day returns")
    shirt_only = complete(
        db, settings, seller_id, T.CERTIFICATION, "OEKO-TEX 100", all_products=False,
        product_ids=[shirt],
    )  # fmt: skip
    complete(db, settings, seller_id, T.CERTIFICATION, "PSE", market_codes=["JP"])
    complete(db, settings, seller_id, T.REVIEWS, "Old reviews", valid_until=date(2026, 11, 25))
    complete(db, settings, seller_id, T.SALES_PROOF, "Future", valid_from=date(2026, 11, 27))
    service.create_credential(  # no evidence, no dates: never shown
        db, seller_id, CredentialIn(type=T.BRAND_ENDORSEMENT, claim="NASDAQ", all_products=True)
    )
    ids = [c.id for c in service.displayable_credentials(db, seller_id, shirt, "us", TODAY)]
    assert ids == [store_wide.id, shirt_only.id]  # US weighs after-sales over certification
    ids = [c.id for c in service.displayable_credentials(db, seller_id, lamp, "US", TODAY)]
    assert ids == [store_wide.id]
    assert [c.id for c in service.displayable_credentials(db, seller_id, None, "US", TODAY)] == [
        store_wide.id
    ]
    # The day it expires it is still valid; the day after it is not.
    assert [
        c.claim
        for c in service.displayable_credentials(db, seller_id, None, "US", date(2026, 11, 25))
    ] == ["Old reviews", "30-day returns"]


def test_displayable_order_follows_the_markets_weights(
    db: Session, settings: Settings, seller_id: int
) -> None:
    made = {
        t: complete(db, settings, seller_id, t, f"{t.value} claim").id
        for t in (T.REVIEWS, T.SUPPLY_CHAIN, T.CERTIFICATION, T.SALES_PROOF, T.AFTER_SALES)
    }

    def order(code: str) -> list[CredentialType]:
        shown = service.displayable_credentials(db, seller_id, None, code, TODAY)
        assert sorted(c.id for c in shown) == sorted(made.values())
        return [c.type for c in shown]

    # US: sales proof and reviews first; EU: certification; JP: supply chain.
    assert order("US") == [T.SALES_PROOF, T.REVIEWS, T.AFTER_SALES, T.CERTIFICATION, T.SUPPLY_CHAIN]
    assert order("EU") == [T.CERTIFICATION, T.AFTER_SALES, T.SUPPLY_CHAIN, T.SALES_PROOF, T.REVIEWS]
    assert order("JP") == [T.SUPPLY_CHAIN, T.AFTER_SALES, T.CERTIFICATION, T.REVIEWS, T.SALES_PROOF]
    assert order("KR") == [T.CERTIFICATION, T.AFTER_SALES, T.SALES_PROOF, T.REVIEWS, T.SUPPLY_CHAIN]
    # The seller's own weights for a market win over the defaults.
    market = markets_service.add_preset(db, seller_id, "KR")
    weights = {"supply_chain": 5, "certification": 1}
    markets_service.update_market(db, seller_id, market.id, MarketUpdate(trust_weights=weights))
    assert order("KR") == [T.SUPPLY_CHAIN, T.AFTER_SALES, T.SALES_PROOF, T.REVIEWS, T.CERTIFICATION]


def test_displayable_is_per_store(
    db: Session, settings: Settings, seller_id: int, other_owner: dict[str, str | int]
) -> None:
    complete(db, settings, int(other_owner["seller_id"]), T.REVIEWS, "Theirs")
    assert service.displayable_credentials(db, seller_id, None, "US", TODAY) == []


def _evidence_files(settings: Settings) -> list[str]:
    return sorted(p.suffix for p in settings.evidence_dir.iterdir())


def test_replacing_evidence_deletes_the_old_record_and_its_file_once_committed(
    db: Session, settings: Settings, seller_id: int
) -> None:
    credential = complete(db, settings, seller_id, T.REVIEWS, "4.8 stars")
    db.commit()
    first = credential.evidence_id
    credential = service.attach_evidence(
        db, settings, seller_id, credential.id, original_name="shot.png", data=PNG
    )
    assert credential.evidence is not None and credential.evidence.media_type == "image/png"
    assert credential.evidence_id != first
    # Until the change commits, the old file is still there for the row that still has it.
    assert _evidence_files(settings) == [".pdf", ".png"]
    db.commit()
    assert _evidence_files(settings) == [".png"]
    assert db.scalars(select(EvidenceFile.id)).all() == [credential.evidence_id]


def test_a_replacement_rolled_back_keeps_the_old_evidence(
    db: Session, settings: Settings, seller_id: int
) -> None:
    credential = complete(db, settings, seller_id, T.REVIEWS, "4.8 stars")
    db.commit()
    first = credential.evidence_id
    service.attach_evidence(
        db, settings, seller_id, credential.id, original_name="shot.png", data=PNG
    )
    db.rollback()
    assert db.get(Credential, credential.id).evidence_id == first  # type: ignore[union-attr]
    assert db.scalars(select(EvidenceFile.id)).all() == [first]
    assert ".pdf" in _evidence_files(settings)


def test_deleting_a_credential_deletes_its_evidence_but_not_one_another_shares(
    db: Session, settings: Settings, seller_id: int
) -> None:
    kept = complete(db, settings, seller_id, T.REVIEWS, "4.8 stars")
    shared = complete(db, settings, seller_id, T.SALES_PROOF, "10,000 sold")
    sharing = service.create_credential(
        db, seller_id, CredentialIn(type=T.CERTIFICATION, claim="Certified", all_products=True)
    )
    sharing.evidence_id = shared.evidence_id
    db.commit()
    assert len(_evidence_files(settings)) == 2
    service.delete_credential(db, settings, seller_id, kept.id)
    service.delete_credential(db, settings, seller_id, shared.id)
    db.commit()
    assert db.scalars(select(EvidenceFile.id)).all() == [sharing.evidence_id]
    assert _evidence_files(settings) == [".pdf"]
    service.delete_credential(db, settings, seller_id, sharing.id)
    db.commit()
    assert (db.scalars(select(EvidenceFile.id)).all(), _evidence_files(settings)) == ([], [])


def test_refused_evidence_changes_nothing(db: Session, settings: Settings, seller_id: int) -> None:
    credential = complete(db, settings, seller_id, T.REVIEWS, "4.8 stars")
    before = credential.evidence_id
    with pytest.raises(InvalidInput, match="evidence must be a PDF, PNG, JPEG or WebP"):
        service.attach_evidence(
            db, settings, seller_id, credential.id, original_name="x.pdf", data=b"<html>"
        )
    assert credential.evidence_id == before
    assert len(list(settings.evidence_dir.iterdir())) == 1


def test_public_evidence_only_while_displayable(
    db: Session, settings: Settings, seller_id: int
) -> None:
    credential = complete(db, settings, seller_id, T.REVIEWS, "4.8 stars")
    record, path = service.public_evidence(db, settings, credential.id, TODAY)
    assert (record.media_type, path.read_bytes()) == ("application/pdf", PDF)
    assert service.public_evidence_url(credential) == (
        f"/api/v1/public/credentials/{credential.id}/evidence"
    )
    with pytest.raises(NotFound, match="no such evidence"):
        service.public_evidence(db, settings, credential.id, date(2028, 1, 1))
    with pytest.raises(NotFound, match="no such evidence"):
        service.public_evidence(db, settings, 9999, TODAY)
