"""Paying a return's refund: through orders.refunds with the key `return-<id>`, so a double
click, a retry, two staff or the buyer's confirmation and a staff click make one refund;
then the return becomes refunded.

A keep-it return is refunded at the buyer's confirmation when the order's payment provider
gives the money back by itself (a card); with a bank transfer it waits for the store, who
sends the money and types the transfer's reference."""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from crosslive.errors import DomainError
from crosslive.orders import refunds
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Order
from crosslive.orders.providers import Providers
from crosslive.returns import notify
from crosslive.returns.models import ReturnOutcome, ReturnRequest, ReturnStatus

log = logging.getLogger(__name__)


def pay(
    db: Session,
    order: Order,
    ret: ReturnRequest,
    links: OrderLinks,
    *,
    ready: Collection[ReturnStatus],
    reference: str,
    staff_id: int | None,
    now: datetime,
    providers: Providers | None,
) -> None:
    """Refund RET's amount once and move it from READY to refunded."""
    row = refunds.refund(
        db,
        order,
        links,
        amount_minor=ret.refund_minor,
        reason=f"return {ret.reference}",
        reference=reference,
        key=f"return-{ret.id}",
        staff_id=staff_id,
        now=now,
        providers=providers,
    )
    db.refresh(ret)  # a concurrent refund's rollback may have expired it
    result = db.execute(
        update(ReturnRequest)
        .where(ReturnRequest.id == ret.id, ReturnRequest.status.in_(ready))
        .values(status=ReturnStatus.REFUNDED, refund_id=row.id, closed_at=now)
        .execution_options(synchronize_session=False)
    )
    assert isinstance(result, CursorResult)
    db.refresh(ret)
    if result.rowcount == 1:
        notify.publish(db, order, ret)


def refunds_at_confirmation(order: Order, ret: ReturnRequest, providers: Providers | None) -> bool:
    """A keep-it return whose order's provider refunds by itself (no seller's reference)."""
    return ret.outcome is ReturnOutcome.KEEP_IT and refunds.refunds_automatically(order, providers)


def refund_keep_it(
    db: Session,
    order: Order,
    ret: ReturnRequest,
    links: OrderLinks,
    *,
    now: datetime,
    providers: Providers | None,
) -> None:
    """Refund a just-approved keep-it return at once. If the provider refuses (Stripe is
    down), the return stays approved for the store's Refund click: the confirmation stands."""
    try:
        with db.begin_nested():
            pay(
                db,
                order,
                ret,
                links,
                ready=(ReturnStatus.APPROVED,),
                reference="",
                staff_id=None,
                now=now,
                providers=providers,
            )
    except DomainError as exc:
        log.warning(
            "keep-it refund left for the store",
            extra={"return_id": ret.id, "error": type(exc).__name__},
        )
        db.refresh(ret)
