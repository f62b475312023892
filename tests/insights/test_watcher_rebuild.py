"""The watcher groups' rebuild (crosslive.insights.watcher_rebuild, in SQL) gives exactly the
groups the write hooks keep, on the edges of a group: a viewer in two markets (two groups,
the `*` one in the smaller market), types seen in reverse order, several orders a day, an
order in a market the viewer had no session in, a session before markets were recorded
(market ''), a session across midnight with orders on both sides of it (one written with a
+02:00 offset), anonymous sessions, viewers who ordered or saw a credential without a
session, a show with no sessions, another store's viewer of the same id. And the statement sorts the
watchers' facts once for all its windows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction
from crosslive.events.actions import Action, ActionKind, record
from crosslive.insights import watcher_rebuild
from crosslive.insights.watcher_groups import WatcherGroup
from crosslive.markets.models import Market
from crosslive.media.models import ViewerSession
from crosslive.orders.models import OrderStatus
from tests.chat.factories import make_other_store
from tests.insights.audience_scenario import add_session
from tests.insights.scenario import _market, _order, _show

NIGHT = datetime(2026, 3, 2, 23, 50, tzinfo=UTC)  # the Night show's session crosses midnight
ALL = "2026-03-02,2026-03-03,2026-03-04"
# (show, market filter, market, seen, order days, viewers) of the first store
EXPECTED = [
    ("spring", "*", "", "", "2026-03-02", 1),  # b: a session with no market, a US order
    ("spring", "*", "EU", "certification,reviews", ALL, 1),  # a: EU < US, every order
    ("spring", "*", "US", "", "", 2),  # c and d
    ("spring", "", "", "", "", 1),  # b's order is not in market ''
    ("spring", "EU", "EU", "certification,reviews", "2026-03-03", 1),
    ("spring", "US", "US", "", "", 2),
    ("spring", "US", "US", "certification,reviews", "2026-03-02", 1),
    ("night", "*", "EU", "", "2026-03-02,2026-03-03", 1),  # e: 23:59:59.999999 and 00:00
    ("night", "*", "US", "", "", 1),  # f: what f did in the Spring show does not count here
    ("night", "EU", "EU", "", "2026-03-02", 1),
    ("night", "US", "US", "", "", 1),
]


def _session(db: Session, seller_id: int, show_id: int, viewer: str, market: str) -> None:
    add_session(db, seller_id, show_id, viewer, market, "", "phone", 0, 60.0, 500, 0, 0.0, 1.0,
                (0, 0))  # fmt: skip


def _seen(db: Session, seller_id: int, show_id: int, viewer: str, *types: str) -> None:
    for ref, kind in enumerate(types, start=1):  # one request each, in this order
        seen = Action(ActionKind.CREDENTIAL_SEEN, ref, kind, "panel")
        record(db, seller_id=seller_id, show_id=show_id, viewer_id=viewer, market_code="US",
               actions=[seen])  # fmt: skip
        db.flush()


def _bought(db: Session, seller_id: int, show_id: int, viewer: str, market: Market,
            at: datetime) -> None:  # fmt: skip
    order = _order(db, seller_id, show_id, market, OrderStatus.PENDING_PAYMENT, [])
    order.viewer_id, order.created_at = viewer, at
    db.flush()


def _build(factory: sessionmaker[Session], seller_id: int, rival_id: int) -> dict[str, int]:
    day = datetime(2026, 3, 2, 12, tzinfo=UTC)
    with transaction(factory) as db:
        us, eu = _market(db, seller_id, "US", "USD"), _market(db, seller_id, "EU", "EUR")
        jp = _market(db, seller_id, "JP", "JPY")
        shows = {name: _show(db, seller_id, name, name, None) for name in ("spring", "night")}
        shows["empty"] = _show(db, seller_id, "empty", "Empty", None)
        spring, night = shows["spring"], shows["night"]
        for viewer, market in (("a", "US"), ("a", "EU"), ("a", "US"), ("b", ""), ("c", "US")):
            _session(db, seller_id, spring, viewer, market)
        _session(db, seller_id, spring, "d", "US")
        db.add(ViewerSession(seller_id=seller_id, show_id=spring, viewer_key="anon",
                             viewer_id=None, market_code="US"))  # fmt: skip
        _seen(db, seller_id, spring, "a", "reviews", "certification")
        _seen(db, seller_id, spring, "f", "certification")  # no session in this show
        for market, days in ((eu, 1), (us, 0), (jp, 2), (eu, 1)):
            _bought(db, seller_id, spring, "a", market, day + timedelta(days=days))
        _bought(db, seller_id, spring, "b", us, day)
        _bought(db, seller_id, spring, "f", us, day)
        add_session(
            db, seller_id, night, "e", "EU", "FR", "phone", 42_600, 1800.0, 500, 0, 0.0, 1.0, (0, 0)
        )  # fmt: skip  (23:50 to 00:20)
        _session(db, seller_id, night, "f", "US")
        plus_two = timezone(timedelta(hours=2))
        for market, at in (
            (eu, NIGHT + timedelta(minutes=9, seconds=59, microseconds=999_999)),
            (eu, datetime(2026, 3, 3, 1, 0, tzinfo=plus_two)),  # 23:00 UTC on the 2nd
            (us, datetime(2026, 3, 3, 0, 0, tzinfo=UTC)),
        ):
            _bought(db, seller_id, night, "e", market, at)
        _seen(db, seller_id, shows["empty"], "a", "reviews")
        _bought(db, seller_id, shows["empty"], "a", us, day)
        shows["rival"] = _show(db, rival_id, "rival", "Rival", None)
        _session(db, rival_id, shows["rival"], "a", "JP")
        _bought(db, rival_id, shows["rival"], "a", _market(db, rival_id, "JP", "JPY"), day)
    return shows


def _groups(db: Session) -> list[tuple[Any, ...]]:
    g = WatcherGroup
    rows = db.execute(
        select(g.seller_id, g.show_id, g.market_filter, g.market_code, g.seen, g.order_days)
        .add_columns(g.viewers)
        .where(g.viewers != 0)
    )
    return sorted(tuple(r) for r in rows)


def test_the_rebuild_gives_the_groups_the_hooks_keep_on_their_edges(
    session_factory: sessionmaker[Session], owner: dict[str, str | int]
) -> None:
    seller_id = int(owner["seller_id"])
    rival_id = int(make_other_store(session_factory)["seller_id"])
    shows = _build(session_factory, seller_id, rival_id)
    with transaction(session_factory) as db:
        kept = _groups(db)
    rival = [r for r in kept if r[0] == rival_id]
    assert rival == [(rival_id, shows["rival"], f, "JP", "", "2026-03-02", 1) for f in ("*", "JP")]
    expected = sorted((seller_id, shows[show], *rest) for show, *rest in EXPECTED)
    assert [r for r in kept if r[0] == seller_id] == expected
    with transaction(session_factory) as db:
        stale = dict(seller_id=seller_id, show_id=shows["empty"], market_filter="*")
        db.add(WatcherGroup(**stale, market_code="US", seen="", order_days="", viewers=3))
    with transaction(session_factory) as db:
        assert watcher_rebuild.rebuild(db, seller_id) == 6  # a, b, c, d; e, f
    with transaction(session_factory) as db:
        assert _groups(db) == kept
        assert watcher_rebuild.rebuild(db) == 7
    with transaction(session_factory) as db:
        assert _groups(db) == kept


def _plan(db: Session, statement: str, parameters: Any) -> list[str]:
    """The query plan of STATEMENT: SQLite's EXPLAIN QUERY PLAN details, PostgreSQL's lines."""
    conn = db.connection()
    if conn.dialect.name == "postgresql":
        rows = conn.exec_driver_sql(f"EXPLAIN (COSTS OFF) {statement}", parameters)
        return [row[0] for row in rows]
    return [row[3] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)]


def _rebuild_statement(db: Session, seller_id: int) -> tuple[str, Any]:
    """The one INSERT ... SELECT the rebuild of SELLER_ID's groups runs, and its parameters."""
    inserts: list[tuple[str, Any]] = []

    def keep(_c: Any, _r: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().startswith("WITH"):
            inserts.append((statement, parameters))

    bind = db.get_bind()
    event.listen(bind, "before_cursor_execute", keep)
    try:
        watcher_rebuild.rebuild(db, seller_id)
    finally:
        event.remove(bind, "before_cursor_execute", keep)
    [found] = inserts
    return found


def test_the_rebuild_sorts_the_facts_once_for_all_its_windows(
    session_factory: sessionmaker[Session], owner: dict[str, str | int]
) -> None:
    seller_id = int(owner["seller_id"])
    _build(session_factory, seller_id, int(make_other_store(session_factory)["seller_id"]))
    with transaction(session_factory) as db:
        plan = _plan(db, *_rebuild_statement(db, seller_id))
    if db.get_bind().dialect.name == "postgresql":  # each window's sort names the watcher
        sorts = [line for line in plan if "Sort Key:" in line and "facts.viewer_id" in line]
        assert len(sorts) == 1, plan
    else:  # the distinct facts, the windows' one sort, the groups
        sorts = [line for line in plan if line.startswith(("USE TEMP B-TREE", "UNION USING"))]
        assert sorts == ["UNION USING TEMP B-TREE"] * 3 + [
            "USE TEMP B-TREE FOR ORDER BY",
            "USE TEMP B-TREE FOR GROUP BY",
        ], plan


def test_the_rebuild_reads_the_stores_credentials_seen_from_an_index(
    session_factory: sessionmaker[Session], owner: dict[str, str | int]
) -> None:
    """The credentials seen come from one range of ix_viewer_actions_seller_kind, which holds
    every column they need, not from a scan of every store's viewer actions. PostgreSQL picks
    a scan of a table this small whatever its indexes: there the test forbids sequential
    scans, and the index must still be the one that serves the read."""
    seller_id = int(owner["seller_id"])
    _build(session_factory, seller_id, int(make_other_store(session_factory)["seller_id"]))
    with transaction(session_factory) as db:
        statement, parameters = _rebuild_statement(db, seller_id)
        postgresql = db.get_bind().dialect.name == "postgresql"
        if postgresql:
            db.connection().exec_driver_sql("SET LOCAL enable_seqscan = off")
        plan = _plan(db, statement, parameters)
    if postgresql:
        reads = [line.strip() for line in plan if line.strip().endswith("on viewer_actions")]
        assert reads == [
            "->  Index Only Scan using ix_viewer_actions_seller_kind on viewer_actions"
        ], plan
    else:
        reads = [line for line in plan if "viewer_actions" in line]
        assert reads == [
            "SEARCH viewer_actions USING COVERING INDEX ix_viewer_actions_seller_kind"
            " (seller_id=? AND kind=?)"
        ], plan
