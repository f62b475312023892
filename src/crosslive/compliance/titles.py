"""A product's title as a market's viewers may read it, wherever it is written outside the
live room and the product page: the cart, the order page, the order, review and return
emails. Where a severe claim finding hides the title from the market
(claims.hidden_product_fields, the same test the live room and the product page use), the
product's handle stands in for it, in every language."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.catalog.models import Product, Variant
from crosslive.compliance import claims
from crosslive.content import service as content
from crosslive.markets import service as markets_service
from crosslive.markets.models import Market


def shown_title(db: Session, product: Product, market: Market | None) -> str:
    """PRODUCT's own title, or its handle where MARKET's viewers may not read the title."""
    if "title" in claims.hidden_product_fields(db, product, market):
        return product.handle
    return product.title


def line_titles(
    db: Session,
    seller_id: int,
    market_code: str,
    variant_ids: Sequence[int | None],
    locale: str | None,
) -> dict[int, str]:
    """Variant id -> the title to write for its product to a buyer in MARKET_CODE: the
    approved title in LOCALE where there is one (content.variant_titles), the handle where
    the title is hidden there; variants with neither are left out (the caller falls back to
    the title the line was bought under)."""
    titles = content.variant_titles(db, variant_ids, locale)
    wanted = sorted({v for v in variant_ids if v is not None})
    market = markets_service.find_market(db, seller_id, market_code)
    if market is None or claims.rules_market(market.code) is None or not wanted:
        return titles
    # (No DISTINCT over products: PostgreSQL cannot compare their JSON columns.)
    of_variants = select(Variant.product_id).where(Variant.id.in_(wanted))
    products = db.scalars(select(Product).where(Product.id.in_(of_variants)))
    hidden = {
        p.id: p.handle for p in products if "title" in claims.hidden_product_fields(db, p, market)
    }
    if hidden:
        rows = db.execute(select(Variant.id, Variant.product_id).where(Variant.id.in_(wanted)))
        titles.update({vid: hidden[pid] for vid, pid in rows if pid in hidden})
    return titles
