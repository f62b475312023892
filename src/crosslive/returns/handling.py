"""The store's side of a return: the queue and its actions, for the store owner (money moves
here, as with orders). Another store's return is not found.

Each action is one conditional UPDATE from the statuses it may come from, so two staff or a
double click apply it once; the refund goes through orders.refunds with a key made from the
return, so it is made once whoever clicks and however often.

    requested -> approved -> received -> refunded        (return with refund)
    requested -> approved -> received -> exchanged       (exchange)
    approved (keep it, at confirmation) -> refunded
    requested | approved -> rejected (with a reason shown to the buyer)
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from crosslive.auth import service as auth_service
from crosslive.auth.models import Role, StaffUser
from crosslive.catalog import inventory
from crosslive.catalog.models import Product
from crosslive.errors import Conflict, InvalidInput, NotFound
from crosslive.fit import feedback
from crosslive.markets import service as markets_service
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Order
from crosslive.orders.providers import Providers
from crosslive.returns import damage, damage_report, notify, refunding, requests
from crosslive.returns.models import ReturnOutcome, ReturnRequest, ReturnStatus

S = ReturnStatus
OPEN = (S.REQUESTED, S.APPROVED, S.RECEIVED)
FINAL = (S.REFUNDED, S.EXCHANGED, S.REJECTED)


@dataclass(frozen=True)
class QueueRow:
    ret: ReturnRequest
    order: Order
    product_title: str
    variant_label: str
    fit_counts: dict[str, dict[feedback.FitVerdict, int]]
    damage: damage.DamageFlag


@dataclass(frozen=True)
class ReturnsWaiting:
    """Returns that wait for the owner: confirmed requests to decide, refunds to issue."""

    to_review: int
    to_refund: int


def waiting(db: Session, staff: StaffUser) -> ReturnsWaiting:
    """Both counts in one query. A refund is due where `refund` accepts it: a keep-it once
    approved, a return with refund once received (an exchange is never refunded)."""
    auth_service.require_role(staff, Role.OWNER)
    outcome = ReturnRequest.outcome
    refund_due = ((ReturnRequest.status == S.APPROVED) & (outcome == ReturnOutcome.KEEP_IT)) | (
        (ReturnRequest.status == S.RECEIVED) & (outcome == ReturnOutcome.RETURN_REFUND)
    )
    row = db.execute(
        select(
            func.count(case((ReturnRequest.status == S.REQUESTED, 1))),
            func.count(case((refund_due, 1))),
        ).where(ReturnRequest.seller_id == staff.seller_id)
    ).one()
    return ReturnsWaiting(to_review=int(row[0]), to_refund=int(row[1]))


def has_open_return(db: Session, order: Order) -> bool:
    """The close guard: an order with a confirmed return not yet ended stays open."""
    found = db.scalar(
        select(ReturnRequest.id).where(
            ReturnRequest.order_id == order.id, ReturnRequest.status.in_(OPEN)
        )
    )
    return found is not None


def order_of(db: Session, ret: ReturnRequest) -> Order:
    order = db.get(Order, ret.order_id)
    assert order is not None
    return order


def get_return(db: Session, staff: StaffUser, return_id: int) -> ReturnRequest:
    auth_service.require_role(staff, Role.OWNER)
    ret = db.scalar(
        select(ReturnRequest).where(
            ReturnRequest.id == return_id, ReturnRequest.seller_id == staff.seller_id
        )
    )
    if ret is None or ret.status is S.STARTED:
        raise NotFound(f"no return {return_id}")
    return ret


def queue(
    db: Session, staff: StaffUser, statuses: Collection[ReturnStatus] = OPEN, limit: int = 200
) -> list[QueueRow]:
    """The store's returns in STATUSES, oldest confirmed first, with what helps decide."""
    auth_service.require_role(staff, Role.OWNER)
    rows = db.scalars(
        select(ReturnRequest)
        .where(ReturnRequest.seller_id == staff.seller_id, ReturnRequest.status.in_(statuses))
        .order_by(ReturnRequest.confirmed_at, ReturnRequest.id)
        .limit(limit)
    )
    return queue_rows(db, staff, rows)


def queue_rows(db: Session, staff: StaffUser, rows: Iterable[ReturnRequest]) -> list[QueueRow]:
    """ROWS (the store's returns) with what helps decide on each."""
    flags = damage_report.flags_by_product(db, staff.seller_id)
    untested = damage.DamageFlag(flagged=False, p_value=None)
    out = []
    for ret in rows:
        order = db.get(Order, ret.order_id)
        assert order is not None
        line = next(line for line in order.lines if line.id == ret.order_line_id)
        product = db.get(Product, ret.product_id) if ret.product_id else None
        counts = feedback.counts_for_product(db, product.id) if product else {}
        out.append(
            QueueRow(
                ret,
                order,
                line.product_title,
                line.variant_label,
                counts,
                flags.get(product.id, untested) if product else untested,
            )
        )
    return out


