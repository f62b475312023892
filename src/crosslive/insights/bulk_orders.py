"""The benchmark store's orders made by the database itself: per order a payment and 2 lines,
15 % of the lines returned (refunded, exchanged or kept), a refund per return that pays
money back, from one INSERT ... SELECT per table over the orders' numbers (as
crosslive.insights.bulk_audience makes their audience), with no row passing through Python.
The figures are pseudo-random but fixed and the same on both databases.

Order N (0-based) has id FIRST_ID + N, is in show `s{N % 100}` and market N % 3 of MARKETS,
placed by viewer `v{N}` in the show's first hour; 70 % of the orders are closed (their return
window over), the others delivered. Enums are stored by name, as SQLAlchemy stores them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from crosslive.insights.bulk_audience import numbers, plus_seconds, row_hash
from crosslive.returns.models import ReturnOutcome, ReturnReason

OUTCOMES = (ReturnOutcome.RETURN_REFUND, ReturnOutcome.EXCHANGE, ReturnOutcome.KEEP_IT)
RETURNED_PERCENT = 15
CLOSED_PERCENT = 70
DAY_S = 86_400


@dataclass(frozen=True)
class MarketRow:
    id: int
    code: str
    currency: str
    price_minor: int  # every variant's price there


@dataclass(frozen=True)
class Ids:
    """The first order, payment and line id of the build (ids are given, as COPY gives them)."""

    order: int
    payment: int
    line: int


def _pick(index: str, values: Sequence[object]) -> str:
    """CASE INDEX WHEN 0 THEN VALUES[0] ... END (numbers as they are, text quoted)."""
    whens = " ".join(f"WHEN {i} THEN {_sql(v)}" for i, v in enumerate(values))
    return f"CASE {index} {whens} END"


def _sql(value: object) -> str:
    return str(value) if isinstance(value, int) else f"'{value}'"


def insert_orders(
    db: Session,
    seller_id: int,
    markets: Sequence[MarketRow],
    variants: Sequence[tuple[int, str, int]],
    ids: Ids,
    first: int,
    count: int,
) -> None:
    """Orders FIRST..FIRST+COUNT-1 of store SELLER_ID with their payments, lines, returns and
    refunds; VARIANTS: (variant id, size, product id) to pick the lines' variants from."""
    m = f"(n % {len(markets)})"
    price = _pick(m, [x.price_minor for x in markets])
    currency = _pick(m, [x.currency for x in markets])
    code = _pick(m, [x.code for x in markets])
    at = plus_seconds(db, "s.scheduled_at", f"60 * ({row_hash(1)} % 60)")
    closed = f"({row_hash(2)} % 100 < {CLOSED_PERCENT})"
    show = f"JOIN shows AS s ON s.seller_id = {seller_id} AND s.slug = 's' || (n % 100)"
    db.execute(
        text(
            "INSERT INTO orders (id, public_id, seller_id, show_id, market_id, market_code,"
            " viewer_id, currency, subtotal_minor, shipping_minor, total_minor, status, email,"
            " name, address_line1, address_line2, city, region, postal_code, country, carrier,"
            " tracking_number, tracking_url, cancel_reason, created_at, paid_at, delivered_at,"
            " closed_at)"
            f" SELECT {ids.order} + n, 'b' || ({ids.order} + n), {seller_id}, s.id,"
            f" {_pick(m, [x.id for x in markets])}, {code}, 'v' || n, {currency},"
            f" 2 * {price}, 0, 2 * {price},"
            f" CASE WHEN {closed} THEN 'CLOSED' ELSE 'DELIVERED' END, 'b@x.test', 'B', '1 Road',"
            f" '', 'Town', '', '', substr({code}, 1, 2), '', '', '', '', {at}, {at},"
            f" {plus_seconds(db, at, str(5 * DAY_S))},"
            f" CASE WHEN {closed} THEN {plus_seconds(db, at, str(40 * DAY_S))} END"
            f" FROM {numbers(db, first, count, 1)} {show}"
        )
    )
    order_id = f"{ids.order} + n"
    mine = f"o.id BETWEEN {ids.order + first} AND {ids.order + first + count - 1}"
    db.execute(
        text(
            "INSERT INTO payments (id, order_id, provider, reference, amount_minor, currency,"
            " status, instructions, details, created_at)"
            f" SELECT {ids.payment} + o.id - {ids.order}, o.id, 'manual', 'p' || o.id,"
            f" o.total_minor, o.currency, 'PENDING', '', '{{}}', o.created_at"
            f" FROM orders AS o WHERE {mine}"
        )
    )
    pick = f"({row_hash(3)} % {len(variants)})"
    advice = f"({row_hash(4)} % 3)"
    db.execute(
        text(
            "INSERT INTO order_lines (id, order_id, variant_id, product_title, variant_label,"
            " sku, unit_price_minor, quantity, line_total_minor, advised_size)"
            f" SELECT {ids.line} + 2 * n + k, {order_id}, {_pick(pick, [v[0] for v in variants])},"
            f" 'P', {_pick(pick, [v[1] for v in variants])}, '', {price}, 1, {price},"
            f" CASE {advice} WHEN 1 THEN {_pick(pick, [v[1] for v in variants])}"
            " WHEN 2 THEN 'M' END"
            f" FROM {numbers(db, first, count, 2)}"
        )
    )
    _returns(db, seller_id, mine)


def _returns(db: Session, seller_id: int, mine: str) -> None:
    """RETURNED_PERCENT of the lines of the orders MINE selects (as `o`), and the refunds."""
    line = "l.id"
    h = f"(({line} * 2654435761 + 40503) % 1000003)"
    outcome = _pick(f"(({h} / 100) % {len(OUTCOMES)})", [o.name for o in OUTCOMES])
    reason = _pick(f"(({h} / 300) % {len(ReturnReason)})", [r.name for r in ReturnReason])
    db.execute(
        text(
            "INSERT INTO return_requests (seller_id, order_id, order_line_id, product_id,"
            " reference, reason, note, photos, quantity, status, outcome, refund_minor,"
            " currency, exchange_label, reject_reason, created_at)"
            f" SELECT {seller_id}, o.id, l.id, v.product_id, 'r' || l.id, {reason}, '', '[]',"
            f" 1, 'REFUNDED', {outcome}, CASE WHEN {outcome} = 'EXCHANGE' THEN 0"
            " ELSE l.unit_price_minor END, o.currency, '', '', o.delivered_at"
            " FROM order_lines AS l JOIN orders AS o ON o.id = l.order_id"
            " JOIN variants AS v ON v.id = l.variant_id"
            f" WHERE {mine} AND {h} % 100 < {RETURNED_PERCENT}"
        )
    )
    db.execute(
        text(
            "INSERT INTO refunds (order_id, payment_id, amount_minor, currency, reason,"
            " reference, idempotency_key, created_at)"
            " SELECT r.order_id, p.id, r.refund_minor, r.currency, '', '', 'k' || r.order_line_id,"
            " r.created_at FROM return_requests AS r JOIN orders AS o ON o.id = r.order_id"
            " JOIN payments AS p ON p.order_id = o.id"
            f" WHERE {mine} AND r.refund_minor > 0"
        )
    )
