"""Moves of the dashboard tests' store written straight to the database: the show's time
and state, stock, credentials, questions and call requests (their own domains test how
they get there)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.models import Variant
from crosslive.chat.models import ChatMessage
from crosslive.consultations.models import Consultation, ConsultationState
from crosslive.db import transaction, utcnow
from crosslive.shows.models import Show, ShowState
from crosslive.trust.models import (
    Credential,
    CredentialType,
    CredentialVerification,
    VerificationMethod,
    VerificationOutcome,
)
from tests.factories import Shop


def set_show(
    factory: sessionmaker[Session], shop: Shop, state: ShowState, at: datetime | None = None
) -> None:
    """The shop's show in STATE, scheduled AT (default: tomorrow)."""
    now = utcnow()
    values = {"state": state, "scheduled_at": at or now + timedelta(days=1)}
    if state is ShowState.LIVE:
        values["started_at"] = now
    with transaction(factory) as db:
        db.execute(update(Show).where(Show.id == shop.show_id).values(**values))


def set_stock(factory: sessionmaker[Session], variant_id: int, stock: int) -> None:
    with transaction(factory) as db:
        db.execute(update(Variant).where(Variant.id == variant_id).values(stock=stock))


def add_credential(factory: sessionmaker[Session], seller_id: int, valid_until: date) -> int:
    with transaction(factory) as db:
        credential = Credential(
            seller_id=seller_id,
            type=CredentialType.CERTIFICATION,
            claim="OEKO-TEX Standard 100",
            valid_until=valid_until,
        )
        db.add(credential)
        db.flush()
        return credential.id


def verify(
    factory: sessionmaker[Session], credential_id: int, outcome: VerificationOutcome
) -> None:
    with transaction(factory) as db:
        db.add(
            CredentialVerification(
                credential_id=credential_id,
                staff_name="Olive",
                outcome=outcome,
                method=VerificationMethod.REGISTRY,
                observed="checked in the registry",
            )
        )


def add_question(
    factory: sessionmaker[Session], show_id: int, body: str = "Is it washable?"
) -> int:
    with transaction(factory) as db:
        message = ChatMessage(
            show_id=show_id, viewer_id="v-1", display_name="Ana", body=body, is_question=True
        )
        db.add(message)
        db.flush()
        return message.id


def answer(factory: sessionmaker[Session], message_id: int) -> None:
    with transaction(factory) as db:
        db.execute(
            update(ChatMessage).where(ChatMessage.id == message_id).values(answered_at=utcnow())
        )


def add_call_request(
    factory: sessionmaker[Session], shop: Shop, state: ConsultationState, viewer: str = "v-1"
) -> int:
    now = utcnow()
    with transaction(factory) as db:
        row = Consultation(
            seller_id=shop.seller_id,
            show_id=shop.show_id,
            viewer_id=viewer,
            open_key=viewer if state is ConsultationState.WAITING else None,
            state=state,
            requested_at=now,
            expires_at=now + timedelta(minutes=3),
        )
        db.add(row)
        db.flush()
        return row.id


def handle_call(factory: sessionmaker[Session], consultation_id: int) -> None:
    with transaction(factory) as db:
        db.execute(
            update(Consultation)
            .where(Consultation.id == consultation_id)
            .values(handled_at=utcnow())
        )
