"""Write hooks that keep the order summaries (crosslive.insights.line_days: lines, returns,
refunds, fit answers) exact: before a write that touches an order's summed figures, that
order's figures as they are in the database are taken away; after it, they are added back
as they now are.

An order is touched by a flush that adds, deletes or changes a summed field of the order
(store, day, show, market, currency, delivery), of one of its lines (variant, title,
quantity, total), of a return of one of them (line, status, quantity, reason, outcome,
refund), of one of its refunds or fit answers, or that deletes a show, market, variant or
product its lines or it point to (the database sets those to NULL or deletes the answers).
The orders and returns services move statuses with UPDATE statements (compare-and-set),
which flush events do not see: those are caught as they run (`do_orm_execute`), the rows
they will change are locked and read first (FOR UPDATE on PostgreSQL, where another
transaction may move the same row at the same time).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from crosslive.catalog.models import Product, Variant
from crosslive.fit.models import FitFeedback
from crosslive.insights import line_days
from crosslive.markets.models import Market
from crosslive.orders.models import Order, OrderLine, Refund
from crosslive.returns.models import ReturnRequest
from crosslive.shows.models import Show

FIELDS: dict[type[Any], tuple[str, ...]] = {
    Order: (
        *("seller_id", "created_at", "show_id", "market_id", "market_code", "currency"),
        *("delivered_at", "viewer_id", "status", "paid_at", "total_minor"),
    ),
    OrderLine: ("order_id", "variant_id", "product_title", "quantity", "line_total_minor"),
    ReturnRequest: (
        *("order_id", "order_line_id", "status", "quantity", "reason", "outcome"),
        "refund_minor",
    ),
    Refund: ("order_id", "amount_minor", "currency"),
    FitFeedback: ("order_line_id", "product_id", "size", "verdict", "source"),
}
# What the order of a changed row is, for the UPDATE and DELETE statements caught.
ORDER_OF: dict[type[Any], Any] = {
    Order: Order.id,
    OrderLine: OrderLine.order_id,
    ReturnRequest: ReturnRequest.order_id,
    Refund: Refund.order_id,
    FitFeedback: OrderLine.order_id,
}
PENDING = "insights_line_orders"


def _changed(obj: object, names: tuple[str, ...]) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in names)


def _values(obj: object, name: str) -> list[Any]:
    """The value of NAME now and before this flush."""
    return [getattr(obj, name), *inspect(obj).attrs[name].history.deleted]


def _parents(db: Session, obj: object) -> set[int]:
    """The orders a deleted show, market, variant or product leaves without it."""
    if isinstance(obj, Show):
        query = select(Order.id).where(Order.show_id == obj.id)
    elif isinstance(obj, Market):
        query = select(Order.id).where(Order.market_id == obj.id)
    elif isinstance(obj, Variant):
        query = select(OrderLine.order_id).where(OrderLine.variant_id == obj.id)
    elif isinstance(obj, Product):
        variants = select(Variant.id).where(Variant.product_id == obj.id)
        answers = select(FitFeedback.order_line_id).where(FitFeedback.product_id == obj.id)
        query = select(OrderLine.order_id).where(
            OrderLine.variant_id.in_(variants) | OrderLine.id.in_(answers)
        )
    else:
        return set()
    return set(db.connection().scalars(query.distinct()))


def _orders_of(db: Session, obj: Any) -> set[Any]:
    if isinstance(obj, Order):
        return {obj.id}
    if isinstance(obj, FitFeedback):
        lines = [line for line in _values(obj, "order_line_id") if line is not None]
        query = select(OrderLine.order_id).where(OrderLine.id.in_(lines))
        return set(db.connection().scalars(query))
    found = set(_values(obj, "order_id"))
    if isinstance(obj, OrderLine) and obj.order is not None:
        found.add(obj.order.id)
    return found


def touched(db: Session, *, deleted: bool = True) -> set[int]:
    """The orders whose summed figures this flush may change (those written by now); with
    DELETED False, leaving out the objects being deleted (gone after the flush)."""
    found: set[Any] = set()
    for obj in db.deleted if deleted else ():
        found |= _orders_of(db, obj) if type(obj) in FIELDS else _parents(db, obj)
    for obj in db.new:
        if type(obj) in FIELDS:
            found |= _orders_of(db, obj)
    for obj in db.dirty:
        names = FIELDS.get(type(obj))
        if names is not None and _changed(obj, names):
            found |= _orders_of(db, obj)
    found.discard(None)
    return found


@event.listens_for(Session, "before_flush")
def _before_flush(db: Session, _flush: UOWTransaction, _instances: object) -> None:
    orders = touched(db)
    db.info[PENDING] = orders
    if orders:
        line_days.apply(db.connection(), orders, -1)


@event.listens_for(Session, "after_flush")
def _after_flush(db: Session, _flush: UOWTransaction) -> None:
    orders = db.info.pop(PENDING, set()) | touched(db, deleted=False)
    if orders:
        line_days.apply(db.connection(), orders, 1)


@event.listens_for(Session, "do_orm_execute")
def _statement(state: ORMExecuteState) -> Any:
    if not (state.is_update or state.is_delete) or state.bind_mapper is None:
        return None
    column = ORDER_OF.get(state.bind_mapper.class_)
    if column is None:
        return None
    db = state.session
    if db.autoflush:
        db.flush()  # first, so that the statement's own autoflush is not counted twice
    conn = db.connection()
    query = select(column)
    if state.bind_mapper.class_ is FitFeedback:
        query = query.join(FitFeedback, FitFeedback.order_line_id == OrderLine.id)
    where = getattr(state.statement, "whereclause", None)
    if where is not None:
        query = query.where(where)
    if conn.dialect.name == "postgresql":
        query = query.with_for_update()
    orders = set(conn.scalars(query))
    orders.discard(None)
    line_days.apply(conn, orders, -1)
    result = state.invoke_statement()
    line_days.apply(conn, orders, 1)
    return result
