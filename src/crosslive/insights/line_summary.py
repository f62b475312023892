"""The delivered lines and counted returns in a scope, read from the summaries
(crosslive.insights.line_days) with the columns `scope.delivered_lines` has, so that the
Returns and Economics reports group and sum them as they would the raw lines."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Subquery, and_, func, literal_column, select, union_all

from crosslive.catalog.models import Product, Variant
from crosslive.insights.line_days import LineDay, ReturnDay
from crosslive.insights.scope import Scope
from crosslive.shows.models import ShowHost


def summary_filter(scope: Scope, model: Any) -> ColumnElement[bool]:
    """The rows of MODEL (a line or return summary) of SCOPE's store, host, days, show and
    market (the category is the product's: see summary_lines)."""
    f = scope.filters
    parts: list[ColumnElement[bool]] = [model.seller_id == scope.seller_id]
    if scope.host_id is not None:
        hosted = select(ShowHost.show_id).where(ShowHost.user_id == scope.host_id)
        parts.append(model.show_id.in_(hosted))
    if f.since is not None:
        parts.append(model.day >= f.since)
    if f.until is not None:
        parts.append(model.day <= f.until)
    if f.show_id is not None:
        parts.append(model.show_id == f.show_id)
    if f.market is not None:
        parts.append(model.market_code == f.market)
    return and_(*parts)


def summary_lines(scope: Scope) -> Subquery:
    """One row per summary row in SCOPE: lines (units, revenue_minor; `n` lines) and returns
    (returned_units, reason, outcome, refund_minor; `n` returns), with the product, its
    category and title looked up from the variant. Count with sum(n), not count()."""
    zero: ColumnElement[Any] = literal_column("0")
    empty: ColumnElement[Any] = literal_column("''")
    shared = ("variant_id", "line_title", "show_id", "market_id", "market_code", "currency")
    sold = select(
        *(getattr(LineDay, c) for c in shared),
        LineDay.lines.label("n"),
        LineDay.units.label("units"),
        LineDay.revenue_minor.label("revenue_minor"),
        zero.label("returned_units"),
        empty.label("reason"),
        empty.label("outcome"),
        zero.label("refund_minor"),
    ).where(summary_filter(scope, LineDay), LineDay.lines > 0)
    returned = select(
        *(getattr(ReturnDay, c) for c in shared),
        ReturnDay.returns.label("n"),
        zero.label("units"),
        zero.label("revenue_minor"),
        ReturnDay.units.label("returned_units"),
        ReturnDay.reason.label("reason"),
        ReturnDay.outcome.label("outcome"),
        ReturnDay.refund_minor.label("refund_minor"),
    ).where(summary_filter(scope, ReturnDay), ReturnDay.returns > 0)
    rows = union_all(sold, returned).subquery("summed")
    stmt = (
        select(
            func.nullif(rows.c.variant_id, 0).label("variant_id"),
            func.nullif(rows.c.market_id, 0).label("market_id"),
            rows.c.market_code.label("market"),
            rows.c.currency.label("currency"),
            func.nullif(rows.c.show_id, 0).label("show_id"),
            Product.id.label("product_id"),
            Product.category.label("category"),
            func.coalesce(Product.title, rows.c.line_title).label("product"),
            rows.c.n,
            rows.c.units,
            rows.c.revenue_minor,
            rows.c.returned_units,
            func.nullif(rows.c.reason, "").label("reason"),
            func.nullif(rows.c.outcome, "").label("outcome"),
            rows.c.refund_minor,
        )
        .outerjoin(Variant, Variant.id == rows.c.variant_id)
        .outerjoin(Product, Product.id == Variant.product_id)
    )
    category = scope.category_filter()
    return (stmt if category is None else stmt.where(category)).subquery("lines")
