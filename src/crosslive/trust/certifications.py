"""Which credentials a product page states as certifications in its structured data: only
those a viewer in the market may see today (trust.service.displayable_credentials: complete,
valid today, not withdrawn, claims allowed) that staff verified against their issuer, and
only of the types an independent body issues. A credential "provided by the seller" may
still show on the page, labelled so; it is never stated as a certification."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from crosslive.trust import service
from crosslive.trust.models import Credential, CredentialType

# Sales figures and reviews are not certifications (reviews become the page's rating); an
# after-sales guarantee is the seller's own promise.
CERTIFYING_TYPES = frozenset(
    {CredentialType.CERTIFICATION, CredentialType.SUPPLY_CHAIN, CredentialType.BRAND_ENDORSEMENT}
)


def stated_certifications(
    db: Session, seller_id: int, product_id: int, market_code: str, today: date
) -> list[Credential]:
    shown = service.displayable_credentials(db, seller_id, product_id, market_code, today)
    return [
        c
        for c in shown
        if c.type in CERTIFYING_TYPES
        and c.verified_at is not None
        and c.valid_from is not None
        and c.valid_until is not None
        and c.valid_from <= today <= c.valid_until
    ]


def check_url(credential: Credential, evidence_url: str) -> str:
    """Where anyone checks a stated certification: the registry page staff recorded or the
    one built from its identifier, else its evidence file (EVIDENCE_URL, absolute)."""
    found = service.viewer_check(credential).url
    if found:
        return found
    return evidence_url if credential.evidence_id is not None else ""
