"""Refunds: full or partial, never more than was paid, once per idempotency key.

The order of work makes a double click, a retry or two staff acting at once make one refund,
with the database deciding:
1. The refund row is the first write; (order, idempotency key) is unique, so a second
   request with the same key waits on the index, fails it and returns the first refund.
2. A conditional UPDATE adds the amount to the payment's refunded_minor only while the sum
   stays within what was paid (it locks the payment row; on PostgreSQL a waiting UPDATE
   re-checks the condition against the committed row, SQLite runs one writer at a time).
3. Only then is the payment provider asked, so it never sees an over-refund.
Anything refused raises, and the caller's transaction rolls it all back.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crosslive.db import is_unique_violation
from crosslive.errors import Conflict, InvalidInput
from crosslive.events import service as events
from crosslive.money import format_money
from crosslive.orders import idempotency, notifications
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Order, OrderStatus, Payment, PaymentStatus, Refund
from crosslive.orders.providers import Providers

REFUNDABLE = frozenset(
    {OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.CLOSED}
)
EVENT_KIND = "order_refunded"


def _existing(db: Session, order_id: int, key: str) -> Refund | None:
    return db.scalar(
        select(Refund).where(Refund.order_id == order_id, Refund.idempotency_key == key)
    )


def _replay(refund: Refund, amount_minor: int) -> Refund:
    if refund.amount_minor != amount_minor:
        raise Conflict("this Idempotency-Key was already used for a different refund")
    return refund


def _paid_payment(order: Order) -> Payment:
    if order.status not in REFUNDABLE:
        raise Conflict(f"order {order.id} is {order.status.value}: nothing was paid to refund")
    paid = [p for p in order.payments if p.status in (PaymentStatus.PAID, PaymentStatus.REFUNDED)]
    if not paid:
        raise Conflict(f"order {order.id} has no paid payment")
    return paid[-1]


def _claim(db: Session, refund: Refund) -> Refund | None:
    """Insert REFUND (the first write); the refund already made with its key, if any."""
    db.add(refund)
    try:
        db.flush()
    except IntegrityError as exc:
        if not is_unique_violation(exc):
            raise
        # Another request with this key committed first; nothing else was written yet.
        db.rollback()
        existing = _existing(db, refund.order_id, refund.idempotency_key)
        if existing is None:
            raise Conflict("the refund with this Idempotency-Key failed; retry") from None
        return existing
    return None


def _take_from_payment(db: Session, payment: Payment, amount_minor: int) -> None:
    result = db.execute(
        update(Payment)
        .where(
            Payment.id == payment.id,
            Payment.status == PaymentStatus.PAID,
            Payment.refunded_minor + amount_minor <= Payment.amount_minor,
        )
        .values(refunded_minor=Payment.refunded_minor + amount_minor)
        .execution_options(synchronize_session=False)
    )
    assert isinstance(result, CursorResult)
    db.refresh(payment)
    if result.rowcount != 1:
        left = payment.amount_minor - payment.refunded_minor
        raise Conflict(
            f"a refund of {format_money(amount_minor, payment.currency)} is more than is left "
            f"to refund ({format_money(left, payment.currency)} of "
            f"{format_money(payment.amount_minor, payment.currency)} paid)"
        )


def refund(
    db: Session,
    order: Order,
    links: OrderLinks,
    *,
    amount_minor: int,
    reason: str,
    reference: str,
    key: str | None,
    staff_id: int | None,
    now: datetime,
    providers: Providers | None = None,
) -> Refund:
    """Refund AMOUNT_MINOR of ORDER (already checked to be the staff member's store's)."""
    key = idempotency.check_key(key)
    previous = _existing(db, order.id, key)
    if previous is not None:
        return _replay(previous, amount_minor)
    if amount_minor < 1:
        raise InvalidInput("a refund is at least 1 (in minor units of the order's currency)")
    if len(reason) > 500 or len(reference) > 100:
        raise InvalidInput("a reason has at most 500 characters, a reference at most 100")
    payment = _paid_payment(order)
    row = Refund(
        order_id=order.id,
        payment_id=payment.id,
        amount_minor=amount_minor,
        currency=payment.currency,
        reason=reason.strip(),
        reference=reference.strip(),
        created_by=staff_id,
        idempotency_key=key,
        created_at=now,
    )
    first = _claim(db, row)
    if first is not None:
        return _replay(first, amount_minor)
    _take_from_payment(db, payment, amount_minor)
    provider = (providers or Providers()).for_payment(payment.provider)
    row.reference = provider.refund(db, payment, amount_minor, reference=reference, key=key)
    if payment.refunded_minor == payment.amount_minor:
        payment.status = PaymentStatus.REFUNDED
    db.flush()
    if order.show_id is not None:
        events.record(db, order.show_id, EVENT_KIND, {"order_id": order.id})
    notifications.queue_refunded(db, order, row, links)
    return row


def refunds_automatically(order: Order, providers: Providers | None = None) -> bool:
    """Whether ORDER's paid payment is refunded by its provider alone (a card), with no
    transfer by the seller and so no reference to type."""
    paid = [p for p in order.payments if p.status is PaymentStatus.PAID]
    if not paid:
        return False
    return (providers or Providers()).for_payment(paid[-1].provider).refunds_automatically


def refunded_total(order: Order) -> int:
    return sum(p.refunded_minor for p in order.payments)
