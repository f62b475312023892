"""The demo's credentials: each created, its evidence attached and kept for the staff view,
and its claim in the seller's other languages (credential_texts)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sqlalchemy.orm import Session

from crosslive.content import service as content
from crosslive.demo.credential_texts import texts_for
from crosslive.demo.credentials_data import CredentialSpec
from crosslive.settings import Settings
from crosslive.trust import service as trust_service
from crosslive.trust.schemas import CredentialIn


def seed_credentials(
    db: Session,
    settings: Settings,
    seller_id: int,
    product_ids: dict[str, int],
    specs: Iterable[CredentialSpec],
    written: list[Path],
) -> None:
    for spec in specs:
        seed_credential(db, settings, seller_id, product_ids, spec, written)


def seed_credential(
    db: Session,
    settings: Settings,
    seller_id: int,
    product_ids: dict[str, int],
    spec: CredentialSpec,
    written: list[Path],
) -> None:
    credential = trust_service.create_credential(
        db,
        seller_id,
        CredentialIn(
            type=spec.type,
            claim=spec.claim,
            issuer=spec.issuer,
            identifier=spec.identifier,
            registry_url=spec.registry_url,
            market_codes=list(spec.market_codes),
            all_products=spec.all_products,
            product_ids=[product_ids[handle] for handle in spec.products],
            valid_from=spec.valid_from,
            valid_until=spec.valid_until,
        ),
    )
    trust_service.attach_evidence(
        db,
        settings,
        seller_id,
        credential.id,
        original_name=spec.evidence.filename,
        data=spec.evidence.render(),
    )
    _record, path = trust_service.staff_evidence(db, settings, seller_id, credential.id)
    written.append(path)
    # The seller's own words in the other languages viewers read (approved, not machine).
    for name, texts in texts_for(spec.claim, spec.issuer).items():
        for lang, text in texts.items():
            content.save(db, seller_id, "credential", credential.id, name, lang, text)
