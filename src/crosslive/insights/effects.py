"""What works: the return rate of order lines whose buyer followed the size advisor's advice,
ignored it, or never asked, for products the advisor can size (those with a size chart),
read from the advice summary (crosslive.insights.advice_days)."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from crosslive.catalog.models import Product, SizeChartRow, Variant
from crosslive.catalog.size_option import variant_sizes
from crosslive.insights.advice_days import AdviceDay
from crosslive.insights.credential_effects import credentials_table
from crosslive.insights.line_summary import summary_filter
from crosslive.insights.report import Report, Table
from crosslive.insights.scope import Scope
from crosslive.insights.stats import MIN_LINES, rate, wilson

GROUPS = ("followed", "ignored", "not_used")
NOT_ENOUGH = "not enough data"


def effects_report(db: Session, scope: Scope) -> Report:
    a = AdviceDay
    stmt = (
        select(a.variant_id, a.advised, a.advised_size, func.sum(a.lines), func.sum(a.returned))
        .join(Variant, Variant.id == a.variant_id)
        .join(Product, Product.id == Variant.product_id)
        .where(summary_filter(scope, a), exists().where(SizeChartRow.product_id == Product.id))
        .group_by(a.variant_id, a.advised, a.advised_size)
    )
    category = scope.category_filter()
    if category is not None:
        stmt = stmt.where(category)
    rows = [
        (variant_id, advised_size if advised else None, n, k)
        for variant_id, advised, advised_size, n, k in db.execute(stmt)
        if n
    ]
    sizes = variant_sizes(db, [r[0] for r in rows])
    counted: Counter[str] = Counter()
    returned: Counter[str] = Counter()
    for variant_id, advised, n, k in rows:
        group = _group(advised, sizes.get(variant_id))
        counted[group] += int(n)
        returned[group] += int(k)
    table = Table(
        "Size advisor: return rate of order lines",
        ["group", "lines", "returned_lines", "return_rate", "ci_low", "ci_high", "note"],
    )
    for group in GROUPS:
        table.add(**_figures(group, counted[group], returned[group]))
    tables = {"size_advice": table, "credentials": credentials_table(db, scope)}
    return Report("effects", scope.filters.as_dict(), tables)


def _group(advised: str | None, bought: str | None) -> str:
    if advised is None:
        return "not_used"
    return "followed" if advised == bought else "ignored"


def _figures(group: str, n: int, k: int) -> dict[str, str | int | float | None]:
    cells: dict[str, str | int | float | None] = {
        "group": group,
        "lines": n,
        "returned_lines": k,
    }
    if n < MIN_LINES:
        return {**cells, "note": NOT_ENOUGH}
    low, high = wilson(k, n)
    return {**cells, "return_rate": rate(k, n), "ci_low": round(low, 4), "ci_high": round(high, 4)}
