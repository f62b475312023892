"""The size advice a buyer was given, kept on their order lines (called from checkout), so
insights can tell whether following the advisor lowers returns and returns can offer the
advised size in an exchange. Only the size is copied, never what the viewer measured."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.catalog.models import Variant
from crosslive.fit import service as fit_service
from crosslive.orders.models import Order


def keep_advice(db: Session, order: Order) -> None:
    """Copy the latest size advised to the order's viewer for each line's product."""
    variant_ids = [line.variant_id for line in order.lines if line.variant_id is not None]
    if not variant_ids:
        return
    rows = db.execute(select(Variant.id, Variant.product_id).where(Variant.id.in_(variant_ids)))
    products = {variant_id: product_id for variant_id, product_id in rows}
    advised = fit_service.advised_sizes(db, order.viewer_id, set(products.values()))
    for line in order.lines:
        product_id = products.get(line.variant_id) if line.variant_id is not None else None
        if product_id is not None and product_id in advised:
            line.advised_size = advised[product_id]
    db.flush()
