"""Orders for staff (list, read, move along the lifecycle, refund), buyers' order pages and
show counters.

Every staff function is scoped to the staff member's store (another store's order is not
found) and needs the owner role; the moves themselves are in orders.lifecycle, refunds in
orders.refunds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from crosslive import keyset
from crosslive.auth import service as auth_service
from crosslive.auth.models import Role, StaffUser
from crosslive.db import utcnow
from crosslive.errors import InvalidInput, NotFound
from crosslive.i18n import A_
from crosslive.money import format_money
from crosslive.orders import lifecycle, payments, refunds, stripe_expiry, tracking_import
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import CartAdd, Order, OrderStatus, PaymentSettings, Refund
from crosslive.orders.providers import Providers
from crosslive.orders.schemas import RevenueOut, ShowCounters
from crosslive.shows import service as shows_service

MAX_PAGE = 200
CURSOR_OR_OFFSET = A_("Page with either a cursor or an offset, not both.")
# How soon an unpaid order's hold runs out for the dashboard to call it urgent.
HOLD_ENDING = timedelta(hours=24)


@dataclass(frozen=True)
class OrdersWaiting:
    """The store's orders that wait for the owner: paid, to ship; unpaid, hold ending soon."""

    to_ship: int
    holds_ending: int


def order_by_public_id(db: Session, public_id: str) -> Order:
    order = db.scalar(select(Order).where(Order.public_id == public_id))
    if order is None:
        raise NotFound("no such order")
    return order


def status_for_viewer(db: Session, public_id: str, viewer_id: str) -> OrderStatus:
    """The status of VIEWER_ID's own order PUBLIC_ID. Another viewer's order answers as one
    that does not exist, so the answer tells nothing about anyone else's orders."""
    status = db.scalar(
        select(Order.status).where(Order.public_id == public_id, Order.viewer_id == viewer_id)
    )
    if status is None:
        raise NotFound("no such order")
    return status


@dataclass(frozen=True)
class OrderSlice:
    """One page of the staff API's order list and the cursor of the next (None at the end)."""

    orders: list[Order]
    next_cursor: str | None


def list_orders(
    db: Session,
    staff: StaffUser,
    *,
    status: OrderStatus | None = None,
    show_id: int | None = None,
    limit: int = 50,
    offset: int = 0,
    cursor: str = "",
) -> OrderSlice:
    """The store's orders, newest first by (created_at, id): the page after CURSOR (a
    crosslive.keyset cursor), else the one OFFSET orders in (deprecated: its cost grows with
    the offset). A malformed cursor, or a cursor with an offset, is refused before any read."""
    auth_service.require_role(staff, Role.OWNER)
    if cursor and offset:
        raise InvalidInput(CURSOR_OR_OFFSET)
    after = keyset.parse_cursor(cursor) if cursor else None
    query = select(Order).where(Order.seller_id == staff.seller_id)
    if status is not None:
        query = query.where(Order.status == status)
    if show_id is not None:
        query = query.where(Order.show_id == show_id)
    if after is not None:
        query = query.where(keyset.before(Order.created_at, Order.id, after))
    limit = max(1, min(limit, MAX_PAGE))
    query = query.order_by(Order.created_at.desc(), Order.id.desc())
    rows = list(db.scalars(query.limit(limit + 1).offset(max(offset, 0))))
    more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1] if rows and more else None
    return OrderSlice(rows, keyset.token(last.created_at, last.id) if last else None)


def waiting(db: Session, staff: StaffUser, now: datetime) -> OrdersWaiting:
    """Both counts in one query: paid orders not shipped yet, and unpaid orders whose hold
    runs out within HOLD_ENDING of NOW (or already has, before the expiry job ran)."""
    auth_service.require_role(staff, Role.OWNER)
    ending = (Order.status == OrderStatus.PENDING_PAYMENT) & (Order.hold_until <= now + HOLD_ENDING)
    row = db.execute(
        select(
            func.count(case((Order.status == OrderStatus.PAID, 1))),
            func.count(case((ending, 1))),
        ).where(Order.seller_id == staff.seller_id)
    ).one()
    return OrdersWaiting(to_ship=int(row[0]), holds_ending=int(row[1]))


def get_order(db: Session, staff: StaffUser, order_id: int) -> Order:
    auth_service.require_role(staff, Role.OWNER)
    order = db.scalar(select(Order).where(Order.id == order_id, Order.seller_id == staff.seller_id))
    if order is None:
        raise NotFound(f"no order {order_id}")
    return order


