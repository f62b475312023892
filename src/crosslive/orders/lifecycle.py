"""An order's life after checkout, in one place.

    pending_payment -> paid -> shipped -> delivered -> closed
    pending_payment -> cancelled (by the owner, or expired unpaid)

Each move is a conditional UPDATE on the status it comes from, so two clicks, two staff or
a job and a click cannot both apply it. A move to the status the order already has changes
nothing and is not an error (marking delivered twice is one change); any other move not in
MOVES is refused with the moves the order still has. Each move is recorded in the show's
event log (when the order came from a show); shipped and delivered email the buyer.

Delivery schedules the order's closing for the end of its return window (the scheduler's
`orders.close` job, `close_when_returns_end`) and runs the app's delivered hooks (what
other domains do then, e.g. the follow-up email); the expiry of unpaid orders is
`orders.holds`. Other domains may hold the closing back (an open return does) with a close
guard; a held order is looked at again a day later. Both are `orders.hooks`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from crosslive.catalog import inventory
from crosslive.catalog.models import Variant
from crosslive.errors import Conflict, InvalidInput
from crosslive.events import service as events
from crosslive.markets import service as markets_service
from crosslive.orders import hooks, notifications, tracking
from crosslive.orders.cart import COUNTERS_CHANGED
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Order, OrderStatus, PaymentStatus
from crosslive.orders.providers import Providers
from crosslive.scheduler import service as scheduler

S = OrderStatus
MOVES: dict[OrderStatus, frozenset[OrderStatus]] = {
    S.PENDING_PAYMENT: frozenset({S.PAID, S.CANCELLED}),
    S.PAID: frozenset({S.SHIPPED}),
    S.SHIPPED: frozenset({S.DELIVERED}),
    S.DELIVERED: frozenset({S.CLOSED}),
    S.CLOSED: frozenset(),
    S.CANCELLED: frozenset(),
}
# The main line: a move to a status the order has already passed changes nothing either.
MAIN_LINE = (S.PENDING_PAYMENT, S.PAID, S.SHIPPED, S.DELIVERED, S.CLOSED)
EVENT_KIND = "order_status"
# When the order's market is gone: the Market table's own default window.
DEFAULT_RETURN_WINDOW_DAYS = 30
CLOSE = "orders.close"
CLOSE_RECHECK = timedelta(days=1)


# A kept show event: these variants' stock changed ({"variants": [{"id", "in_stock"}]}).
STOCK_CHANGED = "stock_changed"


class IllegalMove(Conflict):
    """The order cannot go from its status to the one asked for."""


def _refuse(order: Order, target: OrderStatus) -> IllegalMove:
    allowed = ", ".join(sorted(s.value for s in MOVES[order.status])) or "none (it is final)"
    return IllegalMove(
        f"order {order.id} is {order.status.value}; it cannot become {target.value} "
        f"(its next steps: {allowed})"
    )


def _reached(order: Order, target: OrderStatus) -> bool:
    if order.status is target:
        return True
    line = MAIN_LINE
    return order.status in line and target in line and line.index(order.status) > line.index(target)


def move(db: Session, order: Order, target: OrderStatus, **values: Any) -> bool:
    """Move ORDER to TARGET setting VALUES; False when it was there or past it (no change)."""
    if _reached(order, target):
        return False
    if target not in MOVES[order.status]:
        raise _refuse(order, target)
    source = order.status
    result = db.execute(
        update(Order)
        .where(Order.id == order.id, Order.status == source)
        .values(status=target, **values)
        .execution_options(synchronize_session=False)
    )
    assert isinstance(result, CursorResult)
    db.refresh(order)
    if result.rowcount != 1:  # someone else moved it first
        if _reached(order, target):
            return False
        raise _refuse(order, target)
    if order.show_id is not None:
        # No personal data: every viewer of the show may replay its log.
        events.record(db, order.show_id, EVENT_KIND, {"order_id": order.id, "status": target.value})
    return True


def pay(
    db: Session,
    order: Order,
    now: datetime,
    confirmed_by: int | None,
    payload: Mapping[str, Any] | None = None,
) -> bool:
    """Paid: by the owner (CONFIRMED_BY) or the provider's verified webhook (PAYLOAD)."""
    if not move(db, order, S.PAID, paid_at=now):
        return False
    payment = order.payments[-1] if order.payments else None
    if payment is not None and payment.status is PaymentStatus.PENDING:
        provider = Providers().for_payment(payment.provider)
        payment.status = provider.confirm(db, payment, payload or {"confirmed_by": confirmed_by})
        payment.confirmed_at = now
    db.flush()
    return True


