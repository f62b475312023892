"""What the market's rules add to the product sheet and the room (crosslive.compliance
decides; this lays it out for the templates): the product safety block (GPSR), the
struck-through price only against the 30-day lowest price (Omnibus), the total with
delivery up front (UK DMCC), and the material connection of a paid host (US FTC)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from crosslive.catalog.models import Product, Variant
from crosslive.compliance import prices, rules
from crosslive.compliance import service as compliance
from crosslive.compliance.service import WARNINGS_FIELD
from crosslive.content.service import Localized
from crosslive.landed import service as landed
from crosslive.landed.breakdown import LandedLine
from crosslive.markets.models import Market, WarehouseRoute
from crosslive.money import format_money
from crosslive.shows.models import Show


def safety(product: Product, market: Market | None, text: Localized) -> dict[str, Any] | None:
    """The GPSR block in the viewer's language (TEXT: the product's approved translations),
    where MARKET requires it."""
    if market is None or not rules.requires(market, rules.GPSR):
        return None
    return {
        "manufacturer": product.manufacturer_name,
        "manufacturer_address": product.manufacturer_address,
        "manufacturer_contact": product.manufacturer_contact,
        "eu_rp": product.eu_rp_name,
        "eu_rp_address": product.eu_rp_address,
        "eu_rp_contact": product.eu_rp_contact,
        "identifier": product.product_identifier,
        "gtin": product.gtin,
        "warnings": [
            line
            for line in text.get(WARNINGS_FIELD, product.safety_warnings or "").split("\n")
            if line.strip()
        ],
    }


def priced(
    db: Session, product: Product, market: Market | None, price: dict[str, Any] | None
) -> dict[str, Any] | None:
    """PRICE (live.cards.price) with its struck-through price kept only where MARKET allows
    it: under the prior-price rule, the 30-day lowest price replaces the seller's compare-at
    price, and a cut against anything else shows none."""
    if price is None or market is None or not rules.requires(market, rules.PRIOR_PRICE):
        return price
    best = min(
        (p for v in product.variants if (p := v.price_in(market.currency)) is not None),
        key=lambda p: p.amount_minor,
    )
    was = prices.was_price(db, best)
    return {
        **price,
        "compare_at_minor": was,
        "compare_at": format_money(was, market.currency) if was else None,
        "prior_lowest": was is not None,
    }


def total_with_delivery(
    db: Session, product: Product, market: Market | None, route: WarehouseRoute | None
) -> int | None:
    """What one unit of the first priced variant costs delivered (taxes, duties collected
    at checkout and shipping by ROUTE included), where MARKET wants the total up front."""
    if market is None or not rules.requires(market, rules.TOTAL_PRICE):
        return None
    variant: Variant | None = next(
        (v for v in product.variants if v.price_in(market.currency) is not None), None
    )
    price = variant.price_in(market.currency) if variant else None
    if variant is None or price is None:
        return None
    line = LandedLine(
        key=str(variant.id),
        unit_price_minor=price.amount_minor,
        quantity=1,
        category=product.category.value,
        grams=variant.grams or 0,
        hs_code=product.hs_code or "",
    )
    routes = {line.key: route} if route is not None else None
    return landed.quote(db, market, [line], routes=routes).total_minor


def paid_host_names(show: Show) -> list[str]:
    """The names of the show's hosts the brand pays (their disclosure is shown in the room
    for as long as they host it)."""
    return [user.name for user in compliance.paid_hosts(show)]
