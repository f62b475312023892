"""Market rules per product and market: `missing(product, market)` is the one answer every
page that shows or sells a product asks (the live room's sheet and pins, the cart and
checkout, the admin, the host console).

The caller owns the transaction. Nothing is stored: a product's sellability is derived
from its fields, credentials and translations each time it is asked, so it cannot drift
from them.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.auth.models import StaffUser
from crosslive.catalog.models import Product, Variant
from crosslive.compliance import prices, rules
from crosslive.compliance.errors import NotSellableInMarket
from crosslive.compliance.rules import Finding
from crosslive.content.models import APPROVED, ContentTranslation
from crosslive.markets import service as markets_service
from crosslive.markets.models import Market
from crosslive.money import format_money
from crosslive.shows.models import Show
from crosslive.trust import service as trust_service
from crosslive.trust.models import CredentialType

WARNINGS_FIELD = "safety_warnings"


def warning_languages(db: Session, product: Product) -> set[str]:
    """The languages the product's safety warnings can be read in: the seller's own text's
    and every approved translation (a machine draft nobody checked is not a warning)."""
    rows = db.scalars(
        select(ContentTranslation.locale).where(
            ContentTranslation.product_id == product.id,
            ContentTranslation.field == WARNINGS_FIELD,
            ContentTranslation.status == APPROVED,
        )
    )
    return {product.safety_warnings_lang or "en", *rows}


def has_mark(db: Session, product: Product, market: Market, rule: str, today: date) -> bool:
    """Whether a certificate naming the mark of RULE (PSE, KC) is shown for the product in
    MARKET: current, complete, scoped to it, and shown under the store's verification
    setting (the same test as the product sheet's credentials)."""
    shown = trust_service.displayable_credentials(
        db, product.seller_id, product.id, market.code, today
    )
    return any(
        c.type == CredentialType.CERTIFICATION and rules.names_mark(rule, c.issuer, c.claim)
        for c in shown
    )


def _prior_price(db: Session, product: Product, market: Market) -> list[Finding]:
    found: list[Finding] = []
    for variant in product.variants:
        price = variant.price_in(market.currency)
        if price is None or not price.compare_at_minor:
            continue
        if price.compare_at_minor <= price.amount_minor:
            continue
        was = prices.was_price(db, price)
        if was == price.compare_at_minor:
            continue
        reference = prices.reference_price(db, variant.id, market.currency)
        values = (
            ("compare_at", format_money(price.compare_at_minor, market.currency)),
            ("reference", format_money(reference, market.currency) if reference else "-"),
        )
        found.append(
            Finding(
                rules.PRIOR_PRICE,
                market.code,
                "compare_at",
                rules.WAS_PRICE_OMITTED,
                values,
                blocks=False,
            )
        )
        break
    return found


def missing(
    db: Session, product: Product, market: Market, today: date | None = None
) -> list[Finding]:
    """Everything MARKET's rules miss in PRODUCT, blocking findings first."""
    today = today or date.today()
    found: list[Finding] = []
    if rules.requires(market, rules.GPSR):
        found += rules.gpsr(product, market, warning_languages(db, product))
    for rule in (rules.PSE, rules.KC):
        if rules.requires(market, rule) and product.electrical:
            found += rules.mark(product, market, rule, has_mark(db, product, market, rule, today))
    if rules.requires(market, rules.PRIOR_PRICE):
        found += _prior_price(db, product, market)
    return sorted(found, key=lambda f: not f.blocks)


def blocking(findings: Sequence[Finding]) -> list[Finding]:
    return [f for f in findings if f.blocks]


def sellable(db: Session, product: Product, market: Market | None) -> bool:
    """Whether PRODUCT may be shown and sold to MARKET's viewers (no market: nothing to
    check against; the page then sells nothing anyway)."""
    return market is None or not blocking(missing(db, product, market))


def require_sellable(db: Session, product: Product, market: Market) -> None:
    """NotSellableInMarket, in the viewer's words, where a rule refuses PRODUCT there."""
    refused = blocking(missing(db, product, market))
    if refused:
        raise NotSellableInMarket(
            rules.REFUSALS[refused[0].rule], product=product.title, market=market.name
        )


def require_variants_sellable(db: Session, variant_ids: Collection[int], market: Market) -> None:
    """require_sellable for the products of VARIANT_IDS (a cart's lines)."""
    products = db.scalars(
        select(Product)
        .join(Variant, Variant.product_id == Product.id)
        .where(Variant.id.in_(list(variant_ids)))
    ).unique()
    for product in products:
        require_sellable(db, product, market)


def by_market(
    db: Session, product: Product, today: date | None = None
) -> list[tuple[Market, list[Finding]]]:
    """Each of the store's markets with what it misses in PRODUCT (the admin's table)."""
    return [
        (market, missing(db, product, market, today))
        for market in markets_service.list_markets(db, product.seller_id)
    ]


def unsellable_in(
    db: Session, product: Product, markets: Sequence[Market]
) -> list[tuple[Market, list[Finding]]]:
    """Among MARKETS, those that cannot buy PRODUCT and why (the host console's warning)."""
    found = [(m, blocking(missing(db, product, m))) for m in markets]
    return [(m, f) for m, f in found if f]


def show_markets(db: Session, show: Show) -> list[Market]:
    """The markets SHOW sells to (all the store's when it names none)."""
    every = markets_service.list_markets(db, show.seller_id)
    codes = {c.upper() for c in show.market_codes or []}
    return [m for m in every if not codes or m.code.upper() in codes]


def paid_hosts(show: Show) -> list[StaffUser]:
    """The show's hosts the brand pays: their material connection is disclosed to every
    viewer (US FTC Endorsement Guides; JP's stealth-marketing rule and the EU's unfair
    practices rules want the same), in the viewer's language."""
    return [h.user for h in show.hosts if h.user.paid_by_brand]