def cancel(db: Session, order: Order, *, reason: str | None = None) -> bool:
    """Cancel an unpaid order (REASON: why, when it was not the owner) and put its units back
    on sale; the show's live viewers see them return."""
    values = {"cancel_reason": reason} if reason else {}
    if not move(db, order, S.CANCELLED, **values):
        return False
    _give_back(db, order)
    if order.show_id is not None:
        variants = [line.variant_id for line in order.lines if line.variant_id is not None]
        _announce_stock(db, order.show_id, variants)
    return True


def _announce_stock(db: Session, show_id: int, variant_ids: list[int]) -> None:
    rows = db.execute(
        select(Variant.id, Variant.stock).where(Variant.id.in_(variant_ids)).order_by(Variant.id)
    ).all()
    stock = [{"id": variant_id, "in_stock": left > 0} for variant_id, left in rows]
    if stock:
        events.record(db, show_id, STOCK_CHANGED, {"variants": stock})
    events.announce(db, show_id, COUNTERS_CHANGED, {})


def _give_back(db: Session, order: Order) -> None:
    """Put a just-cancelled order's units back on sale and close its pending payments."""
    for line in order.lines:
        if line.variant_id is not None:
            inventory.release(db, line.variant_id, line.quantity, line.warehouse_id)
    for payment in order.payments:
        if payment.status is PaymentStatus.PENDING:
            payment.status = PaymentStatus.FAILED
    db.flush()


def _check_time(order: Order, at: datetime, now: datetime, after: datetime | None) -> None:
    if at > now + timedelta(minutes=5):
        raise InvalidInput(f"order {order.id}: {at.isoformat()} is in the future")
    if after is not None and at < after:
        raise InvalidInput(f"order {order.id}: {at.isoformat()} is before {after.isoformat()}")


def _delivery_window(db: Session, order: Order, shipped: datetime) -> tuple[str, str] | None:
    market = markets_service.find_market(db, order.seller_id, order.market_code)
    promise = (
        markets_service.order_promise(market, [line.warehouse_id for line in order.lines])
        if market
        else None
    )
    if promise is None:
        return None
    first = shipped + timedelta(days=promise.days_min)
    last = shipped + timedelta(days=promise.days_max)
    return first.strftime("%Y-%m-%d"), last.strftime("%Y-%m-%d")


def ship(
    db: Session,
    order: Order,
    links: OrderLinks,
    *,
    now: datetime,
    carrier: str,
    number: str,
    url: str = "",
    at: datetime | None = None,
) -> bool:
    """Shipped with CARRIER and tracking NUMBER; the link is URL or the carrier's page."""
    at = at or now
    carrier, number = carrier.strip(), number.strip()
    link = tracking.tracking_link(carrier, number, url)
    if _reached(order, S.SHIPPED) and (carrier, number) != (order.carrier, order.tracking_number):
        raise Conflict(
            f"order {order.id} was already shipped with {order.carrier} {order.tracking_number}"
        )
    _check_time(order, at, now, order.paid_at)
    values = {"shipped_at": at, "carrier": carrier, "tracking_number": number}
    if not move(db, order, S.SHIPPED, tracking_url=link, **values):
        return False
    notifications.queue_shipped(db, order, links, _delivery_window(db, order, at))
    return True


def deliver(
    db: Session, order: Order, links: OrderLinks, *, now: datetime, at: datetime | None = None
) -> bool:
    """Delivered at AT (default now); the return window starts then and is fixed here."""
    at = at or now
    _check_time(order, at, now, order.shipped_at)
    market = markets_service.find_market(db, order.seller_id, order.market_code)
    days = market.return_window_days if market else DEFAULT_RETURN_WINDOW_DAYS
    until = at + timedelta(days=days)
    if not move(db, order, S.DELIVERED, delivered_at=at, returns_until=until):
        return False
    scheduler.schedule(db, CLOSE, until, {"order_id": order.id}, key=f"order:{order.id}")
    notifications.queue_delivered(db, order, links, until if days else None, market)
    hooks.run_delivered(db, order)
    return True


def close_when_returns_end(
    db: Session,
    payload: Mapping[str, Any],
    *,
    now: datetime,
) -> bool:
    """The `orders.close` job: close the delivered order once its return window has ended
    and no close guard (`orders.hooks`) holds it; True if it did. Run twice, or early, it
    changes nothing. A held order gets the job again CLOSE_RECHECK later."""
    order = db.get(Order, int(payload["order_id"]))
    if order is None or order.status is not S.DELIVERED:
        return False
    if order.returns_until is not None and order.returns_until > now:
        return False
    if hooks.closing_held(db, order):
        again = now + CLOSE_RECHECK
        key = f"order:{order.id}:{again.strftime('%Y-%m-%dT%H')}"
        scheduler.schedule(db, CLOSE, again, {"order_id": order.id}, key=key)
        return False
    return move(db, order, S.CLOSED, closed_at=now)
