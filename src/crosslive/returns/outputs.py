"""Return requests as the API answers them, for the buyer and for the store's queue."""

from __future__ import annotations

from sqlalchemy.orm import Session

from crosslive.orders.models import Order
from crosslive.returns import requests
from crosslive.returns.handling import QueueRow
from crosslive.returns.models import ReturnRequest
from crosslive.returns.schemas import (
    FitCountsOut,
    QueueItemOut,
    ReturnInstructionsOut,
    ReturnOut,
)


def return_out(db: Session, order: Order, ret: ReturnRequest) -> ReturnOut:
    out = ReturnOut.model_validate(ret)
    steps = requests.instructions(db, order, ret)
    if steps is not None:
        out.instructions = ReturnInstructionsOut(
            warehouse=steps.warehouse,
            seller_pays_label=steps.seller_pays_label,
            reference=steps.reference,
        )
    return out


def queue_item(db: Session, row: QueueRow) -> QueueItemOut:
    fit = {
        size: FitCountsOut(**{verdict.value: n for verdict, n in counts.items()})
        for size, counts in row.fit_counts.items()
    }
    return QueueItemOut(
        ret=return_out(db, row.order, row.ret),
        order_id=row.order.id,
        show_id=row.order.show_id,
        market_code=row.order.market_code,
        product_id=row.ret.product_id,
        product_title=row.product_title,
        variant_label=row.variant_label,
        fit_feedback=fit,
        damage_flagged=row.damage.flagged,
        damage_p_value=row.damage.p_value,
    )
