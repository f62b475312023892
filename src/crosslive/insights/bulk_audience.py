"""The benchmark store's audience made by the database itself: 20 viewer sessions, 10 chat
messages and 6 viewer actions per order, from one INSERT ... SELECT per table over the
orders' numbers (`generate_series` on PostgreSQL, a recursive CTE on SQLite), with no row
passing through Python. The figures are pseudo-random but fixed: integer hashes of the
order's number and the row's index, the same on both databases.

Order N (0-based) is in show `s{N % 100}` and market MARKETS[N % 3] as
crosslive.insights.bulk_orders makes them; its buyer is viewer `v{N}` (session 0), the
others `w{N}-{k}`. Viewers 0, 1 and 2 of each order opened a product sheet, added to the
cart and started a checkout, one each, and saw a credential: a certification pushed while
they watched (0 and 2) or reviews in the trust panel (1)."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

SESSIONS = 20
MESSAGES = 10
ACTIONS = 6  # 3 viewers x (one funnel step, one credential seen)
FUNNEL = ("sheet_opened", "added_to_cart", "checkout_started")
CREDENTIALS = (("certification", "push"), ("reviews", "panel"))
DEVICES = ("desktop", "phone", "tablet")


def row_hash(salt: int) -> str:
    """A pseudo-random non-negative integer per order N and row K (64-bit safe)."""
    return f"(((n * 2654435761 + k * 40503) * {2 * salt + 1} + {salt * 7919}) % 1000003)"


def _market(codes: tuple[str, ...]) -> str:
    whens = " ".join(f"WHEN {i} THEN '{code}'" for i, code in enumerate(codes))
    return f"CASE n % {len(codes)} {whens} END"


def numbers(db: Session, first: int, count: int, per: int) -> str:
    """FROM clause of (n, k) for orders FIRST..FIRST+COUNT-1 and rows 0..PER-1."""
    last = first + count - 1
    if db.get_bind().dialect.name == "postgresql":
        return (
            f"generate_series({first}, {last}) AS o(n)"
            f" CROSS JOIN generate_series(0, {per - 1}) AS r(k)"
        )
    return (
        f"(WITH RECURSIVE o(n) AS (SELECT {first} UNION ALL SELECT n + 1 FROM o WHERE n < {last})"
        f" SELECT n FROM o) AS o"
        f" CROSS JOIN (WITH RECURSIVE r(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM r"
        f" WHERE k < {per - 1}) SELECT k FROM r) AS r"
    )


def plus_seconds(db: Session, at: str, seconds: str) -> str:
    """AT (a stored timestamp) + SECONDS (an SQL number), as the column stores it."""
    if db.get_bind().dialect.name == "postgresql":
        return f"({at} + ({seconds}) * interval '1 second')"
    # SQLite: SQLAlchemy's text form, 'YYYY-MM-DD HH:MM:SS.ffffff'.
    return f"(strftime('%Y-%m-%d %H:%M:%f', {at}, '+' || ({seconds}) || ' seconds') || '000')"


def insert_audience(
    db: Session, seller_id: int, markets: tuple[str, ...], first: int, count: int
) -> None:
    """The sessions and chat messages of orders FIRST..FIRST+COUNT-1 of store SELLER_ID."""
    market = _market(markets)
    start = plus_seconds(db, "s.scheduled_at", f"{row_hash(1)} % 3600")
    # Watch time in tenths of a second: 3000 s x u^3 (u uniform), so a quarter of the
    # sessions last under a minute and a third over 15 minutes.
    u = f"({row_hash(2)} % 1000)"
    watch_ds = f"({u} * {u} * {u} * 3 / 100000)"
    devices = " ".join(f"WHEN {i} THEN '{d}'" for i, d in enumerate(DEVICES))
    db.execute(
        text(
            "INSERT INTO viewer_sessions (seller_id, show_id, viewer_key, viewer_id, started_at,"
            " ended_at, end_reason, first_frame_ms, freezes, freeze_s, start_layer,"
            " final_layer, layer_ups, layer_downs, avg_kbps, reports, market_code, country,"
            " device, watch_s)"
            f" SELECT {seller_id}, s.id, '{seller_id}-' || n || '-' || k,"
            " CASE WHEN k = 0 THEN 'v' || n ELSE 'w' || n || '-' || k END,"
            f" {start}, {plus_seconds(db, start, f'{watch_ds} / 10.0')}, 'left',"
            f" 300 + {row_hash(3)} % 2700, {row_hash(4)} % 3, ({row_hash(5)} % 300) / 100.0, 1, 1,"
            f" {row_hash(6)} % 2, {row_hash(7)} % 2, 200 + {row_hash(8)} % 1600, 10, {market},"
            f" substr({market}, 1, 2), CASE k % 3 {devices} END, {watch_ds} / 10.0"
            f" FROM {numbers(db, first, count, SESSIONS)}"
            f" JOIN shows AS s ON s.seller_id = {seller_id} AND s.slug = 's' || (n % 100)"
        )
    )
    asked = plus_seconds(db, "s.scheduled_at", f"{row_hash(9)} % 3600")
    answered = plus_seconds(db, asked, f"5 + {row_hash(10)} % 115")
    db.execute(
        text(
            "INSERT INTO chat_messages (show_id, viewer_id, display_name, body, is_staff,"
            " is_question, created_at, answered_at)"
            " SELECT s.id, 'w' || n || '-' || k, 'W', 'hi', FALSE, k = 0,"
            f" {asked}, CASE WHEN k = 0 THEN {answered} END"
            f" FROM {numbers(db, first, count, MESSAGES)}"
            f" JOIN shows AS s ON s.seller_id = {seller_id} AND s.slug = 's' || (n % 100)"
        )
    )


def insert_actions(
    db: Session, seller_id: int, markets: tuple[str, ...], first: int, count: int
) -> None:
    """The viewer actions of orders FIRST..FIRST+COUNT-1 of store SELLER_ID: row K is viewer
    K / 2's funnel step (K even) or credential seen (K odd)."""
    viewer = "k / 2"
    steps = " ".join(f"WHEN {i} THEN '{kind}'" for i, kind in enumerate(FUNNEL))
    types = " ".join(f"WHEN {i} THEN '{kind}'" for i, (kind, _) in enumerate(CREDENTIALS))
    sources = " ".join(f"WHEN {i} THEN '{where}'" for i, (_, where) in enumerate(CREDENTIALS))
    seen = "k % 2 = 1"
    db.execute(
        text(
            "INSERT INTO viewer_actions (seller_id, show_id, viewer_id, kind, ref_id, detail,"
            " source, market_code, created_at)"
            f" SELECT {seller_id}, s.id,"
            f" CASE WHEN {viewer} = 0 THEN 'v' || n ELSE 'w' || n || '-' || ({viewer}) END,"
            f" CASE WHEN {seen} THEN 'credential_seen' ELSE CASE {viewer} {steps} END END,"
            f" CASE WHEN {seen} THEN ({viewer}) % 2 + 1 WHEN {viewer} = 0 THEN 1 ELSE 0 END,"
            f" CASE WHEN {seen} THEN CASE ({viewer}) % 2 {types} END ELSE '' END,"
            f" CASE WHEN {seen} THEN CASE ({viewer}) % 2 {sources} END ELSE '' END,"
            f" {_market(markets)}, {plus_seconds(db, 's.scheduled_at', f'{row_hash(11)} % 3600')}"
            f" FROM {numbers(db, first, count, ACTIONS)}"
            f" JOIN shows AS s ON s.seller_id = {seller_id} AND s.slug = 's' || (n % 100)"
        )
    )
