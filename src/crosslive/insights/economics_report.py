"""Economics per market and category, and the products that lose money on a lane: margins
after return costs from the lane costs (crosslive.returns.economics)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from crosslive.catalog.models import Category, VariantPrice
from crosslive.insights.line_summary import summary_lines
from crosslive.insights.report import Report, Table
from crosslive.insights.scope import Scope
from crosslive.insights.stats import rate
from crosslive.returns.economics import RESALE_SHARES, LaneCosts, expected_return_cost_minor
from crosslive.returns.models import LaneCost

CATEGORY_COLUMNS = [
    "market",
    "currency",
    "category",
    "units",
    "revenue_minor",
    "goods_cost_minor",
    "outbound_minor",
    "expected_return_cost_minor",
    "margin_after_expected_returns_minor",
    "returned_units",
    "return_rate",
    "refunds_minor",
    "return_costs_minor",
    "margin_after_returns_minor",
    "keep_its",
    "keep_it_savings_minor",
]
PRODUCT_COLUMNS = [
    "product_id",
    "product",
    "market",
    "currency",
    "units",
    "revenue_minor",
    "margin_after_returns_minor",
]


def economics_report(db: Session, scope: Scope) -> Report:
    lanes = _lanes(db, scope.seller_id)
    by_category = Table("Margin per market and category", CATEGORY_COLUMNS)
    for row in _aggregate(db, scope, []):
        by_category.add(**{k: v for k, v in _figures(row, lanes).items() if k in CATEGORY_COLUMNS})
    losing = Table("Products that lose money on a lane", PRODUCT_COLUMNS)
    for row in _aggregate(db, scope, ["product_id", "product"]):
        figures = _figures(row, lanes)
        margin = figures.get("margin_after_returns_minor")
        if margin is not None and margin < 0:
            losing.add(**{k: v for k, v in figures.items() if k in PRODUCT_COLUMNS})
    tables = {"by_market_category": by_category, "losing_products": losing}
    return Report("economics", scope.filters.as_dict(), tables)


def _lanes(db: Session, seller_id: int) -> dict[int, LaneCosts]:
    rows = db.scalars(select(LaneCost).where(LaneCost.seller_id == seller_id))
    return {
        r.market_id: LaneCosts(r.outbound_minor, r.return_shipping_minor, r.handling_minor)
        for r in rows
    }


def _aggregate(db: Session, scope: Scope, extra: list[str]) -> list[dict[str, Any]]:
    lines = summary_lines(scope)
    cost = VariantPrice.unit_cost_minor
    keys = [lines.c[k] for k in [*extra, "market_id", "market", "currency", "category"]]
    stmt = (
        select(
            *keys,
            func.sum(lines.c.units).label("units"),
            func.sum(lines.c.revenue_minor).label("revenue_minor"),
            func.sum(cost * lines.c.units).label("goods_cost_minor"),
            func.sum(case((cost.is_(None), lines.c.units), else_=0)).label("uncosted"),
            func.coalesce(func.sum(lines.c.returned_units), 0).label("returned_units"),
            _total(
                lines.c.return_refund_refund_minor + lines.c.keep_it_refund_minor, "refunds_minor"
            ),
            _total(lines.c.return_refund_returns, "collected"),
            _total(lines.c.keep_it_returns, "keep_its"),
            _total(lines.c.keep_it_refund_minor, "keep_it_minor"),
        )
        .outerjoin(
            VariantPrice,
            and_(
                VariantPrice.variant_id == lines.c.variant_id,
                VariantPrice.currency == lines.c.currency,
            ),
        )
        .group_by(*keys)
        .order_by(*keys)
    )
    return [dict(r) for r in db.execute(stmt).mappings()]


def _total(value: Any, label: str) -> Any:
    return func.coalesce(func.sum(value), 0).label(label)


def _figures(row: dict[str, Any], lanes: dict[int, LaneCosts]) -> dict[str, Any]:
    category = Category(row["category"]) if row["category"] else Category.OTHER
    units, revenue = int(row["units"]), int(row["revenue_minor"])
    goods = None if row["uncosted"] else int(row["goods_cost_minor"] or 0)
    refunds, returned = int(row["refunds_minor"]), int(row["returned_units"])
    figures: dict[str, Any] = {
        **{k: row[k] for k in ("product_id", "product", "market", "currency") if k in row},
        "category": category.value,
        "units": units,
        "revenue_minor": revenue,
        "goods_cost_minor": goods,
        "returned_units": returned,
        "return_rate": rate(returned, units),
        "refunds_minor": refunds,
        "keep_its": int(row["keep_its"]),
    }
    lane = lanes.get(row["market_id"]) if row["market_id"] is not None else None
    if lane is None:
        return figures
    outbound = lane.outbound_minor * units
    expected = units * expected_return_cost_minor(lane, category)
    return_costs = int(row["collected"]) * lane.return_minor
    resale = Decimal(int(row["keep_it_minor"])) * RESALE_SHARES[category]
    figures |= {
        "outbound_minor": outbound,
        "expected_return_cost_minor": expected,
        "return_costs_minor": return_costs,
        "keep_it_savings_minor": int(row["keep_its"]) * lane.return_minor - round(resale),
    }
    if goods is not None:
        figures["margin_after_expected_returns_minor"] = revenue - goods - outbound - expected
        figures["margin_after_returns_minor"] = revenue - goods - outbound - refunds - return_costs
    return figures
