"""Payment providers: a small Protocol and the built-in manual bank-transfer provider.

A provider turns a new order into a Payment (a reference the buyer or the provider
quotes, and what to show the buyer), confirms it (an owner's click or a provider webhook)
and refunds it. `orders.providers` lists the ones a store offers; docs/payments.md describes them.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive import i18n
from crosslive.errors import Conflict, InvalidInput
from crosslive.i18n import N_
from crosslive.money import format_money_in
from crosslive.orders import notifications
from crosslive.orders.models import Order, Payment, PaymentSettings, PaymentStatus

# Unambiguous characters for references read aloud or typed into a banking app.
_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True)
class PaymentStart:
    """What a provider returns for a new order."""

    reference: str
    instructions: str
    status: PaymentStatus = PaymentStatus.PENDING
    details: dict[str, Any] = field(default_factory=dict)


class PaymentProvider(Protocol):
    name: str
    # Paid on the spot (a card): the short live-show hold applies. A bank transfer takes days.
    instant: bool

    @property
    def refunds_automatically(self) -> bool:
        """Gives the money back by itself (a card): a refund needs no transfer by the seller,
        so it can be made with nobody at the store, e.g. when a keep-it return is confirmed."""
        ...

    def create_payment(self, db: Session, order: Order) -> PaymentStart:
        """Start paying ORDER (called inside the checkout transaction)."""
        ...

    def confirm(self, db: Session, payment: Payment, payload: Mapping[str, Any]) -> PaymentStatus:
        """The status after the owner's confirmation or the provider's (verified) webhook."""
        ...

    def refund(
        self, db: Session, payment: Payment, amount_minor: int, *, reference: str, key: str
    ) -> str:
        """Give back AMOUNT_MINOR of a paid payment; returns the refund's reference.

        orders.refunds calls it inside the refund's transaction, after its conditional
        UPDATE has made sure the refunds stay within what was paid. REFERENCE is what the
        seller typed (a bank transfer's reference; may be empty for a card provider); KEY
        is the refund's idempotency key, to pass on to the provider so a retry refunds once.
        """
        ...


def new_reference(prefix: str = "CL") -> str:
    code = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(10))
    return f"{prefix}-{code}"


def bank_instructions(db: Session, seller_id: int) -> str:
    settings = db.scalar(select(PaymentSettings).where(PaymentSettings.seller_id == seller_id))
    return settings.bank_instructions if settings else ""


def instructions_language(db: Session, order: Order) -> str:
    """The language a payment's instructions are written in: the emails' (the order's
    recorded language, else the market's first language, else English)."""
    return i18n.supported(notifications.buyer_language(db, order)) or i18n.DEFAULT


class ManualBankTransfer:
    """The buyer transfers the total quoting a reference; the owner marks the order paid."""

    name = "manual"
    instant = False
    refunds_automatically = False

    def create_payment(self, db: Session, order: Order) -> PaymentStart:
        reference = new_reference()
        # In the buyer's language (the order page and the emails quote it as written); the
        # seller's own bank details stay as the seller wrote them.
        lang = instructions_language(db, order)
        catalog = i18n.translations(lang)
        bank = bank_instructions(db, order.seller_id).strip() or catalog.gettext(
            N_("The store will email you its bank details.")
        )
        amount = format_money_in(order.total_minor, order.currency, lang)
        transfer = catalog.gettext(N_("Transfer %(amount)s quoting reference %(reference)s."))
        text = transfer % {"amount": amount, "reference": reference} + f"\n{bank}"
        return PaymentStart(reference=reference, instructions=text)

    def confirm(self, db: Session, payment: Payment, payload: Mapping[str, Any]) -> PaymentStatus:
        if payment.status is not PaymentStatus.PENDING:
            raise Conflict(f"this payment is already {payment.status.value}")
        return PaymentStatus.PAID

    def refund(
        self, db: Session, payment: Payment, amount_minor: int, *, reference: str, key: str
    ) -> str:
        # The owner sent the money back from their bank; this records it with the
        # reference of that transfer, so buyer and seller can match it.
        if payment.status is not PaymentStatus.PAID:
            raise Conflict("only a paid payment can be refunded")
        if not 0 < amount_minor <= payment.amount_minor:
            raise InvalidInput("refund between 1 and the amount paid")
        reference = reference.strip()
        if not reference:
            raise InvalidInput("give the reference of the bank transfer you sent the refund with")
        return reference
