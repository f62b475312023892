from __future__ import annotations

from datetime import UTC, date, datetime

from crosslive.trust.models import (
    Credential,
    CredentialType,
    CredentialVerification,
    VerificationMethod,
    VerificationOutcome,
)
from crosslive.trust.verification import recheck_due


def _verified(ctype: CredentialType, on: datetime, outcome: str = "verified") -> Credential:
    credential = Credential(type=ctype, claim="x", issuer="i", identifier="n")
    credential.verifications = [
        CredentialVerification(
            staff_name="Olive",
            outcome=VerificationOutcome(outcome),
            method=VerificationMethod.EVIDENCE,
            observed="seen",
            created_at=on,
        )
    ]
    return credential


def test_recheck_is_due_after_the_types_period() -> None:
    on = datetime(2027, 1, 1, 10, 0, tzinfo=UTC)
    sales = _verified(CredentialType.SALES_PROOF, on)
    assert not recheck_due(sales, date(2027, 3, 31))  # day 89
    assert recheck_due(sales, date(2027, 4, 1))  # day 90
    cert = _verified(CredentialType.CERTIFICATION, on)
    assert not recheck_due(cert, date(2027, 12, 31))
    assert recheck_due(cert, date(2028, 1, 1))


def test_never_verified_or_withdrawn_is_not_a_recheck() -> None:
    on = datetime(2020, 1, 1, tzinfo=UTC)
    assert not recheck_due(Credential(type=CredentialType.REVIEWS, claim="x"), date(2027, 1, 1))
    withdrawn = _verified(CredentialType.REVIEWS, on, "withdrawn")
    assert not recheck_due(withdrawn, date(2027, 1, 1))
