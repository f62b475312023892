"""Orders for staff (list, read, mark paid / shipped), buyers' order pages and show counters.

Every staff function is scoped to the staff member's store and needs the owner role;
status changes are conditional UPDATEs so two clicks cannot both apply.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from crosslive.auth import service as auth_service
from crosslive.auth.models import Role, Seller, StaffUser
from crosslive.catalog import inventory
from crosslive.db import utcnow
from crosslive.errors import Conflict, NotFound
from crosslive.money import format_money
from crosslive.orders import notifications, payments
from crosslive.orders.models import (
    CartAdd,
    Order,
    OrderStatus,
    PaymentSettings,
    PaymentStatus,
)
from crosslive.orders.schemas import RevenueOut, ShowCounters
from crosslive.shows import service as shows_service

MAX_PAGE = 200


def order_by_public_id(db: Session, public_id: str) -> Order:
    order = db.scalar(select(Order).where(Order.public_id == public_id))
    if order is None:
        raise NotFound("no such order")
    return order


def list_orders(
    db: Session,
    staff: StaffUser,
    *,
    status: OrderStatus | None = None,
    show_id: int | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[Order]:
    auth_service.require_role(staff, Role.OWNER)
    query = select(Order).where(Order.seller_id == staff.seller_id)
    if status is not None:
        query = query.where(Order.status == status)
    if show_id is not None:
        query = query.where(Order.show_id == show_id)
    limit = max(1, min(limit, MAX_PAGE))
    return list(db.scalars(query.order_by(Order.id.desc()).limit(limit).offset(max(offset, 0))))


def get_order(db: Session, staff: StaffUser, order_id: int) -> Order:
    auth_service.require_role(staff, Role.OWNER)
    order = db.scalar(select(Order).where(Order.id == order_id, Order.seller_id == staff.seller_id))
    if order is None:
        raise NotFound(f"no order {order_id}")
    return order


def _transition(
    db: Session, order: Order, source: OrderStatus, target: OrderStatus, **values: Any
) -> None:
    result = db.execute(
        update(Order)
        .where(Order.id == order.id, Order.status == source)
        .values(status=target, **values)
        .execution_options(synchronize_session=False)
    )
    assert isinstance(result, CursorResult)
    if result.rowcount != 1:
        db.refresh(order)
        raise Conflict(f"order {order.id} is {order.status.value}, not {source.value}")
    db.refresh(order)


def mark_paid(db: Session, staff: StaffUser, order_id: int) -> Order:
    """The owner saw the money arrive (manual transfer)."""
    order = get_order(db, staff, order_id)
    _transition(db, order, OrderStatus.PENDING_PAYMENT, OrderStatus.PAID, paid_at=utcnow())
    payment = order.payments[-1] if order.payments else None
    if payment is not None and payment.status is PaymentStatus.PENDING:
        provider = payments.provider_for(payment.provider)
        payment.status = provider.confirm(db, payment, {"confirmed_by": staff.id})
        payment.confirmed_at = utcnow()
    db.flush()
    return order


def mark_shipped(
    db: Session,
    staff: StaffUser,
    order_id: int,
    *,
    carrier: str,
    tracking_number: str,
    base_url: str,
) -> Order:
    order = get_order(db, staff, order_id)
    _transition(
        db,
        order,
        OrderStatus.PAID,
        OrderStatus.SHIPPED,
        shipped_at=utcnow(),
        carrier=carrier.strip(),
        tracking_number=tracking_number.strip(),
    )
    store = db.get(Seller, order.seller_id)
    notifications.queue_shipped(
        db, order, store_name=store.name if store else "crosslive", base_url=base_url
    )
    db.flush()
    return order


def cancel_unpaid(db: Session, staff: StaffUser, order_id: int) -> Order:
    """Cancel an order that was never paid and put its units back on sale."""
    order = get_order(db, staff, order_id)
    _transition(db, order, OrderStatus.PENDING_PAYMENT, OrderStatus.CANCELLED)
    give_back(db, order)
    return order


def give_back(db: Session, order: Order) -> list[int]:
    """Put a just-cancelled order's units back on sale and close its pending payments;
    returns the variants whose stock came back."""
    variants: list[int] = []
    for line in order.lines:
        if line.variant_id is not None:
            inventory.release(db, line.variant_id, line.quantity)
            variants.append(line.variant_id)
    for payment in order.payments:
        if payment.status is PaymentStatus.PENDING:
            payment.status = PaymentStatus.FAILED
    db.flush()
    return variants


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
