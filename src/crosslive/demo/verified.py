"""The demo store's verification records: the OEKO-TEX certificate was checked by the owner
on the OEKO-TEX Label Check, so viewers see it as verified with the link; every other
credential stays "provided by the seller, not verified" (the store's default setting), but the
organic-cotton certificate, which the owner withdrew when the certified-company registry had
no such certificate for the store: viewers no longer see it and the dashboard counts it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from crosslive.auth.models import StaffUser
from crosslive.demo.certifications_data import ORGANIC_COTTON
from crosslive.trust import service as trust_service
from crosslive.trust import verification
from crosslive.trust.models import VerificationMethod, VerificationOutcome
from crosslive.trust.schemas import VerificationIn

CHECKED = {
    "23.HCN.58214": VerificationIn(
        method=VerificationMethod.REGISTRY,
        observed="Label Check shows the certificate as valid: STANDARD 100, product class II, "
        "holder and articles as on the certificate PDF.",
        registry_reference="https://www.oeko-tex.com/en/detail?number=23.HCN.58214",
    ),
    ORGANIC_COTTON: VerificationIn(
        outcome=VerificationOutcome.WITHDRAWN,
        method=VerificationMethod.REGISTRY,
        observed="The certified-company search lists no certificate GTC-OCS-2026-40517 for "
        "Qinglan Studio; the number belongs to another company's scope.",
        registry_reference="https://textileexchange.org/find-certified-company/",
    ),
}


def seed_verifications(db: Session, owner: StaffUser) -> int:
    """Record the demo's verifications as OWNER; how many were recorded."""
    recorded = 0
    for credential in trust_service.list_credentials(db, owner.seller_id):
        data = CHECKED.get(credential.identifier)
        if data is not None:
            verification.record_verification(db, owner, credential.id, data)
            recorded += 1
    return recorded
