"""Write hooks that keep the What works summaries exact:

- the size advisor's (crosslive.insights.advice_days), per order: the orders the order
  summaries' hooks find touched (crosslive.insights.line_hooks), and those with a line whose
  advised size changed, are taken away as they are before a flush and added back after; the
  UPDATE and DELETE statements on orders, lines and returns likewise around the statement;
- the watchers' groups (crosslive.insights.watcher_groups), per show and viewer: those of the
  viewer sessions, orders and credential_seen actions a flush adds, deletes or moves (store,
  show, viewer, market, order day), and of the rows an UPDATE or DELETE statement on sessions
  or orders changes (before and after its new values), or an INSERT of actions adds.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, event, inspect, select
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from crosslive.events.models import ViewerAction
from crosslive.insights import advice_days, line_hooks, watcher_groups
from crosslive.media.models import ViewerSession
from crosslive.orders.models import Order, OrderLine
from crosslive.returns.models import ReturnRequest

# What a row of these is counted under, and the fields that move it.
WATCHED: dict[type[Any], tuple[str, ...]] = {
    ViewerSession: ("seller_id", "show_id", "viewer_id", "market_code"),
    Order: ("seller_id", "show_id", "viewer_id", "market_code", "created_at"),
    ViewerAction: ("seller_id", "show_id", "viewer_id", "kind", "detail"),
}
ADVICE_STATEMENTS = (Order, OrderLine, ReturnRequest)
PENDING_ORDERS = "insights_advice_orders"
PENDING_PAIRS = "insights_watcher_pairs"


def _advice_orders(db: Session, *, deleted: bool = True) -> set[int]:
    found = line_hooks.touched(db, deleted=deleted)
    for obj in db.dirty:
        if isinstance(obj, OrderLine) and inspect(obj).attrs.advised_size.history.has_changes():
            history = inspect(obj).attrs.order_id.history.deleted
            found |= {o for o in (obj.order_id, *history) if o is not None}
    return found


def _pairs(db: Session, *, deleted: bool = True) -> set[tuple[int, str]]:
    """The (show, viewer) pairs whose groups this flush may change, before and after it."""
    found: set[tuple[int, str]] = set()
    objects = [(obj, False) for obj in (*db.new, *(db.deleted if deleted else ()))]
    objects += [(obj, True) for obj in db.dirty]
    for obj, dirty in objects:
        names = WATCHED.get(type(obj))
        if names is None:
            continue
        state = inspect(obj)
        if dirty and not any(state.attrs[n].history.has_changes() for n in names):
            continue
        shows = [obj.show_id, *state.attrs.show_id.history.deleted]
        viewers = [obj.viewer_id, *state.attrs.viewer_id.history.deleted]
        found |= {(s, v) for s in shows for v in viewers if s is not None and v is not None}
    return found


@event.listens_for(Session, "before_flush")
def _before_flush(db: Session, _flush: UOWTransaction, _instances: object) -> None:
    orders, pairs = _advice_orders(db), _pairs(db)
    db.info[PENDING_ORDERS], db.info[PENDING_PAIRS] = orders, pairs
    if orders:
        advice_days.apply(db.connection(), orders, -1)
    if pairs:
        watcher_groups.apply(db.connection(), pairs, -1)


@event.listens_for(Session, "after_flush")
def _after_flush(db: Session, _flush: UOWTransaction) -> None:
    orders = db.info.pop(PENDING_ORDERS, set()) | _advice_orders(db, deleted=False)
    pairs = db.info.pop(PENDING_PAIRS, set()) | _pairs(db, deleted=False)
    if orders:
        advice_days.apply(db.connection(), orders, 1)
    if pairs:
        watcher_groups.apply(db.connection(), pairs, 1)


def _new_values(statement: Any) -> dict[str, Any]:
    """The columns an UPDATE statement sets, by name, with their new value expressions."""
    found = {}
    for key, value in dict(getattr(statement, "_values", None) or {}).items():
        name = key if isinstance(key, str) else getattr(key, "key", None)
        if name is not None:
            found[name] = value
    return found


def _statement_pairs(db: Session, state: ORMExecuteState, model: Any) -> set[tuple[int, str]]:
    """The (show, viewer) pairs of the rows STATE's statement will change, before and after."""
    where: ColumnElement[bool] | None = getattr(state.statement, "whereclause", None)
    columns = [(model.show_id, model.viewer_id)]
    if state.is_update:
        new = _new_values(state.statement)
        if not set(new) & set(WATCHED[model]):
            return set()
        columns.append((new.get("show_id", model.show_id), new.get("viewer_id", model.viewer_id)))
    found: set[tuple[int, str]] = set()
    for show, viewer in columns:
        query = select(show, viewer)
        if where is not None:
            query = query.where(where)
        found |= {(s, v) for s, v in db.connection().execute(query) if s is not None and v}
    return found


def _inserted_pairs(state: ORMExecuteState) -> set[tuple[int, str]]:
    params: Any = state.parameters
    rows: list[Any] = params if isinstance(params, list) else [params or {}]
    return {
        (r["show_id"], r["viewer_id"])
        for r in rows
        if r.get("kind") == watcher_groups.CREDENTIAL_SEEN and r.get("viewer_id") is not None
    }


@event.listens_for(Session, "do_orm_execute")
def _statement(state: ORMExecuteState) -> Any:
    if state.bind_mapper is None or not (state.is_update or state.is_delete or state.is_insert):
        return None
    model = state.bind_mapper.class_
    db = state.session
    pairs: set[tuple[int, str]] = set()
    orders: set[int] = set()
    if state.is_insert and model is not ViewerAction:
        return None
    if db.autoflush:
        db.flush()  # first, so that the statement's own autoflush is not counted twice
    if state.is_insert:
        pairs = _inserted_pairs(state)
    else:
        if model in (ViewerSession, Order):
            pairs = _statement_pairs(db, state, model)
        if model in ADVICE_STATEMENTS:
            orders = _statement_orders(db, state, model)
    if not pairs and not orders:
        return None
    conn = db.connection()
    advice_days.apply(conn, orders, -1)
    watcher_groups.apply(conn, pairs, -1)
    result = state.invoke_statement()
    if state.is_insert and getattr(state.statement, "_returning", None):
        frozen = result.freeze()  # its RETURNING rows, read by the caller after the groups move
        watcher_groups.apply(conn, pairs, 1)
        return frozen()
    advice_days.apply(conn, orders, 1)
    watcher_groups.apply(conn, pairs, 1)
    return result


def _statement_orders(db: Session, state: ORMExecuteState, model: Any) -> set[int]:
    query = select(line_hooks.ORDER_OF[model])
    where = getattr(state.statement, "whereclause", None)
    if where is not None:
        query = query.where(where)
    if db.connection().dialect.name == "postgresql":
        query = query.with_for_update()
    return {o for o in db.connection().scalars(query) if o is not None}
