"""The delivered lines and counted returns in a scope, read from the summaries
(crosslive.insights.line_days) with the columns `scope.delivered_lines` has, so that the
Returns and Economics reports group and sum them as they would the raw lines: the lines with
their returns per outcome from `order_line_days` (a row per show, market and variant at
most, whatever the number of orders), the returns by reason from `order_return_days`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Subquery, and_, func, literal_column, select

from crosslive.catalog.models import Product, Variant
from crosslive.insights.line_days import OUTCOME_SUMS, LineDay, ReturnDay
from crosslive.insights.scope import Scope
from crosslive.returns.models import ReturnOutcome
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
    """One row per line summary row in SCOPE: `n` lines, units, revenue_minor,
    returned_units and, per return outcome, the returns, returned units and refunds
    (`OUTCOME_SUMS` of crosslive.insights.line_days), with the product, its category and
    title looked up from the variant. Count lines with sum(n), not count()."""
    d = LineDay
    returned: ColumnElement[Any] = literal_column("0")
    for outcome in ReturnOutcome:
        returned = returned + getattr(d, f"{outcome.value}_units")
    stmt = (
        select(
            *_looked_up(d),
            d.lines.label("n"),
            d.units.label("units"),
            d.revenue_minor.label("revenue_minor"),
            returned.label("returned_units"),
            *(getattr(d, name).label(name) for name in OUTCOME_SUMS),
        )
        .outerjoin(Variant, Variant.id == d.variant_id)
        .outerjoin(Product, Product.id == Variant.product_id)
        .where(summary_filter(scope, d), d.lines > 0)
    )
    category = scope.category_filter()
    return (stmt if category is None else stmt.where(category)).subquery("lines")


def summary_returns(scope: Scope) -> Subquery:
    """One row per return summary row in SCOPE: `n` counted returns, returned_units, reason,
    outcome and refund_minor, with the columns of `summary_lines` that name the line."""
    r = ReturnDay
    stmt = (
        select(
            *_looked_up(r),
            r.returns.label("n"),
            r.units.label("returned_units"),
            func.nullif(r.reason, "").label("reason"),
            func.nullif(r.outcome, "").label("outcome"),
            r.refund_minor.label("refund_minor"),
        )
        .outerjoin(Variant, Variant.id == r.variant_id)
        .outerjoin(Product, Product.id == Variant.product_id)
        .where(summary_filter(scope, r), r.returns > 0)
    )
    category = scope.category_filter()
    return (stmt if category is None else stmt.where(category)).subquery("returned")


def _looked_up(model: Any) -> list[ColumnElement[Any]]:
    """The line's variant, market, currency and show (NULL for 0) and its product."""
    return [
        func.nullif(model.variant_id, 0).label("variant_id"),
        func.nullif(model.market_id, 0).label("market_id"),
        model.market_code.label("market"),
        model.currency.label("currency"),
        func.nullif(model.show_id, 0).label("show_id"),
        Product.id.label("product_id"),
        Product.category.label("category"),
        func.coalesce(Product.title, model.line_title).label("product"),
    ]