def mark_paid(db: Session, staff: StaffUser, order_id: int) -> Order:
    """The owner saw the money arrive (manual transfer). Again: no change."""
    order = get_order(db, staff, order_id)
    lifecycle.pay(db, order, utcnow(), staff.id)
    return order


def mark_shipped(
    db: Session,
    staff: StaffUser,
    order_id: int,
    *,
    carrier: str,
    tracking_number: str,
    links: OrderLinks,
    tracking_url: str = "",
) -> Order:
    order = get_order(db, staff, order_id)
    lifecycle.ship(
        db,
        order,
        links,
        now=utcnow(),
        carrier=carrier,
        number=tracking_number,
        url=tracking_url,
    )
    return order


def mark_delivered(
    db: Session, staff: StaffUser, order_id: int, *, links: OrderLinks, at: datetime | None = None
) -> Order:
    """The seller says the parcel arrived (at AT, default now). Again: no change."""
    order = get_order(db, staff, order_id)
    lifecycle.deliver(db, order, links, now=utcnow(), at=at)
    return order


def cancel_unpaid(db: Session, staff: StaffUser, order_id: int) -> Order:
    """Cancel an order that was never paid and put its units back on sale (and close its
    open Stripe page, so the buyer cannot pay it any more)."""
    order = get_order(db, staff, order_id)
    if lifecycle.cancel(db, order):
        stripe_expiry.schedule_close(db, order.id, utcnow())
    return order


def refund_order(
    db: Session,
    staff: StaffUser,
    order_id: int,
    *,
    amount_minor: int,
    reason: str,
    reference: str,
    key: str | None,
    links: OrderLinks,
    providers: Providers | None = None,
) -> Refund:
    order = get_order(db, staff, order_id)
    return refunds.refund(
        db,
        order,
        links,
        amount_minor=amount_minor,
        reason=reason,
        reference=reference,
        key=key,
        staff_id=staff.id,
        now=utcnow(),
        providers=providers,
    )


def import_tracking(
    db: Session, staff: StaffUser, data: bytes, links: OrderLinks
) -> tracking_import.ImportReport:
    """A CSV of shipped / delivered events, all rows or none (orders.tracking_import)."""
    auth_service.require_role(staff, Role.OWNER)
    if len(data) > tracking_import.MAX_BYTES:
        raise InvalidInput("the tracking file is larger than 1 MB; split it")
    return tracking_import.import_csv(db, staff.seller_id, data, links, utcnow())


def set_bank_instructions(db: Session, staff: StaffUser, text: str) -> PaymentSettings:
    auth_service.require_role(staff, Role.OWNER)
    row = db.scalar(select(PaymentSettings).where(PaymentSettings.seller_id == staff.seller_id))
    if row is None:
        row = PaymentSettings(seller_id=staff.seller_id)
        db.add(row)
    row.bank_instructions = text.strip()
    db.flush()
    return row


def get_bank_instructions(db: Session, staff: StaffUser) -> str:
    auth_service.require_role(staff, Role.OWNER)
    return payments.bank_instructions(db, staff.seller_id)


def show_counters(db: Session, show_id: int) -> ShowCounters:
    """Add-to-carts, orders and revenue per currency of one show (cancelled orders excluded).
    The caller checks the show belongs to the staff member's store."""
    adds = db.scalar(select(func.count(CartAdd.id)).where(CartAdd.show_id == show_id)) or 0
    placed = (Order.show_id == show_id, Order.status != OrderStatus.CANCELLED)
    count = db.scalar(select(func.count(Order.id)).where(*placed)) or 0
    rows = db.execute(
        select(Order.currency, func.sum(Order.total_minor))
        .where(*placed)
        .group_by(Order.currency)
        .order_by(Order.currency)
    ).all()
    revenue = [
        RevenueOut(currency=cur, amount_minor=int(total), display=format_money(int(total), cur))
        for cur, total in rows
    ]
    return ShowCounters(add_to_carts=int(adds), orders=int(count), revenue=revenue)


def staff_show_counters(db: Session, staff: StaffUser, show_id: int) -> ShowCounters:
    auth_service.require_role(staff, Role.OWNER, Role.HOST, Role.MODERATOR)
    show = shows_service.staff_show(db, staff, show_id)
    return show_counters(db, show.id)
