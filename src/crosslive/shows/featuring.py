"""Which show a product is in for viewers: the one live now, else the next one scheduled
(what a product page links to)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.shows.models import Show, ShowProduct, ShowState


def featuring_show(
    db: Session, seller_id: int, product_id: int, market_code: str = ""
) -> Show | None:
    """The live show whose line-up has the product, else the soonest scheduled one;
    only shows that sell to MARKET_CODE when one is given (a show without markets sells in
    all the store's)."""
    query = (
        select(Show)
        .join(ShowProduct, ShowProduct.show_id == Show.id)
        .where(
            Show.seller_id == seller_id,
            ShowProduct.product_id == product_id,
            Show.state.in_((ShowState.LIVE, ShowState.SCHEDULED)),
        )
        .order_by(Show.scheduled_at, Show.id)
    )
    code = market_code.strip().upper()
    shows = [
        s for s in db.scalars(query) if not code or not s.market_codes or code in s.market_codes
    ]
    live = next((s for s in shows if s.state == ShowState.LIVE), None)
    if live is not None:
        return live
    return next((s for s in shows if s.state == ShowState.SCHEDULED), None)
