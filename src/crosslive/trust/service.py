"""Credentials: what a seller may claim, with evidence, and which ones a viewer sees."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from crosslive.auth.models import Seller
from crosslive.catalog import service as catalog_service
from crosslive.catalog.models import Product
from crosslive.db import utcnow
from crosslive.errors import InvalidInput, NotFound
from crosslive.markets import service as markets_service
from crosslive.settings import Settings
from crosslive.trust import clips, expiry
from crosslive.trust.claims import check_claim, claim_problems
from crosslive.trust.evidence import discard_evidence, evidence_path, store_evidence
from crosslive.trust.models import Credential, CredentialType, EvidenceFile
from crosslive.trust.registries import CheckMethod, RegistryCheck, registry_check
from crosslive.trust.schemas import (
    ClipOut,
    CredentialIn,
    CredentialOut,
    CredentialUpdate,
    EvidenceOut,
)

_URL = re.compile(r"^https?://[^\s/]+\S*$", re.IGNORECASE)
TYPE_ORDER = list(CredentialType)
UNVERIFIED_SHOWN = "seller"  # shown, marked "provided by the seller"
UNVERIFIED_HIDDEN = "hidden"  # not shown to viewers at all
PUBLIC_EVIDENCE_PATH = "/api/v1/public/credentials/{id}/evidence"


def today() -> date:
    """Validity is judged by the UTC calendar day."""
    return utcnow().date()


# --- validation -------------------------------------------------------------------------


def _registry_url(value: str) -> str:
    url = value.strip()
    if url and not _URL.match(url):
        raise InvalidInput("the registry link must be an http:// or https:// address")
    return url


def _products(db: Session, seller_id: int, product_ids: list[int]) -> list[Product]:
    wanted = list(dict.fromkeys(product_ids))
    found = catalog_service.products_by_id(db, seller_id, wanted)
    missing = [str(i) for i in wanted if i not in found]
    if missing:
        raise NotFound(f"product {', '.join(missing)} not found")
    return [found[i] for i in wanted]


def _check(credential: Credential) -> None:
    """Rules on the credential as it would be stored (after the change)."""
    if not credential.claim.strip():
        raise InvalidInput("the claim cannot be empty")
    since, until = credential.valid_from, credential.valid_until
    if since is not None and until is not None and until < since:
        raise InvalidInput("valid until is before valid from")
    check_claim(credential.type, credential.claim, credential.issuer, credential.identifier)


# --- credentials --------------------------------------------------------------------------


def _query(seller_id: int) -> Any:
    return (
        select(Credential)
        .where(Credential.seller_id == seller_id)
        .options(selectinload(Credential.products), selectinload(Credential.evidence))
    )


def list_credentials(db: Session, seller_id: int) -> list[Credential]:
    return list(db.scalars(_query(seller_id).order_by(Credential.id)))


def get_credential(db: Session, seller_id: int, credential_id: int) -> Credential:
    credential = db.scalar(_query(seller_id).where(Credential.id == credential_id))
    if credential is None:
        raise NotFound(f"credential {credential_id} not found")
    return credential


def create_credential(db: Session, seller_id: int, data: CredentialIn) -> Credential:
    credential = Credential(
        seller_id=seller_id,
        type=data.type,
        claim=data.claim.strip(),
        issuer=data.issuer.strip(),
        identifier=data.identifier.strip(),
        registry_url=_registry_url(data.registry_url),
        market_codes=markets_service.clean_market_codes(data.market_codes),
        all_products=data.all_products,
        valid_from=data.valid_from,
        valid_until=data.valid_until,
        products=_products(db, seller_id, data.product_ids),
    )
    _check(credential)
    db.add(credential)
    db.flush()
    expiry.schedule_expiry(db, credential, utcnow())
    return credential


def update_credential(
    db: Session, seller_id: int, credential_id: int, data: CredentialUpdate
) -> Credential:
    credential = get_credential(db, seller_id, credential_id)
    given = data.model_fields_set
    cleaners: dict[str, Any] = {
        "claim": str.strip,
        "issuer": str.strip,
        "identifier": str.strip,
        "registry_url": _registry_url,
        "market_codes": markets_service.clean_market_codes,
        "products": lambda ids: _products(db, seller_id, ids),
    }
    changes: dict[str, Any] = {}
    for name in given:
        value = getattr(data, name)
        target = "products" if name == "product_ids" else name
        if value is None and name not in {"valid_from", "valid_until"}:
            raise InvalidInput(f"{name} cannot be empty")
        changes[target] = cleaners.get(target, lambda v: v)(value)
    # Check the result before touching the stored row, so a refusal changes nothing.
    merged = {
        "type": credential.type,
        "claim": credential.claim,
        "issuer": credential.issuer,
        "identifier": credential.identifier,
        "valid_from": credential.valid_from,
        "valid_until": credential.valid_until,
    }
    merged.update({k: v for k, v in changes.items() if k in merged})
    _check(Credential(**merged))
    for name, value in changes.items():
        setattr(credential, name, value)
    db.flush()
    expiry.schedule_expiry(db, credential, utcnow())
    return credential


def delete_credential(db: Session, settings: Settings, seller_id: int, credential_id: int) -> None:
    """Delete the credential, and its evidence file and clip once the deletion commits."""
    credential = get_credential(db, seller_id, credential_id)
    evidence = credential.evidence
    if credential.clip is not None:
        clips.remove_clip(db, settings, credential)
    db.delete(credential)
    db.flush()
    if evidence is not None:
        discard_evidence(db, settings, evidence)
        db.flush()


def attach_evidence(
    db: Session,
    settings: Settings,
    seller_id: int,
    credential_id: int,
    *,
    original_name: str,
    data: bytes,
) -> Credential:
    """Store an evidence file (PDF or image, checked by content) as the credential's evidence.
    The file it replaces is deleted once the change commits. A refused file leaves the
    credential and the evidence folder as they were."""
    credential = get_credential(db, seller_id, credential_id)
    previous = credential.evidence
    record = store_evidence(
        db, settings, seller_id=seller_id, original_name=original_name, data=data
    )
    credential.evidence_id = record.id
    credential.evidence = record
    db.flush()
    if previous is not None:
        discard_evidence(db, settings, previous)
        db.flush()
    return credential


# --- display ------------------------------------------------------------------------------


def display_problems(credential: Credential, today: date) -> list[str]:
    """Why viewers may not see this credential today (empty: they may)."""
    return credential.missing_for_display(today) + claim_problems(
        credential.type, credential.claim, credential.issuer, credential.identifier
    )


def _applies(credential: Credential, product_id: int | None, market_code: str) -> bool:
    in_market = not credential.market_codes or market_code in credential.market_codes
    for_product = credential.all_products or (
        product_id is not None and any(p.id == product_id for p in credential.products)
    )
    return in_market and for_product


def displayable_credentials(
    db: Session, seller_id: int, product_id: int | None, market_code: str, today: date
) -> list[Credential]:
    """The credentials a viewer in `market_code` may see for a product (None: store-wide
    only), most convincing for that market first; never expired or incomplete."""
    code = market_code.strip().upper()
    weights = markets_service.trust_weights_for(db, seller_id, code)
    hide_unverified = _hides_unverified(db, seller_id)
    shown = [
        c
        for c in list_credentials(db, seller_id)
        if _applies(c, product_id, code)
        and not display_problems(c, today)
        and not (hide_unverified and c.verified_at is None)
    ]
    return sorted(
        shown, key=lambda c: (-weights.get(c.type.value, 0), TYPE_ORDER.index(c.type), c.id)
    )


def unverified_setting(db: Session, seller_id: int) -> str:
    seller = db.get(Seller, seller_id)
    return seller.unverified_credentials if seller is not None else UNVERIFIED_SHOWN


def set_unverified_setting(db: Session, seller_id: int, value: str) -> None:
    if value not in {UNVERIFIED_SHOWN, UNVERIFIED_HIDDEN}:
        raise InvalidInput("choose whether unverified credentials are shown or hidden")
    seller = db.get(Seller, seller_id)
    if seller is None:
        raise NotFound(f"no store {seller_id}")
    seller.unverified_credentials = value
    db.flush()


def _hides_unverified(db: Session, seller_id: int) -> bool:
    return unverified_setting(db, seller_id) == UNVERIFIED_HIDDEN


def shown_unverified(db: Session, credential: Credential) -> bool:
    """False where the store hides credentials no staff member verified and this is one."""
    return credential.verified_at is not None or not _hides_unverified(db, credential.seller_id)


def viewer_check(credential: Credential) -> RegistryCheck:
    """Where a viewer checks a verified credential: the registry page staff recorded, else
    the one built from the identifier, else (no registry) the evidence file."""
    latest = credential.latest_verification
    built = registry_check(credential.type, credential.issuer, credential.identifier)
    if latest is not None and latest.registry_reference and latest.registry_reference != built.url:
        return RegistryCheck(CheckMethod.REGISTRY, built.registry, latest.registry_reference)
    return built


def credential_out(credential: Credential, today: date) -> CredentialOut:
    problems = display_problems(credential, today)
    evidence = credential.evidence
    return CredentialOut(
        id=credential.id,
        type=credential.type,
        claim=credential.claim,
        issuer=credential.issuer,
        identifier=credential.identifier,
        registry_url=credential.registry_url,
        market_codes=credential.market_codes,
        all_products=credential.all_products,
        product_ids=[p.id for p in credential.products],
        valid_from=credential.valid_from,
        valid_until=credential.valid_until,
        evidence=EvidenceOut.model_validate(evidence) if evidence else None,
        clip=ClipOut.model_validate(credential.clip) if credential.clip else None,
        shown=not problems,
        problems=problems,
        verified_at=credential.verified_at,
    )


def clip_urls(credential: Credential) -> dict[str, str | int]:
    """The clip a viewer's page plays with the credential (empty: none)."""
    return clips.clip_urls(credential)


