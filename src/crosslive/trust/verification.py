"""Staff verification of credentials against their issuers, and withdrawal.

Records are append-only; the newest is the credential's state. Only an owner records one.
A retry with the same idempotency key returns the first record instead of adding another."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.auth.models import Role, StaffUser
from crosslive.auth.service import require_role
from crosslive.db import utcnow
from crosslive.errors import Conflict, InvalidInput
from crosslive.trust import expiry, service
from crosslive.trust.models import (
    Credential,
    CredentialType,
    CredentialVerification,
    VerificationMethod,
)
from crosslive.trust.schemas import VerificationIn

_URL = re.compile(r"^https?://[^\s/]+\S*$", re.IGNORECASE)

# How long a verification holds before staff should look again, per credential type: sales
# figures and reviews move quickly; certificates are reissued yearly at most.
RECHECK_DAYS: dict[CredentialType, int] = {
    CredentialType.BRAND_ENDORSEMENT: 180,
    CredentialType.CERTIFICATION: 365,
    CredentialType.SALES_PROOF: 90,
    CredentialType.REVIEWS: 90,
    CredentialType.SUPPLY_CHAIN: 180,
    CredentialType.AFTER_SALES: 365,
}


def recheck_due(credential: Credential, today: date) -> bool:
    """A verified credential whose verification is older than its type's re-check period."""
    verified_at = credential.verified_at
    if verified_at is None:
        return False
    return (today - verified_at.date()).days >= RECHECK_DAYS[credential.type]


def list_verifications(
    db: Session, seller_id: int, credential_id: int
) -> list[CredentialVerification]:
    return list(service.get_credential(db, seller_id, credential_id).verifications)


def _same(row: CredentialVerification, data: VerificationIn) -> bool:
    return (row.outcome, row.method, row.observed, row.registry_reference) == (
        data.outcome,
        data.method,
        data.observed.strip(),
        data.registry_reference.strip(),
    )


def record_verification(
    db: Session, user: StaffUser, credential_id: int, data: VerificationIn
) -> tuple[CredentialVerification, bool]:
    """The record, and whether it is new (False: a retry of an earlier one)."""
    require_role(user, Role.OWNER)
    credential: Credential = service.get_credential(db, user.seller_id, credential_id)
    observed = data.observed.strip()
    reference = data.registry_reference.strip()
    if not observed:
        raise InvalidInput("say what you saw when checking the credential")
    if data.method == VerificationMethod.REGISTRY and not _URL.match(reference):
        raise InvalidInput("a registry check needs the registry page's http(s) address")
    if data.idempotency_key is not None:
        earlier = db.scalar(
            select(CredentialVerification).where(
                CredentialVerification.credential_id == credential.id,
                CredentialVerification.idempotency_key == data.idempotency_key,
            )
        )
        if earlier is not None:
            if not _same(earlier, data):
                raise Conflict("this idempotency key was already used for a different record")
            return earlier, False
    row = CredentialVerification(
        credential_id=credential.id,
        staff_user_id=user.id,
        staff_name=user.name,
        outcome=data.outcome,
        method=data.method,
        observed=observed,
        registry_reference=reference,
        idempotency_key=data.idempotency_key,
    )
    credential.verifications.append(row)
    db.flush()
    if credential.withdrawn:
        expiry.schedule_removed_now(db, credential, utcnow())
    return row, True
