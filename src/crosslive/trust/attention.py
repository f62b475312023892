"""Credentials that need the seller: those that expire soon (renew them before viewers stop
seeing them) and those staff withdrew (the newest verification says so). One query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from crosslive.trust.models import Credential, CredentialVerification, VerificationOutcome

EXPIRING_DAYS = 30


@dataclass(frozen=True)
class CredentialsAttention:
    expiring: int  # valid until a day from today to EXPIRING_DAYS ahead, not withdrawn
    withdrawn: int


def needing_attention(
    db: Session, seller_id: int, today: date, days: int = EXPIRING_DAYS
) -> CredentialsAttention:
    latest = (
        select(
            CredentialVerification.credential_id,
            func.max(CredentialVerification.id).label("id"),
        )
        .group_by(CredentialVerification.credential_id)
        .subquery()
    )
    withdrawn = CredentialVerification.outcome == VerificationOutcome.WITHDRAWN
    expiring = Credential.valid_until.between(today, today + timedelta(days=days)) & (
        CredentialVerification.id.is_(None) | ~withdrawn
    )
    query = (
        select(func.count(case((expiring, 1))), func.count(case((withdrawn, 1))))
        .select_from(Credential)
        .outerjoin(latest, latest.c.credential_id == Credential.id)
        .outerjoin(CredentialVerification, CredentialVerification.id == latest.c.id)
        .where(Credential.seller_id == seller_id)
    )
    row = db.execute(query).one()
    return CredentialsAttention(expiring=int(row[0]), withdrawn=int(row[1]))
