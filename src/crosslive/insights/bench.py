"""`crosslive bench insights`: a store with N orders (2 lines each, 15 % of lines returned,
20 viewer sessions, 10 chat messages and 6 viewer actions per order, 100 shows, 3 markets),
made by the database itself (crosslive.insights.bulk_orders and bulk_audience: INSERT ...
SELECT, no row passing through Python), its summaries rebuilt, then the time of each
insights page's queries."""

from __future__ import annotations

import functools
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from crosslive.auth.models import Seller
from crosslive.catalog.models import Category, Product, SizeChartRow, Variant, VariantPrice
from crosslive.fit.sizes import SizeSystem
from crosslive.insights import bulk_audience, bulk_orders
from crosslive.insights.scope import Filters, Scope
from crosslive.insights.service import REPORTS, rebuild_seller
from crosslive.markets.models import Market
from crosslive.orders.models import Order, OrderLine, Payment
from crosslive.returns.models import LaneCost
from crosslive.shows.models import Show, ShowState

SHOWS = 100
MARKETS = (("US", "USD", 4000), ("EU", "EUR", 3800), ("JP", "JPY", 6000))
PRODUCTS = 30
SIZES = ("S", "M", "L")
CHUNK = 5_000  # orders per round of INSERT ... SELECT and commit
START = datetime(2026, 1, 1, tzinfo=UTC)


def build(db: Session, orders: int, seed: int = 7, phases: dict[str, float] | None = None) -> int:
    """The store (slug bench) with ORDERS orders; returns its seller id. Commits in chunks.
    PHASES, when given, gets the seconds each part of the build took."""
    took = phases if phases is not None else {}
    clock = _Clock(took)
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
    for i in range(SHOWS):
        at = START + timedelta(days=i)
        show = Show(seller_id=seller.id, slug=f"s{i}", title=f"Show {i}",
                    scheduled_at=at, state=ShowState.ENDED, started_at=at,
                    ended_at=at + timedelta(hours=1))  # fmt: skip
        db.add(show)
    db.flush()
    db.commit()
    clock.lap("catalog")
    ids = bulk_orders.Ids(_next_id(db, Order), _next_id(db, Payment), _next_id(db, OrderLine))
    prices = [
        bulk_orders.MarketRow(m.id, m.code, m.currency, price)
        for m, (_, _, price) in zip(markets, MARKETS, strict=True)
    ]
    codes = tuple(code for code, _, _ in MARKETS)
    for first in range(0, orders, CHUNK):
        count = min(CHUNK, orders - first)
        bulk_orders.insert_orders(db, seller.id, prices, variants, ids, first, count)
        clock.lap("orders_sql")
        bulk_audience.insert_audience(db, seller.id, codes, first, count)
        clock.lap("sessions_chat_sql")
        bulk_audience.insert_actions(db, seller.id, codes, first, count)
        clock.lap("actions_sql")
        db.commit()
        clock.lap("commit")
    # The bulk inserts bypass the write hooks that keep the summaries: rebuild them once,
    # with the code of `crosslive insights rebuild`.
    rebuild_seller(db, seller.id, took)
    db.commit()
    clock.lap("rebuild_commit")
    return seller.id


class _Clock:
    """Adds the seconds since the last lap to a phase's total."""

    def __init__(self, into: dict[str, float]) -> None:
        self.into = into
        self.last = time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.into[phase] = round(self.into.get(phase, 0.0) + now - self.last, 2)
        self.last = now


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
