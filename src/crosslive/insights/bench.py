"""`crosslive bench insights`: a store with N orders (2 lines each, 15 % of lines returned,
20 viewer sessions and 10 chat messages per order, 100 shows, 3 markets), bulk-inserted (the
sessions and chat messages made by the database itself, crosslive.insights.bulk_audience),
then the time of each insights page's queries."""

from __future__ import annotations

import functools
import random
import statistics
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from crosslive.auth.models import Seller
from crosslive.catalog.models import Category, Product, SizeChartRow, Variant, VariantPrice
from crosslive.events.models import ViewerAction
from crosslive.fit.sizes import SizeSystem
from crosslive.insights import bulk, bulk_audience
from crosslive.insights.scope import Filters, Scope
from crosslive.insights.service import REPORTS, rebuild_seller
from crosslive.markets.models import Market
from crosslive.orders.models import Order, OrderLine, OrderStatus, Payment, Refund
from crosslive.returns.models import (
    LaneCost,
    ReturnOutcome,
    ReturnReason,
    ReturnRequest,
    ReturnStatus,
)
from crosslive.shows.models import Show, ShowState
from crosslive.trust.models import CredentialType

SHOWS = 100
MARKETS = (("US", "USD", 4000), ("EU", "EUR", 3800), ("JP", "JPY", 6000))
PRODUCTS = 30
SIZES = ("S", "M", "L")
CHUNK = 20_000
START = datetime(2026, 1, 1, tzinfo=UTC)
DEVICES = ("desktop", "phone", "tablet")
OUTCOMES = (ReturnOutcome.RETURN_REFUND, ReturnOutcome.EXCHANGE, ReturnOutcome.KEEP_IT)
REASONS = tuple(ReturnReason)
CREDENTIALS = (CredentialType.CERTIFICATION, CredentialType.REVIEWS)


