"""Which products come back "damaged in transit" more often than their category's others, and
how to pack them (returns.damage's test, returns.packaging's advice).

The counts come from a `ReturnCountsSource`: per product, how many returns and how many of
them said "damaged in transit". `TableReturnCounts` counts the rows of a returns table (one
row per returned product); an app that records no returns yet has no source, and the report
says so instead of showing products as fine.

A product is compared with the other products of its category in the same store (their
pooled share of damage returns); while those others have fewer than `damage.MIN_RETURNS`
returns, with the category's assumed share (`damage.usual_share`). The returns queue shows
the same flag (`flags_by_product`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from crosslive.auth import service as auth_service
from crosslive.auth.models import Role, StaffUser
from crosslive.catalog import service as catalog_service
from crosslive.catalog.models import Category, Product
from crosslive.returns import damage, packaging
from crosslive.returns.models import ReturnReason, ReturnRequest, ReturnStatus


@dataclass(frozen=True)
class ReturnCounts:
    returns: int
    damaged: int  # of those, said "damaged in transit"


class ReturnCountsSource(Protocol):
    def counts(self, db: Session, seller_id: int) -> Mapping[int, ReturnCounts]:
        """Per product id of SELLER_ID's store: its returns and damage returns."""
        ...


@dataclass(frozen=True)
class TableReturnCounts:
    """Counts the rows of a returns table: PRODUCT_ID, REASON and SELLER_ID are its columns;
    a row whose reason is DAMAGED_REASON counts as a damage return."""

    product_id: Any
    reason: Any
    seller_id: Any
    damaged_reason: str

    def counts(self, db: Session, seller_id: int) -> Mapping[int, ReturnCounts]:
        damaged = func.sum(case((self.reason == self.damaged_reason, 1), else_=0))
        rows = db.execute(
            select(self.product_id, func.count(), damaged)
            .where(self.seller_id == seller_id, self.product_id.is_not(None))
            .group_by(self.product_id)
        )
        return {int(pid): ReturnCounts(int(n), int(d or 0)) for pid, n, d in rows}


@dataclass(frozen=True)
class RequestCounts:
    """The store's return requests (those the buyer confirmed) counted per product."""

    def counts(self, db: Session, seller_id: int) -> Mapping[int, ReturnCounts]:
        damaged = func.sum(
            case((ReturnRequest.reason == ReturnReason.DAMAGED_IN_TRANSIT, 1), else_=0)
        )
        rows = db.execute(
            select(ReturnRequest.product_id, func.count(), damaged)
            .where(
                ReturnRequest.seller_id == seller_id,
                ReturnRequest.product_id.is_not(None),
                ReturnRequest.status != ReturnStatus.STARTED,
            )
            .group_by(ReturnRequest.product_id)
        )
        return {int(pid): ReturnCounts(int(n), int(d or 0)) for pid, n, d in rows}


@dataclass(frozen=True)
class DamageCounts:
    """The app's source of return counts (kept in AppState once returns are recorded)."""

    source: ReturnCountsSource


@dataclass(frozen=True)
class DamageRow:
    product_id: int
    title: str
    category: Category
    returns: int
    damaged: int
    category_share: float  # the store's others' pooled share, or the category's assumed one
    share_assumed: bool  # True: the others had too few returns, the assumption was used
    p_value: float | None  # None: not tested (too few returns, or nothing to compare)
    flagged: bool
    advice: dict[packaging.PackagingKind, tuple[str, ...]]  # only for a flagged product


def _row(product: Product, own: ReturnCounts, others: ReturnCounts) -> DamageRow:
    share = damage.usual_share(product.category, others.returns, others.damaged)
    flag = damage.damage_flag(own.damaged, own.returns, share)
    flagged = flag.flagged
    kinds = packaging.packaging_kinds(product.category, product.product_type, product.tags)
    return DamageRow(
        product_id=product.id,
        title=product.title,
        category=product.category,
        returns=own.returns,
        damaged=own.damaged,
        category_share=share,
        share_assumed=others.returns < damage.MIN_RETURNS,
        p_value=flag.p_value,
        flagged=flagged,
        advice=packaging.advice_for(kinds) if flagged else {},
    )


def damage_report(
    db: Session, staff: StaffUser, source: ReturnCountsSource | None
) -> list[DamageRow] | None:
    """Every product of the store with returns, flagged ones first; None when no returns are
    recorded (no source, or a source with none)."""
    auth_service.require_role(staff, Role.OWNER)
    counts = source.counts(db, staff.seller_id) if source is not None else {}
    if not counts:
        return None
    products = {p.id: p for p in catalog_service.list_products(db, staff.seller_id)}
    return _rows(counts, products)


def _rows(counts: Mapping[int, ReturnCounts], products: Mapping[int, Product]) -> list[DamageRow]:
    totals: dict[Category, ReturnCounts] = {}
    for pid, own in counts.items():
        if pid in products:
            now = totals.get(products[pid].category, ReturnCounts(0, 0))
            totals[products[pid].category] = ReturnCounts(
                now.returns + own.returns, now.damaged + own.damaged
            )
    rows = []
    for pid, own in counts.items():
        product = products.get(pid)
        if product is None:
            continue
        total = totals[product.category]
        others = ReturnCounts(total.returns - own.returns, total.damaged - own.damaged)
        rows.append(_row(product, own, others))
    return sorted(rows, key=lambda r: (not r.flagged, r.p_value is None, r.p_value, r.title))


def flags_by_product(db: Session, seller_id: int) -> dict[int, damage.DamageFlag]:
    """The damage flag of each of the store's products with confirmed returns (the queue's)."""
    counts = RequestCounts().counts(db, seller_id)
    products = {p.id: p for p in catalog_service.list_products(db, seller_id)}
    return {
        row.product_id: damage.DamageFlag(row.flagged, row.p_value)
        for row in _rows(counts, products)
    }
