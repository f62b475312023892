"""Returns: return rates by category, product, size, market, show and reason; fit answers
per product and size; how returns ended; refunds issued per currency."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Subquery, case, func, select
from sqlalchemy.orm import Session

from crosslive.catalog.models import Product
from crosslive.catalog.size_option import variant_sizes
from crosslive.fit.models import FitVerdict
from crosslive.insights.answer_days import FitAnswerDay, RefundDay
from crosslive.insights.line_summary import summary_filter, summary_lines, summary_returns
from crosslive.insights.report import Report, Table
from crosslive.insights.scope import Scope
from crosslive.insights.stats import rate
from crosslive.returns.models import ReturnOutcome
from crosslive.shows.models import Show

RATE_COLUMNS = ["units", "returned_units", "return_rate"]


def returns_report(db: Session, scope: Scope) -> Report:
    lines = summary_lines(scope)
    tables = {
        "by_category": _rates(db, lines, "Return rate by category", ["category"]),
        "by_product": _rates(
            db, lines, "Return rate by product", ["product_id", "product", "category"]
        ),
        "by_size": _by_size(db, lines),
        "by_market": _rates(db, lines, "Return rate by market", ["market"]),
        "by_show": _by_show(db, lines),
        "by_reason": _by_reason(db, lines, summary_returns(scope)),
        "fit_answers": _fit_answers(db, scope),
        "outcomes": _outcomes(db, lines),
        "refunds": _refunds(db, scope),
    }
    return Report("returns", scope.filters.as_dict(), tables)


def _sums(lines: Subquery) -> list[ColumnElement[Any]]:
    return [
        func.sum(lines.c.units).label("units"),
        func.coalesce(func.sum(lines.c.returned_units), 0).label("returned_units"),
    ]


def _rates(db: Session, lines: Subquery, title: str, keys: list[str]) -> Table:
    cols = [lines.c[k] for k in keys]
    stmt = select(*cols, *_sums(lines)).group_by(*cols).order_by(*cols)
    table = Table(title, [*keys, *RATE_COLUMNS])
    for row in db.execute(stmt).mappings():
        cells = {k: _cell(row[k]) for k in keys}
        units, returned = int(row["units"]), int(row["returned_units"])
        table.add(**cells, units=units, returned_units=returned, return_rate=rate(returned, units))
    return table


def _by_size(db: Session, lines: Subquery) -> Table:
    """Per product that comes in sizes and size bought; products without sizes (colours
    only, one variant) and lines whose variant is gone are left out (by_product has them)."""
    keys = [lines.c.product_id, lines.c.product, lines.c.variant_id]
    rows = db.execute(select(*keys, *_sums(lines)).group_by(*keys)).all()
    sizes = variant_sizes(db, [r.variant_id for r in rows if r.variant_id is not None])
    merged: dict[tuple[int | None, str, str], list[int]] = {}
    for product_id, product, variant_id, units, returned in rows:
        size = sizes.get(variant_id) if variant_id is not None else None
        if size is None:
            continue
        sums = merged.setdefault((product_id, product, size), [0, 0])
        sums[0] += int(units)
        sums[1] += int(returned)
    table = Table("Return rate by size", ["product_id", "product", "size", *RATE_COLUMNS])
    for (product_id, product, size), (units, returned) in sorted(
        merged.items(), key=lambda item: (item[0][0] or 0, item[0][2])
    ):
        table.add(
            product_id=product_id,
            product=product,
            size=size,
            units=units,
            returned_units=returned,
            return_rate=rate(returned, units),
        )
    return table


def _cell(value: object) -> str | int | None:
    if value is None or isinstance(value, int | str):
        return value
    return str(value)


def _by_show(db: Session, lines: Subquery) -> Table:
    stmt = (
        select(lines.c.show_id, Show.title, *_sums(lines))
        .outerjoin(Show, Show.id == lines.c.show_id)
        .group_by(lines.c.show_id, Show.title)
        .order_by(lines.c.show_id)
    )
    table = Table("Return rate by show", ["show_id", "show", *RATE_COLUMNS])
    for row in db.execute(stmt).mappings():
        units, returned = int(row["units"]), int(row["returned_units"])
        table.add(
            show_id=row["show_id"],
            show=row["title"],
            units=units,
            returned_units=returned,
            return_rate=rate(returned, units),
        )
    return table


def _by_reason(db: Session, lines: Subquery, returns: Subquery) -> Table:
    units = db.scalar(select(func.coalesce(func.sum(lines.c.units), 0))) or 0
    stmt = (
        select(returns.c.reason, func.sum(returns.c.returned_units).label("returned_units"))
        .where(returns.c.reason.is_not(None))
        .group_by(returns.c.reason)
        .order_by(returns.c.reason)
    )
    rows = db.execute(stmt).all()
    returned_total = sum(int(r.returned_units) for r in rows)
    table = Table(
        "Returns by reason",
        ["reason", "units", "returned_units", "return_rate", "share_of_returns"],
    )
    for reason, returned in rows:
        table.add(
            reason=str(reason),
            units=int(units),
            returned_units=int(returned),
            return_rate=rate(int(returned), int(units)),
            share_of_returns=rate(int(returned), returned_total),
        )
    return table


def _outcomes(db: Session, lines: Subquery) -> Table:
    sums = [
        func.coalesce(func.sum(lines.c[f"{outcome.value}_{name}"]), 0)
        for outcome in ReturnOutcome
        for name in ("returns", "units")
    ]
    found = db.execute(select(*sums)).one()
    table = Table("How returns ended", ["outcome", "returns", "units", "share_of_returns"])
    total = sum(int(n) for n in found[::2])
    for i, outcome in enumerate(ReturnOutcome):
        count, units = int(found[2 * i]), int(found[2 * i + 1])
        table.add(
            outcome=outcome.value,
            returns=count,
            units=units,
            share_of_returns=rate(count, total),
        )
    return table


def _fit_answers(db: Session, scope: Scope) -> Table:
    fits = FitAnswerDay
    counts = [
        func.sum(case((fits.verdict == verdict.value, fits.answers), else_=0)).label(verdict.value)
        for verdict in FitVerdict
    ]
    stmt = (
        select(fits.product_id, Product.title, fits.size, *counts)
        .join(Product, Product.id == fits.product_id)
        .where(summary_filter(scope, fits), fits.answers > 0)
        .group_by(fits.product_id, Product.title, fits.size)
        .order_by(fits.product_id, fits.size)
    )
    category = scope.category_filter()
    if category is not None:
        stmt = stmt.where(category)
    table = Table(
        "Fit answers after delivery",
        ["product_id", "product", "size", "small", "fit", "large", "answers", "fit_share"],
    )
    for row in db.execute(stmt).mappings():
        small, fit, large = (int(row[v.value] or 0) for v in FitVerdict)
        answers = small + fit + large
        table.add(
            product_id=row["product_id"],
            product=row["title"],
            size=row["size"],
            small=small,
            fit=fit,
            large=large,
            answers=answers,
            fit_share=rate(fit, answers),
        )
    return table


def _refunds(db: Session, scope: Scope) -> Table:
    stmt = (
        select(
            RefundDay.currency,
            func.sum(RefundDay.refunds).label("refunds"),
            func.sum(RefundDay.amount_minor).label("amount_minor"),
        )
        .where(summary_filter(scope, RefundDay), RefundDay.refunds > 0)
        .group_by(RefundDay.currency)
        .order_by(RefundDay.currency)
    )
    table = Table("Refunds issued", ["currency", "refunds", "amount_minor"])
    for currency, count, amount in db.execute(stmt):
        table.add(currency=currency, refunds=int(count), amount_minor=int(amount))
    return table
