"""The watcher groups (crosslive.insights.watcher_groups) recomputed from the raw sessions,
credential actions and orders by the database: one INSERT ... SELECT ... GROUP BY over
common table expressions, the same groups the hooks' reading (`watcher_groups._read`)
works out in Python, with no row passing through Python.

- `markets`: each watcher's (store, show, viewer with an identity) markets of sessions;
- `seen`: the credential types they saw in the show, sorted and comma-joined;
- `bought`: the (market, UTC day) of their orders in the show, joined into `days` (all
  markets, for the `*` filter) and `market_days` (per market).

The joined lists are the same text as Python's `",".join(sorted(set(...)))`: each value
once, concatenated in code-point order by a window ordered by the value (SQLite's
group_concat, which before 3.44 takes no ORDER BY of its own, follows the window's order;
PostgreSQL's string_agg the same), compared bytewise (PostgreSQL: collation "C"), as is
the smallest market of the `*` filter."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    DateTime,
    Select,
    and_,
    cast,
    delete,
    func,
    insert,
    literal,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from crosslive.events.models import ViewerAction
from crosslive.insights.watcher_groups import CREDENTIAL_SEEN, EVERY_MARKET, KEY, WatcherGroup
from crosslive.media.models import ViewerSession
from crosslive.orders.models import Order
from crosslive.shows.models import Show
from crosslive.summary_rows import day_of, dialect_name

WATCHER = ("seller_id", "show_id", "viewer_id")


def rebuild(db: Session, seller_id: int | None = None) -> int:
    """Recompute the groups from the sessions, credential actions and orders (of one store,
    or all) in one statement; returns how many viewers of shows were counted."""
    stmt = delete(WatcherGroup)
    db.execute(stmt if seller_id is None else stmt.where(WatcherGroup.seller_id == seller_id))
    sql = _Dialect(dialect_name(db))
    s, a, o = ViewerSession, ViewerAction, Order
    shows = select(Show.id)
    if seller_id is not None:
        shows = shows.where(Show.seller_id == seller_id)
    markets = _materialized(
        select(s.seller_id, s.show_id, s.viewer_id, _or_empty(s.market_code).label("market"))
        .where(s.viewer_id.is_not(None), s.show_id.in_(shows), *_of(s.seller_id, seller_id))
        .distinct(),
        "markets",
    )
    seen = _materialized(
        sql.joined(
            select(a.seller_id, a.show_id, a.viewer_id, _or_empty(a.detail).label("value"))
            .where(a.kind == CREDENTIAL_SEEN, *_of(a.seller_id, seller_id))
            .distinct(),
            WATCHER,
        ),
        "seen",
    )
    day = sql.day_text(day_of(db, o.created_at))
    bought = _materialized(
        select(o.seller_id, o.show_id, o.viewer_id, _or_empty(o.market_code).label("market"))
        .add_columns(day.label("value"))
        .where(o.show_id.is_not(None), *_of(o.seller_id, seller_id))
        .distinct(),
        "bought",
    )
    every_day = select(*(bought.c[n] for n in (*WATCHER, "value"))).distinct()
    days = sql.joined(every_day, WATCHER).cte("days")
    market_days = sql.joined(select(bought), (*WATCHER, "market")).cte("market_days")

    watchers = select(*(markets.c[n] for n in WATCHER))
    watchers = watchers.add_columns(sql.smallest(markets.c.market).label("market"))
    first = watchers.group_by(*(markets.c[n] for n in WATCHER)).cte("watchers")
    every = _groups(first, literal(EVERY_MARKET), first.c.market, seen.c.value, days.c.value)
    every = every.outerjoin(seen, _same(first, seen, WATCHER))
    every = every.outerjoin(days, _same(first, days, WATCHER))
    market = markets.c.market
    each = _groups(markets, market, market, seen.c.value, market_days.c.value)
    each = each.outerjoin(seen, _same(markets, seen, WATCHER))
    each = each.outerjoin(market_days, _same(markets, market_days, (*WATCHER, "market")))
    grouped = union_all(every, each).subquery("grouped")
    key = list(grouped.c)
    groups = select(*key, func.count()).group_by(*key)
    db.execute(insert(WatcherGroup).from_select([*KEY, "viewers"], groups))
    total = select(func.coalesce(func.sum(WatcherGroup.viewers), 0))
    total = total.where(WatcherGroup.market_filter == EVERY_MARKET)
    return int(db.scalar(total.where(*_of(WatcherGroup.seller_id, seller_id))) or 0)


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

    def joined(self, rows: Select[Any], by: tuple[str, ...]) -> Select[Any]:
        """Per BY, ROWS' distinct `value`s sorted and comma-joined (ROWS: distinct rows)."""
        found = rows.subquery()
        keys = [found.c[n] for n in by]
        concat = func.string_agg if self.postgresql else func.group_concat
        every = concat(found.c.value, ",").over(
            partition_by=keys, order_by=self.bytewise(found.c.value), rows=(None, None)
        )
        return select(*keys, every.label("value")).distinct()


def _materialized(rows: Select[Any], name: str) -> Any:
    """ROWS as a common table expression computed once (it is read twice)."""
    return rows.cte(name).prefix_with("MATERIALIZED")


def _or_empty(value: Any) -> ColumnElement[Any]:
    return func.coalesce(value, "")


def _of(column: Any, seller_id: int | None) -> list[ColumnElement[bool]]:
    return [] if seller_id is None else [column == seller_id]


def _groups(watchers: Any, market_filter: Any, market: Any, seen: Any, days: Any) -> Any:
    """The KEY of each of WATCHERS' rows (to be joined to SEEN's and DAYS' tables)."""
    return select(
        watchers.c.seller_id,
        watchers.c.show_id,
        market_filter.label("market_filter"),
        market.label("market_code"),
        _or_empty(seen).label("seen"),
        _or_empty(days).label("order_days"),
    ).select_from(watchers)


def _same(left: Any, right: Any, names: tuple[str, ...]) -> ColumnElement[bool]:
    return and_(*(left.c[n] == right.c[n] for n in names))
