"""Fit feedback rows (crosslive.fit.feedback): one per order line and source, a second answer
changes the first, and the counts per size are what was said."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crosslive.catalog.models import Variant
from crosslive.fit import feedback
from crosslive.fit.models import FitFeedback, FitSource, FitVerdict
from tests.factories import Shop
from tests.orders.lifecycle_helpers import paid_line


def test_one_row_per_line_and_source_and_the_last_answer_counts(
    app_client: TestClient,
    other_viewer: TestClient,
    shop: Shop,
    auth_headers: dict[str, str],
    db: Session,
) -> None:
    line = paid_line(app_client, other_viewer, db, shop.shirt_m, "fit-0001", auth_headers)
    variant = db.get(Variant, shop.shirt_m)
    assert variant is not None
    product_id = variant.product_id
    row = {
        "order_line_id": line.id,
        "product_id": product_id,
        "viewer_id": "viewer-a",
        "size": line.variant_label,
    }
    feedback.record(db, **row, verdict=FitVerdict.SMALL, source=FitSource.FOLLOW_UP)
    feedback.record(db, **row, verdict=FitVerdict.FIT, source=FitSource.FOLLOW_UP)
    feedback.record(db, **row, verdict=FitVerdict.SMALL, source=FitSource.RETURN)
    db.commit()

    assert db.scalar(select(func.count()).select_from(FitFeedback)) == 2
    counts = feedback.counts_for_product(db, product_id)
    assert counts == {
        line.variant_label: {FitVerdict.SMALL: 1, FitVerdict.FIT: 1, FitVerdict.LARGE: 0}
    }