def build(db: Session, orders: int, seed: int = 7) -> int:
    """The store (slug bench) with ORDERS orders; returns its seller id. Commits in chunks."""
    rng = random.Random(seed)
    seller = Seller(slug=f"bench-{seed}-{orders}", name="Bench store")
    db.add(seller)
    db.flush()
    markets = []
    for code, currency, _ in MARKETS:
        market = Market(
            seller_id=seller.id,
            code=code,
            name=code,
            currency=currency,
            size_system=SizeSystem.US if code == "US" else SizeSystem.EU,
        )
        db.add(market)
        db.flush()
        db.add(LaneCost(seller_id=seller.id, market_id=market.id, outbound_minor=500,
                        return_shipping_minor=800, handling_minor=200))  # fmt: skip
        markets.append(market)
    variants = _catalog(db, seller.id)
    shows = []
    for i in range(SHOWS):
        at = START + timedelta(days=i)
        show = Show(seller_id=seller.id, slug=f"s{i}", title=f"Show {i}",
                    scheduled_at=at, state=ShowState.ENDED, started_at=at,
                    ended_at=at + timedelta(hours=1))  # fmt: skip
        db.add(show)
        shows.append(show)
    db.flush()
    db.commit()
    ids = [s.id for s in shows]
    counters = {
        "line": _next_id(db, OrderLine),
        "order": _next_id(db, Order),
        "payment": _next_id(db, Payment),
    }
    for first in range(0, orders, CHUNK // 20):
        count = min(CHUNK // 20, orders - first)
        _orders(db, rng, seller.id, markets, variants, ids, first, count, counters)
        db.commit()
    # The bulk inserts bypass the write hooks that keep the summaries: rebuild them once,
    # with the code of `crosslive insights rebuild`.
    rebuild_seller(db, seller.id)
    db.commit()
    return seller.id


def _next_id(db: Session, model: Any) -> int:
    return int(db.scalar(select(text("coalesce(max(id), 0)")).select_from(model)) or 0) + 1


def _catalog(db: Session, seller_id: int) -> list[tuple[int, str, int]]:
    variants = []
    categories = list(Category)
    for p in range(PRODUCTS):
        category = categories[p % len(categories)]
        product = Product(seller_id=seller_id, handle=f"p{p}", title=f"Product {p}",
                          category=category, option_names=["Size"])  # fmt: skip
        db.add(product)
        db.flush()
        for position, size in enumerate(SIZES, start=1):
            if p % 2 == 0:
                db.add(SizeChartRow(product_id=product.id, size_label=size, position=position,
                                    measurements_cm={"chest": 90 + 6 * position}))  # fmt: skip
            variant = Variant(product_id=product.id, seller_id=seller_id, option1=size,
                              sku=f"p{p}-{size}", stock=1000)  # fmt: skip
            db.add(variant)
            db.flush()
            for _, currency, price in MARKETS:
                db.add(VariantPrice(variant_id=variant.id, currency=currency, amount_minor=price,
                                    unit_cost_minor=price // 3))  # fmt: skip
            variants.append((variant.id, size, product.id))
    db.flush()
    return variants


def _orders(
    db: Session,
    rng: random.Random,
    seller_id: int,
    markets: list[Market],
    variants: list[tuple[int, str, int]],
    shows: list[int],
    first: int,
    count: int,
    ids: dict[str, int],
) -> None:
    rows: dict[Any, list[dict[str, Any]]] = {
        m: [] for m in (Order, OrderLine, Payment, ReturnRequest, Refund, ViewerAction)
    }
    for n in range(first, first + count):
        order_id = ids["order"] + n
        show_index = n % SHOWS
        show_id, market = shows[show_index], markets[n % len(markets)]
        at = START + timedelta(days=show_index, minutes=rng.randrange(60))
        viewer = f"v{n}"
        closed = rng.random() < 0.7
        lines = [rng.choice(variants) for _ in range(2)]
        price = MARKETS[n % len(MARKETS)][2]
        rows[Order].append({
            "id": order_id, "public_id": f"b{order_id}", "seller_id": seller_id, "show_id": show_id,
            "market_id": market.id, "market_code": market.code, "viewer_id": viewer,
            "currency": market.currency, "subtotal_minor": 2 * price, "total_minor": 2 * price,
            "status": OrderStatus.CLOSED if closed else OrderStatus.DELIVERED, "email": "b@x.test",
            "name": "B", "address_line1": "1 Road", "city": "Town", "country": market.code[:2],
            "created_at": at, "paid_at": at, "delivered_at": at + timedelta(days=5),
            "closed_at": at + timedelta(days=40) if closed else None,
        })  # fmt: skip
        payment_id = ids["payment"] + n
        rows[Payment].append({"id": payment_id, "order_id": order_id, "provider": "manual",
                              "reference": f"p{order_id}", "amount_minor": 2 * price,
                              "currency": market.currency})  # fmt: skip
        for k, (variant_id, size, product_id) in enumerate(lines):
            line_id = ids["line"] + 2 * n + k
            advised = rng.choice((None, size, "M"))
            rows[OrderLine].append({
                "id": line_id, "order_id": order_id, "variant_id": variant_id,
                "product_title": "P", "variant_label": size, "sku": "", "unit_price_minor": price,
                "quantity": 1, "line_total_minor": price, "advised_size": advised,
            })  # fmt: skip
            if rng.random() < 0.15:
                outcome = rng.choice(OUTCOMES)
                refund = 0 if outcome == ReturnOutcome.EXCHANGE else price
                rows[ReturnRequest].append({
                    "seller_id": seller_id, "order_id": order_id, "order_line_id": line_id,
                    "product_id": product_id, "reference": f"r{line_id}",
                    "reason": rng.choice(REASONS), "quantity": 1, "status": ReturnStatus.REFUNDED,
                    "outcome": outcome, "refund_minor": refund, "currency": market.currency,
                })  # fmt: skip
                if refund:
                    rows[Refund].append({"order_id": order_id, "payment_id": payment_id,
                                         "amount_minor": refund, "currency": market.currency,
                                         "idempotency_key": f"k{line_id}"})  # fmt: skip
        _audience(rng, rows, seller_id, show_id, market.code, at, n)
    for model, batch in rows.items():
        for part in _chunks(batch):
            bulk.insert_rows(db, model, part)
    codes = tuple(code for code, _, _ in MARKETS)
    bulk_audience.insert_audience(db, seller_id, codes, first, count)


def _audience(
    rng: random.Random,
    rows: dict[Any, list[dict[str, Any]]],
    seller_id: int,
    show_id: int,
    market: str,
    at: datetime,
    n: int,
) -> None:
    """A few actions for order N's show (its sessions and chat messages are made in SQL)."""
    for k in range(3):
        viewer = f"v{n}" if k == 0 else f"w{n}-{k}"
        start = at + timedelta(seconds=rng.randrange(3600))
        kinds = ("sheet_opened", "added_to_cart", "checkout_started")
        credential = CREDENTIALS[k % 2]
        for kind, ref, detail, source in (
            (kinds[k], k + 1 if k == 0 else 0, "", ""),
            ("credential_seen", k % 2 + 1, credential.value, ("push", "panel")[k % 2]),
        ):
            rows[ViewerAction].append({
                "seller_id": seller_id, "show_id": show_id, "viewer_id": viewer, "kind": kind,
                "ref_id": ref, "detail": detail, "source": source, "market_code": market,
                "created_at": start,
            })  # fmt: skip


def _chunks(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), CHUNK):
        yield rows[i : i + CHUNK]


def measure(
    db: Session, seller_id: int, repeat: int, show_id: int | None = None
) -> dict[str, dict[str, float]]:
    """p50 and p95 (ms) of each page's queries, REPEAT times each; with SHOW_ID also each
    page filtered to that show."""
    pages: dict[str, Callable[[], object]] = {}
    for name, build_report in REPORTS.items():
        scope = Scope(seller_id, None, Filters())
        pages[name] = functools.partial(build_report, db, scope)
        if show_id is not None:
            one = Scope(seller_id, None, Filters(show_id=show_id))
            pages[f"{name}?show"] = functools.partial(build_report, db, one)
    result = {}
    for name, page in pages.items():
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            page()
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, max(0, round(0.95 * len(times)) - 1))]
        result[name] = {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(p95, 1)}
    return result