def attach_clip(
    db: Session,
    settings: Settings,
    seller_id: int,
    credential_id: int,
    *,
    original_name: str,
    data: bytes,
    subtitle_data: bytes | None = None,
    subtitle_lang: str = "",
) -> Credential:
    """Store a video clip (checked, transcoded; crosslive.trust.clips) on the credential."""
    credential = get_credential(db, seller_id, credential_id)
    clips.attach_clip(
        db,
        settings,
        credential,
        original_name=original_name,
        data=data,
        subtitle_data=subtitle_data,
        subtitle_lang=subtitle_lang,
    )
    return credential


def remove_clip(db: Session, settings: Settings, seller_id: int, credential_id: int) -> None:
    clips.remove_clip(db, settings, get_credential(db, seller_id, credential_id))


def public_clip(
    db: Session, settings: Settings, credential_id: int, part: str, today: date
) -> tuple[Path, str]:
    """A clip part of a credential viewers may see today; NotFound otherwise."""
    return clips.public_clip_file(db, settings, credential_id, part, today)


def public_evidence_url(credential: Credential) -> str:
    """Where a viewer opens the evidence from the trust panel (served while displayable)."""
    return PUBLIC_EVIDENCE_PATH.format(id=credential.id)


# --- evidence files -----------------------------------------------------------------------


def staff_evidence(
    db: Session, settings: Settings, seller_id: int, credential_id: int
) -> tuple[EvidenceFile, Path]:
    credential = get_credential(db, seller_id, credential_id)
    if credential.evidence is None:
        raise NotFound(f"credential {credential_id} has no evidence file")
    return credential.evidence, evidence_path(settings, credential.evidence)


def public_evidence(
    db: Session, settings: Settings, credential_id: int, today: date
) -> tuple[EvidenceFile, Path]:
    """The evidence of a credential viewers may see today; NotFound otherwise."""
    credential = db.scalar(
        select(Credential)
        .where(Credential.id == credential_id)
        .options(selectinload(Credential.products), selectinload(Credential.evidence))
    )
    if credential is None or credential.evidence is None or display_problems(credential, today):
        raise NotFound("no such evidence")
    return credential.evidence, evidence_path(settings, credential.evidence)
