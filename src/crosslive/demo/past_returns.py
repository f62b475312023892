"""Believable past returns for the demo's delivered orders, so the returns queue, the fit
feedback and insights have something to show.

Rates and reasons follow DOMAIN.md section 2: each line comes back with its category's typical
online return rate (returns.economics.RETURN_RATES); apparel and shoes mostly for size,
beauty for shade, electronics because they do not work as expected or arrived damaged, home
because the size or material was misjudged or it broke in transit. The market's policy
decides each outcome as it would for a buyer (keep-it, exchange first for size, else a
return). Returns whose window is still open wait in the queue; the others are done.
No email is sent and no stock moves: this is history, not a buyer asking now.
"""

from __future__ import annotations

import random
import secrets
from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from crosslive.catalog import size_option
from crosslive.catalog.models import Category, Variant
from crosslive.fit import feedback
from crosslive.orders.models import Order, OrderLine, PaymentStatus, Refund
from crosslive.returns import requests
from crosslive.returns.economics import RETURN_RATES
from crosslive.returns.models import ReturnOutcome, ReturnReason, ReturnRequest, ReturnStatus

R = ReturnReason
# Of a category's returns, the share of each reason.
REASONS: dict[Category, dict[ReturnReason, float]] = {
    Category.APPAREL: {
        R.TOO_SMALL: 0.28,
        R.TOO_LARGE: 0.22,
        R.LOOKS_DIFFERENT: 0.12,
        R.COLOUR_NOT_AS_DESCRIBED: 0.08,
        R.MATERIAL_NOT_AS_DESCRIBED: 0.08,
        R.CHANGED_MIND: 0.12,
        R.DEFECT: 0.04,
        R.DAMAGED_IN_TRANSIT: 0.03,
        R.WRONG_ITEM: 0.03,
    },
    Category.SHOES: {
        R.TOO_SMALL: 0.35,
        R.TOO_LARGE: 0.25,
        R.LOOKS_DIFFERENT: 0.1,
        R.CHANGED_MIND: 0.12,
        R.DEFECT: 0.08,
        R.DAMAGED_IN_TRANSIT: 0.05,
        R.WRONG_ITEM: 0.05,
    },
    Category.BEAUTY: {
        R.COLOUR_NOT_AS_DESCRIBED: 0.35,
        R.LOOKS_DIFFERENT: 0.15,
        R.DEFECT: 0.15,
        R.CHANGED_MIND: 0.2,
        R.DAMAGED_IN_TRANSIT: 0.15,
    },
    Category.ELECTRONICS: {
        R.DEFECT: 0.45,
        R.DAMAGED_IN_TRANSIT: 0.25,
        R.CHANGED_MIND: 0.12,
        R.WRONG_ITEM: 0.08,
        R.LOOKS_DIFFERENT: 0.05,
        R.ARRIVED_LATE: 0.05,
    },
    Category.HOME: {
        R.LOOKS_DIFFERENT: 0.25,
        R.MATERIAL_NOT_AS_DESCRIBED: 0.2,
        R.DAMAGED_IN_TRANSIT: 0.25,
        R.CHANGED_MIND: 0.15,
        R.DEFECT: 0.15,
    },
    Category.OTHER: {
        R.LOOKS_DIFFERENT: 0.25,
        R.DEFECT: 0.25,
        R.DAMAGED_IN_TRANSIT: 0.2,
        R.CHANGED_MIND: 0.3,
    },
}
MIN_OPEN = 3


def _category(db: Session, line: OrderLine) -> Category | None:
    variant = db.get(Variant, line.variant_id) if line.variant_id is not None else None
    return variant.product.category if variant is not None else None


def _reason(rng: random.Random, category: Category) -> ReturnReason:
    weights = REASONS[category]
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _asked_at(rng: random.Random, order: Order, now: datetime) -> datetime:
    """When the buyer asked: 1-14 days after delivery, inside the return window, and never
    after NOW (a parcel delivered days ago was asked about halfway since, not next week)."""
    assert order.delivered_at is not None and order.returns_until is not None
    days = max(1, (order.returns_until - order.delivered_at).days - 1)
    asked = order.delivered_at + timedelta(
        days=rng.randint(1, min(days, 14)), hours=rng.randint(0, 23)
    )
    return min(asked, order.delivered_at + (now - order.delivered_at) / 2)


def _by(now: datetime, after: datetime, at: datetime) -> datetime:
    """AT, or halfway from AFTER to NOW where AT is later than that: a step of a return
    whose window closed lately happened faster, never after NOW."""
    return min(at, after + (now - after) / 2)


def _refund(db: Session, order: Order, ret: ReturnRequest, at: datetime) -> None:
    paid = [p for p in order.payments if p.status is PaymentStatus.PAID]
    if not paid or paid[-1].refunded_minor + ret.refund_minor > paid[-1].amount_minor:
        return
    payment = paid[-1]
    payment.refunded_minor += ret.refund_minor
    refund = Refund(
        order_id=order.id,
        payment_id=payment.id,
        amount_minor=ret.refund_minor,
        currency=ret.currency,
        reason=f"return {ret.reference}",
        reference=f"DEMO-{secrets.token_hex(4).upper()}",
        idempotency_key=f"return-{ret.id}",
        created_at=at,
    )
    db.add(refund)
    db.flush()
    ret.refund_id = refund.id


