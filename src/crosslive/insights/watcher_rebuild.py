"""The watcher groups (crosslive.insights.watcher_groups) recomputed from the raw sessions,
credential actions and orders by the database: one INSERT ... SELECT ... GROUP BY, the same
groups the hooks' reading (`watcher_groups._read`) works out in Python, with no row passing
through Python and no join.

`facts` is one distinct row per watcher (store, show, viewer) and thing known of them: a
market of their sessions (SESSION), a credential type they saw (SEEN), a day they ordered
(DAY), a market and day they ordered in (MARKET_DAY). The facts are sorted once, by
watcher, market, kind and value, and every window reads them in that order: over each
watcher's facts they give the smallest market of their sessions, the types seen and the
order days (SEEN and DAY facts have the market '', so these come in the order of their
values), and over each watcher's facts in one market the days of that market. Each SESSION
row then makes the group of its market, and the one in the smallest market also the `*`
group.

The joined lists are the same text as Python's `",".join(sorted(set(...)))`: each value
once (the facts are distinct), concatenated in code-point order by the window's order
(SQLite's group_concat, which before 3.44 takes no ORDER BY of its own, follows it, as does
PostgreSQL's string_agg), compared bytewise (PostgreSQL: collation "C"), as is the smallest
market."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    DateTime,
    Select,
    case,
    cast,
    delete,
    func,
    insert,
    literal,
    select,
    union,
    union_all,
)
from sqlalchemy.orm import Session

from crosslive.events.models import ViewerAction
from crosslive.insights.watcher_groups import CREDENTIAL_SEEN, EVERY_MARKET, KEY, WatcherGroup
from crosslive.media.models import ViewerSession
from crosslive.orders.models import Order
from crosslive.summary_rows import day_of, dialect_name

SESSION, SEEN, DAY, MARKET_DAY = 1, 2, 3, 4


def rebuild(db: Session, seller_id: int | None = None) -> int:
    """Recompute the groups from the sessions, credential actions and orders (of one store,
    or all) in one statement; returns how many viewers of shows were counted."""
    stmt = delete(WatcherGroup)
    db.execute(stmt if seller_id is None else stmt.where(WatcherGroup.seller_id == seller_id))
    sql = _Dialect(dialect_name(db))
    f = _facts(db, sql, seller_id).subquery("facts")
    watcher = [f.c.seller_id, f.c.show_id, f.c.viewer_id]
    # One sort of the facts serves every window: a watcher's facts by market, kind and value
    # are also, market by market, their facts of that market by kind and value.
    sort = [*watcher, f.c.market, f.c.kind, sql.bytewise(f.c.value)]

    def over(value: Any, *by: Any) -> Any:
        """VALUE over the facts of BY (the first columns of `sort`), every one, in its order."""
        return value.over(partition_by=by, order_by=sort[len(by) :], rows=(None, None))

    def joined(kind: int, *by: Any) -> Any:
        return over(sql.concat(case((f.c.kind == kind, f.c.value))), *by)

    smallest = sql.smallest(case((f.c.kind == SESSION, f.c.market)))
    lists = select(
        *watcher[:2],
        f.c.kind,
        f.c.market,
        over(smallest, *watcher).label("first"),
        joined(SEEN, *watcher).label("seen"),
        joined(DAY, *watcher).label("days"),
        joined(MARKET_DAY, *watcher, f.c.market).label("market_days"),
    ).subquery("lists")
    markets = (
        select(lists).where(lists.c.kind == SESSION).cte("markets").prefix_with("MATERIALIZED")
    )
    m = markets.c
    every = _group(m, literal(EVERY_MARKET), m.first, m.days).where(m.market == m.first)
    each = _group(m, m.market, m.market, m.market_days)
    grouped = union_all(every, each).subquery("grouped")
    key = list(grouped.c)
    groups = select(*key, func.count()).group_by(*key)
    db.execute(insert(WatcherGroup).from_select([*KEY, "viewers"], groups))
    total = select(func.coalesce(func.sum(WatcherGroup.viewers), 0))
    total = total.where(WatcherGroup.market_filter == EVERY_MARKET)
    if seller_id is not None:
        total = total.where(WatcherGroup.seller_id == seller_id)
    return int(db.scalar(total) or 0)


def _facts(db: Session, sql: _Dialect, seller_id: int | None) -> Any:
    """The distinct (seller_id, show_id, viewer_id, kind, market, value) of the watchers'
    sessions, credentials seen and orders (of one store, or all)."""
    s, a, o = ViewerSession, ViewerAction, Order
    day = sql.day_text(day_of(db, o.created_at))
    market = _or_empty(o.market_code)
    rows = [
        _fact(s, SESSION, _or_empty(s.market_code), literal(""), seller_id).where(
            s.viewer_id.is_not(None)
        ),
        _fact(a, SEEN, literal(""), _or_empty(a.detail), seller_id).where(
            a.kind == CREDENTIAL_SEEN
        ),
        _fact(o, DAY, literal(""), day, seller_id).where(o.show_id.is_not(None)),
        _fact(o, MARKET_DAY, market, day, seller_id).where(o.show_id.is_not(None)),
    ]
    return union(*rows)


def _fact(model: Any, kind: int, market: Any, value: Any, seller_id: int | None) -> Select[Any]:
    rows = select(model.seller_id, model.show_id, model.viewer_id, literal(kind).label("kind"))
    rows = rows.add_columns(market.label("market"), value.label("value"))
    return rows if seller_id is None else rows.where(model.seller_id == seller_id)


def _group(m: Any, market_filter: Any, market: Any, days: Any) -> Select[Any]:
    """The KEY of the group of each of the `markets` rows M."""
    return select(
        m.seller_id,
        m.show_id,
        market_filter.label("market_filter"),
        market.label("market_code"),
        _or_empty(m.seen).label("seen"),
        _or_empty(days).label("order_days"),
    )


class _Dialect:
    """What differs between SQLite and PostgreSQL: the joining aggregate, bytewise order,
    a day as ISO text."""

    def __init__(self, name: str) -> None:
        self.postgresql = name == "postgresql"

    def bytewise(self, value: Any) -> Any:
        return value.collate("C") if self.postgresql else value

    def smallest(self, value: Any) -> Any:
        return func.min(self.bytewise(value))

    def day_text(self, day: Any) -> Any:
        """DAY (a date) as 'YYYY-MM-DD', as Python's str() writes it."""
        return func.to_char(cast(day, DateTime), "YYYY-MM-DD") if self.postgresql else day

    def concat(self, value: Any) -> Any:
        """VALUE's values comma-joined (NULLs left out), in the window's order."""
        return (func.string_agg if self.postgresql else func.group_concat)(value, ",")


def _or_empty(value: Any) -> Any:
    return func.coalesce(value, "")
