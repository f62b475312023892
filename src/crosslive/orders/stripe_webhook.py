"""Stripe's webhook: the only way a card order becomes paid.

The route verifies the signature with the stripe library (`stripe.Webhook.construct_event`,
the endpoint's signing secret) before anything is read. Each event is then handled once, by
Stripe's event id: the `stripe_events` row is the first write, so a repeat (Stripe retries,
two deliveries at once) finds it and changes nothing. Order of arrival does not matter
either: paying and releasing are conditional moves of the order (orders.lifecycle), so an
expiry after the payment, or a payment seen twice, changes nothing; a payment that lands
after the order's hold ran out is refunded in full at once (its stock was sold again).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import stripe
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crosslive.db import is_unique_violation
from crosslive.errors import InvalidInput
from crosslive.orders import holds, lifecycle
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Order, OrderStatus, Payment, PaymentStatus, Refund, StripeEvent
from crosslive.orders.stripe_provider import NAME, StripeConfig, refund_intent, stripe_amount

log = logging.getLogger(__name__)

PAID_KINDS = {"checkout.session.completed", "checkout.session.async_payment_succeeded"}
RELEASE_KINDS = {"checkout.session.expired", "checkout.session.async_payment_failed"}
LATE_REASON = "paid after the order's hold ran out"


class BadSignature(InvalidInput):
    status_code = 400


def verify(config: StripeConfig, body: bytes, signature: str | None) -> dict[str, Any]:
    """The event BODY carries, if SIGNATURE is Stripe's over it; BadSignature otherwise."""
    if not config.webhook_secret:
        raise BadSignature("no webhook signing secret is configured")
    try:
        event = stripe.Webhook.construct_event(body, signature, config.webhook_secret)
    except (ValueError, stripe.SignatureVerificationError):
        raise BadSignature("the Stripe-Signature does not match this body") from None
    return event.to_dict()


@dataclass(frozen=True)
class Handled:
    outcome: str
    duplicate: bool = False


def handle(
    db: Session, config: StripeConfig, event: dict[str, Any], links: OrderLinks, now: datetime
) -> Handled:
    """Apply a verified EVENT once; what it did."""
    event_id, kind = str(event["id"]), str(event["type"])
    seen = db.get(StripeEvent, event_id)
    if seen is not None:
        return Handled(seen.outcome, duplicate=True)
    row = StripeEvent(id=event_id, kind=kind[:100], outcome="ignored", received_at=now)
    if not _claim(db, row):
        return Handled("ignored", duplicate=True)
    session = event.get("data", {}).get("object", {})
    if kind in PAID_KINDS | RELEASE_KINDS and session.get("object") == "checkout.session":
        payment = _payment_for(db, session)
        if payment is None:
            row.outcome = "unknown_session"
            log.warning("stripe event for an unknown session", extra={"event": event_id})
        else:
            row.order_id = payment.order_id
            row.outcome = _apply(db, config, kind, session, payment, links, now, event_id)
    db.flush()
    return Handled(row.outcome)


def _claim(db: Session, row: StripeEvent) -> bool:
    db.add(row)
    try:
        with db.begin_nested():
            db.flush()
    except IntegrityError as exc:
        if not is_unique_violation(exc):
            raise
        return False
    return True


def _payment_for(db: Session, session: dict[str, Any]) -> Payment | None:
    order = db.scalar(
        select(Order).where(Order.public_id == str(session.get("client_reference_id")))
    )
    if order is None:
        return None
    reference = str(session.get("metadata", {}).get("payment", ""))
    return next((p for p in order.payments if (p.provider, p.reference) == (NAME, reference)), None)


def _apply(
    db: Session,
    config: StripeConfig,
    kind: str,
    session: dict[str, Any],
    payment: Payment,
    links: OrderLinks,
    now: datetime,
    event_id: str,
) -> str:
    order = payment.order
    if kind in RELEASE_KINDS:
        if session.get("id") != payment.details.get("session_id"):
            return "unchanged"  # an older page closed; the buyer has a newer one open
        released = holds.expire_unpaid(db, {"order_id": order.id}, links=links)
        return "released" if released else "unchanged"
    if session.get("payment_status") != "paid":
        return "awaiting_payment"  # an asynchronous method (a Konbini voucher ...) pays later
    expected = (stripe_amount(payment.amount_minor, payment.currency), payment.currency.lower())
    got = (session.get("amount_total"), str(session.get("currency", "")).lower())
    if got != expected:
        log.warning(
            "stripe amount mismatch refused",
            extra={"event": event_id, "order": order.id, "expected": expected, "got": got},
        )
        return "refused_mismatch"
    payment.details = {**payment.details, "payment_intent": session.get("payment_intent")}
    if order.status is OrderStatus.CANCELLED:
        return _refund_late(db, config, payment, now)
    paid = lifecycle.pay(db, order, now, None, {"stripe_event": event_id})
    return "paid" if paid else "unchanged"


def _refund_late(db: Session, config: StripeConfig, payment: Payment, now: datetime) -> str:
    """The buyer paid an order whose hold had run out: give all of it back, once."""
    if payment.status is PaymentStatus.REFUNDED:
        return "unchanged"
    key = f"late-{payment.reference}"
    refund_id = refund_intent(config, payment, payment.amount_minor, key=key)
    payment.status = PaymentStatus.REFUNDED
    payment.refunded_minor = payment.amount_minor
    payment.confirmed_at = now
    db.add(
        Refund(
            order_id=payment.order_id,
            payment_id=payment.id,
            amount_minor=payment.amount_minor,
            currency=payment.currency,
            reason=LATE_REASON,
            reference=refund_id,
            idempotency_key=key,
            created_at=now,
        )
    )
    log.warning("stripe payment after expiry refunded", extra={"order": payment.order_id})
    return "refunded_late"