def _move(
    db: Session,
    ret: ReturnRequest,
    sources: Collection[ReturnStatus],
    target: ReturnStatus,
    **values: Any,
) -> bool:
    """Move RET from one of SOURCES to TARGET; False if it already is TARGET."""
    result = db.execute(
        update(ReturnRequest)
        .where(ReturnRequest.id == ret.id, ReturnRequest.status.in_(sources))
        .values(status=target, **values)
        .execution_options(synchronize_session=False)
    )
    assert isinstance(result, CursorResult)
    db.refresh(ret)
    if result.rowcount == 1:
        return True
    if ret.status is target:
        return False
    raise Conflict(f"return {ret.reference} is {ret.status.value}; it cannot become {target.value}")


def _announce(db: Session, ret: ReturnRequest, links: OrderLinks, step: str) -> None:
    order = db.get(Order, ret.order_id)
    assert order is not None
    notify.publish(db, order, ret)
    steps = requests.instructions(db, order, ret)
    extra = requests.mail_extra(steps)
    notify.email_buyer(db, order, ret, links, step, **extra)


def approve(db: Session, ret: ReturnRequest, links: OrderLinks, *, now: datetime) -> ReturnRequest:
    if _move(db, ret, (S.REQUESTED,), S.APPROVED, decided_at=now):
        _announce(db, ret, links, "approved")
    return ret


def _restock_warehouse(db: Session, order: Order) -> int | None:
    """Where a returned unit goes back on sale: the market's return warehouse (the parcel's
    address), else nowhere in particular (the unplaced units)."""
    market = markets_service.find_market(db, order.seller_id, order.market_code)
    return market.return_warehouse_id if market is not None else None


def receive(
    db: Session, ret: ReturnRequest, links: OrderLinks, *, restockable: bool, now: datetime
) -> ReturnRequest:
    """The parcel arrived: RESTOCKABLE puts its units back on sale. An exchange ends here
    (the reserved size goes out); a return with refund waits for the refund."""
    if ret.outcome is ReturnOutcome.KEEP_IT:
        raise Conflict("a keep-it return sends no parcel: refund it instead")
    exchange = ret.outcome is ReturnOutcome.EXCHANGE
    target = S.EXCHANGED if exchange else S.RECEIVED
    values: dict[str, Any] = {"received_at": now, "restockable": restockable}
    if exchange:
        values["closed_at"] = now
    if not _move(db, ret, (S.APPROVED,), target, **values):
        return ret
    if restockable:
        order = db.get(Order, ret.order_id)
        assert order is not None
        line = next(line for line in order.lines if line.id == ret.order_line_id)
        if line.variant_id is not None:
            inventory.release(db, line.variant_id, ret.quantity, _restock_warehouse(db, order))
    _announce(db, ret, links, "exchanged" if exchange else "received")
    return ret


def refund(
    db: Session,
    ret: ReturnRequest,
    links: OrderLinks,
    *,
    reference: str,
    staff_id: int | None,
    now: datetime,
    providers: Providers | None = None,
) -> ReturnRequest:
    """Refund the return's amount once: approved keep-its, received returns."""
    if ret.status is S.REFUNDED:
        return ret
    if ret.outcome is ReturnOutcome.EXCHANGE:
        raise Conflict("an exchange is not refunded: mark it received to send the new size")
    ready = (S.APPROVED,) if ret.outcome is ReturnOutcome.KEEP_IT else (S.RECEIVED,)
    if ret.status not in ready:
        wanted = " or ".join(s.value for s in ready)
        raise Conflict(f"return {ret.reference} is {ret.status.value}; refund it once {wanted}")
    order = db.get(Order, ret.order_id)
    assert order is not None
    refunding.pay(
        db,
        order,
        ret,
        links,
        ready=ready,
        reference=reference,
        staff_id=staff_id,
        now=now,
        providers=providers,
    )
    return ret


def reject(
    db: Session, ret: ReturnRequest, links: OrderLinks, *, reason: str, now: datetime
) -> ReturnRequest:
    reason = reason.strip()
    if not 1 <= len(reason) <= 500:
        raise InvalidInput("say why in 1 to 500 characters: the buyer reads it")
    if not _move(
        db,
        ret,
        (S.REQUESTED, S.APPROVED),
        S.REJECTED,
        reject_reason=reason,
        decided_at=now,
        closed_at=now,
    ):
        return ret
    if ret.outcome is ReturnOutcome.EXCHANGE and ret.exchange_variant_id is not None:
        inventory.release(db, ret.exchange_variant_id, ret.quantity, ret.exchange_warehouse_id)
    _announce(db, ret, links, "rejected")
    return ret
