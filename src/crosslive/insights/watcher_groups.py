"""Who watched each show, grouped for the credentials' conversion (What works): per store,
show, market filter (EVERY_MARKET, or a market the viewer had a session in), the market the
viewer counts in, the credential types they saw in that show and the days (UTC) they ordered
there, the number of viewers (with an identity) in that group.

A watcher of a show counts once in EVERY_MARKET, in the smallest market code of their
sessions there, with the days of all their orders in the show; and once in each market of
their sessions, with the days of their orders in the show in that market. The report adds
the groups of the shows in its scope: a viewer saw a type when it is in `seen`, and ordered
when one of `order_days` is in its date range. Both are sorted and comma-joined ('' when
none), so that a group is one row whatever order things happened in.

Distinct viewers do not add up, so the hooks (crosslive.insights.effect_hooks) recompute
the groups of each (store, show, viewer) a write touches from the raw sessions, credential
actions and orders: taken away as they are before the write, added back as they are after.
Bulk loads and `crosslive insights rebuild` recompute them all in SQL
(crosslive.insights.watcher_rebuild).
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Collection, Iterable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Connection,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from crosslive.db import Base
from crosslive.events.models import ViewerAction
from crosslive.media.models import ViewerSession
from crosslive.orders.models import Order
from crosslive.summary_rows import add_to

EVERY_MARKET = "*"
CREDENTIAL_SEEN = "credential_seen"
KEY = ("seller_id", "show_id", "market_filter", "market_code", "seen", "order_days")
BATCH = 200  # viewers per query when the hooks recompute some

Pair = tuple[int, int, str]  # store, show, viewer
Groups = Counter[tuple[Any, ...]]


class WatcherGroup(Base):
    __tablename__ = "watcher_groups"
    __table_args__ = (UniqueConstraint(*KEY, name="uq_watcher_groups_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"), index=True)
    show_id: Mapped[int] = mapped_column(ForeignKey("shows.id", ondelete="CASCADE"))
    market_filter: Mapped[str] = mapped_column(String(8))
    market_code: Mapped[str] = mapped_column(String(8))
    seen: Mapped[str] = mapped_column(Text)
    order_days: Mapped[str] = mapped_column(Text)
    viewers: Mapped[int] = mapped_column(Integer, default=0)


def day_of(at: datetime) -> date:
    return (at if at.tzinfo is None else at.astimezone(UTC)).date()


def _joined(values: Iterable[Any]) -> str:
    return ",".join(sorted({str(v) for v in values}))


class _Found:
    """What was read of some shows' viewers: sessions' markets, types seen, orders."""

    def __init__(self) -> None:
        self.markets: dict[Pair, set[str]] = {}
        self.seen: dict[Pair, set[str]] = {}
        self.orders: dict[Pair, list[tuple[str, date]]] = {}

    def groups(self) -> Groups:
        found: Groups = Counter()
        for pair, markets in self.markets.items():
            seller, show, _viewer = pair
            seen = _joined(self.seen.get(pair, ()))
            orders = self.orders.get(pair, [])
            days = _joined(day for _, day in orders)
            found[(seller, show, EVERY_MARKET, min(markets), seen, days)] += 1
            for market in markets:
                days = _joined(day for code, day in orders if code == market)
                found[(seller, show, market, market, seen, days)] += 1
        return found


def _read(conn: Connection | Session, show_id: int, viewers: Collection[str] | None) -> Groups:
    """The groups of SHOW_ID's watchers (only VIEWERS when given)."""
    s, a, o = ViewerSession, ViewerAction, Order
    sessions = select(s.seller_id, s.viewer_id, s.market_code).where(
        s.show_id == show_id, s.viewer_id.is_not(None)
    )
    actions = select(a.seller_id, a.viewer_id, a.detail).where(
        a.show_id == show_id, a.kind == CREDENTIAL_SEEN
    )
    orders = select(o.seller_id, o.viewer_id, o.market_code, o.created_at).where(
        o.show_id == show_id
    )
    if viewers is not None:
        sessions = sessions.where(s.viewer_id.in_(list(viewers)))
        actions = actions.where(a.viewer_id.in_(list(viewers)))
        orders = orders.where(o.viewer_id.in_(list(viewers)))
    found = _Found()
    for seller, viewer, market in conn.execute(sessions.execution_options(yield_per=50_000)):
        found.markets.setdefault((seller, show_id, str(viewer)), set()).add(market or "")
    for seller, viewer, detail in conn.execute(actions.execution_options(yield_per=50_000)):
        if (seller, show_id, viewer) in found.markets:
            found.seen.setdefault((seller, show_id, viewer), set()).add(detail or "")
    for seller, viewer, market, created in conn.execute(orders.execution_options(yield_per=50_000)):
        if (seller, show_id, viewer) in found.markets:
            pair = (seller, show_id, viewer)
            found.orders.setdefault(pair, []).append((market or "", day_of(created)))
    return found.groups()


def apply(conn: Connection, pairs: Iterable[tuple[int, str]], sign: int) -> None:
    """Add (SIGN 1) or take away (SIGN -1) the groups of the (show, viewer) PAIRS as they are
    in the database now. Before taking away, PostgreSQL takes a lock per pair for the rest of
    the transaction, so that another transaction writing the same viewer's show waits for
    this one and then reads what it left."""
    by_show: dict[int, set[str]] = {}
    for show_id, viewer in pairs:
        if show_id is not None and viewer is not None:
            by_show.setdefault(show_id, set()).add(viewer)
    if sign < 0 and conn.dialect.name == "postgresql":
        locks = sorted({_lock_key(show, v) for show, viewers in by_show.items() for v in viewers})
        for key in locks:
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(%(k)s)", {"k": key})
    for show_id, viewers in sorted(by_show.items()):
        ordered = sorted(viewers)
        for i in range(0, len(ordered), BATCH):
            _add(conn, _read(conn, show_id, ordered[i : i + BATCH]), sign)


def _lock_key(show_id: int, viewer: str) -> int:
    """A 64-bit lock number per show and viewer (a collision only makes one wait)."""
    return ((show_id & 0x7FFFFFFF) << 32 | zlib.crc32(viewer.encode())) - (1 << 63)


def _add(conn: Connection, groups: Groups, sign: int) -> None:
    table: Any = WatcherGroup.__table__
    for key, n in sorted(groups.items()):
        add_to(conn, table, dict(zip(KEY, key, strict=True)), {"viewers": sign * n})
