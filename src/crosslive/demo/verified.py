"""The demo store's verification records: the OEKO-TEX certificate was checked by the owner
on the OEKO-TEX Label Check, so viewers see it as verified with the link; every other
credential stays "provided by the seller, not verified" (the store's default setting)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from crosslive.auth.models import StaffUser
from crosslive.trust import service as trust_service
from crosslive.trust import verification
from crosslive.trust.models import VerificationMethod
from crosslive.trust.schemas import VerificationIn

VERIFIED = {
    "23.HCN.58214": VerificationIn(
        method=VerificationMethod.REGISTRY,
        observed="Label Check shows the certificate as valid: STANDARD 100, product class II, "
        "holder and articles as on the certificate PDF.",
        registry_reference="https://www.oeko-tex.com/en/detail?number=23.HCN.58214",
    ),
}


def seed_verifications(db: Session, owner: StaffUser) -> int:
    """Record the demo's verifications as OWNER; how many were recorded."""
    recorded = 0
    for credential in trust_service.list_credentials(db, owner.seller_id):
        data = VERIFIED.get(credential.identifier)
        if data is not None:
            verification.record_verification(db, owner, credential.id, data)
            recorded += 1
    return recorded