def _settle(
    db: Session,
    order: Order,
    ret: ReturnRequest,
    rng: random.Random,
    is_open: bool,
    now: datetime,
) -> None:
    """Walk RET to where a return asked at its confirmed_at would be by NOW."""
    at = ret.confirmed_at
    assert at is not None
    ret.decided_at = min(at + timedelta(days=1), now)
    if is_open:
        ret.status = rng.choice([ReturnStatus.REQUESTED, ReturnStatus.APPROVED])
        if ret.outcome is ReturnOutcome.KEEP_IT:
            ret.status = ReturnStatus.APPROVED
        if ret.status is ReturnStatus.REQUESTED:
            ret.decided_at = None
        return
    if ret.outcome is not ReturnOutcome.KEEP_IT and rng.random() < 0.06:
        ret.status, ret.reject_reason = ReturnStatus.REJECTED, "Worn and washed: not returnable"
        ret.closed_at = ret.decided_at
        return
    if ret.outcome is not ReturnOutcome.KEEP_IT:
        ret.received_at = _by(now, ret.decided_at, at + timedelta(days=rng.randint(4, 9)))
        ret.restockable = rng.random() < 0.85
    done = ret.received_at or ret.decided_at
    ret.closed_at = _by(now, done, done + timedelta(days=1))
    if ret.outcome is ReturnOutcome.EXCHANGE:
        ret.status = ReturnStatus.EXCHANGED
    else:
        ret.status = ReturnStatus.REFUNDED
        _refund(db, order, ret, ret.closed_at)


def _one(
    db: Session, order: Order, line: OrderLine, reason: ReturnReason, asked: datetime
) -> ReturnRequest:
    ret = requests.start(
        db,
        order,
        line_id=line.id,
        quantity=1,
        reason=reason.value,
        note="",
        now=asked,
        remind_days=None,
    )
    ret.confirmed_at = asked
    sizes = size_option.variant_sizes(db, [line.variant_id] if line.variant_id else [])
    size = sizes.get(line.variant_id) if line.variant_id else None
    if reason in (R.TOO_SMALL, R.TOO_LARGE) and ret.product_id is not None and size is not None:
        verdict = feedback.FitVerdict.SMALL if reason is R.TOO_SMALL else feedback.FitVerdict.LARGE
        feedback.record(
            db,
            order_line_id=line.id,
            product_id=ret.product_id,
            viewer_id=order.viewer_id,
            size=size,
            verdict=verdict,
            source=feedback.FitSource.RETURN,
            at=asked,
        )
    return ret


def add_returns(
    db: Session, orders: Sequence[Order], rng: random.Random, now: datetime
) -> dict[str, Any]:
    """Give some of ORDERS' lines (delivered ones, with a return window) a past return, none
    of its steps after NOW; the summary counts them by reason, outcome and status."""
    made: list[tuple[Order, ReturnRequest]] = []
    for order in orders:
        if order.delivered_at is None or order.returns_until is None:
            continue
        for line in order.lines:
            category = _category(db, line)
            if category is None or rng.random() >= float(RETURN_RATES[category]):
                continue
            ret = _one(db, order, line, _reason(rng, category), _asked_at(rng, order, now))
            made.append((order, ret))
    still_open = {
        ret.id for order, ret in made if order.returns_until and order.returns_until > now
    }
    if len(still_open) < MIN_OPEN:  # the newest few wait in the queue anyway
        newest = sorted(made, key=lambda pair: pair[1].confirmed_at or now)[-MIN_OPEN:]
        still_open |= {ret.id for _, ret in newest}
    for order, ret in made:
        _settle(db, order, ret, rng, ret.id in still_open, now)
    db.flush()
    rets = [ret for _, ret in made]
    return {
        "returns": len(rets),
        "by_reason": dict(Counter(r.reason.value for r in rets)),
        "by_outcome": dict(Counter(r.outcome.value for r in rets)),
        "by_status": dict(Counter(r.status.value for r in rets)),
        "open": sum(1 for r in rets if r.status in (ReturnStatus.REQUESTED, ReturnStatus.APPROVED)),
    }


def asked_lately(db: Session, orders: Sequence[Order], now: datetime) -> ReturnRequest | None:
    """The buyer of the newest delivered parcel with a line not yet returned asks to return
    it (its category's commonest reason) halfway between its delivery and NOW; the request
    waits for review. None when no delivered line is left in an open window."""
    newest = sorted(
        (o for o in orders if o.delivered_at is not None and o.returns_until is not None),
        key=lambda o: (o.delivered_at, o.id),
        reverse=True,
    )
    for order in newest:
        assert order.delivered_at is not None and order.returns_until is not None
        asked = order.delivered_at + (now - order.delivered_at) / 2
        if order.returns_until <= asked:
            continue
        for line in order.lines:
            category = _category(db, line)
            if category is None or requests.existing(db, line.id) is not None:
                continue
            weights = REASONS[category]
            ret = _one(db, order, line, max(weights, key=lambda r: weights[r]), asked)
            ret.status = ReturnStatus.REQUESTED
            db.flush()
            return ret
    return None
