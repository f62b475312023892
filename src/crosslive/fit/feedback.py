"""Fit feedback: how a size bought fitted its buyer (small / fit / large), from the follow-up
answer after delivery or a return for a size reason. The fit engine trains on these rows;
insights compare them with the advice the order line kept.

One row per order line and source: a buyer who answers the follow-up twice changes the
answer, a second size return for the line does not add a row.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, exists, func, select
from sqlalchemy.orm import Session

from crosslive.catalog.models import Category, Product
from crosslive.db import utcnow
from crosslive.fit.models import AdviceGiven, FitFeedback, FitSource, FitVerdict
from crosslive.fit.store_offset import Tally

__all__ = [
    "FitSource",
    "FitVerdict",
    "category_tally",
    "counts_for_product",
    "product_tally",
    "record",
]


def record(
    db: Session,
    *,
    order_line_id: int,
    product_id: int,
    viewer_id: str,
    size: str,
    verdict: FitVerdict,
    source: FitSource,
    at: datetime | None = None,
) -> FitFeedback:
    """Store (or change) what ORDER_LINE_ID's buyer said of SIZE's fit through SOURCE."""
    row = db.scalar(
        select(FitFeedback).where(
            FitFeedback.order_line_id == order_line_id, FitFeedback.source == source
        )
    )
    moment = at or utcnow()
    if row is None:
        row = FitFeedback(
            order_line_id=order_line_id,
            product_id=product_id,
            viewer_id=viewer_id,
            size=size[:32],
            verdict=verdict,
            source=source,
            created_at=moment,
        )
        db.add(row)
    else:
        row.verdict = verdict
        row.created_at = moment
    db.flush()
    return row


def counts_for_product(db: Session, product_id: int) -> dict[str, dict[FitVerdict, int]]:
    """Per size, how many buyers found PRODUCT_ID small, right or large."""
    rows = db.execute(
        select(FitFeedback.size, FitFeedback.verdict, func.count())
        .where(FitFeedback.product_id == product_id)
        .group_by(FitFeedback.size, FitFeedback.verdict)
    )
    counts: dict[str, dict[FitVerdict, int]] = {}
    for size, verdict, n in rows:
        counts.setdefault(size, dict.fromkeys(FitVerdict, 0))[verdict] = n
    return counts


def _tally(db: Session, *where: ColumnElement[bool]) -> Tally:
    """Verdict counts of feedback rows, leaving out buyers who were advised from the feedback
    itself (they took the moved size, so their answer no longer measures the product)."""
    moved = exists().where(
        and_(
            AdviceGiven.viewer_id == FitFeedback.viewer_id,
            AdviceGiven.product_id == FitFeedback.product_id,
            AdviceGiven.source.in_(("feedback", "neighbours")),
        )
    )
    rows = db.execute(
        select(FitFeedback.verdict, func.count())
        .join(Product, Product.id == FitFeedback.product_id)
        .where(*where, ~moved)
        .group_by(FitFeedback.verdict)
    )
    counts = dict.fromkeys(FitVerdict, 0)
    for verdict, n in rows:
        counts[verdict] = n
    return Tally(sum(counts.values()), counts[FitVerdict.SMALL], counts[FitVerdict.LARGE])


def product_tally(db: Session, product_id: int) -> Tally:
    return _tally(db, FitFeedback.product_id == product_id)


def category_tally(db: Session, seller_id: int, category: Category, but: int) -> Tally:
    """The seller's other products of CATEGORY (not BUT)."""
    return _tally(
        db, Product.seller_id == seller_id, Product.category == category, Product.id != but
    )
