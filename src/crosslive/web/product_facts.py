"""What a product page states about a product, gathered from the domains as plain facts
for its JSON-LD (web.product_jsonld): an offer per market of the store (the lowest variant
price in the market's currency, whether any variant can be shipped there, the delivery
promise and shipping fee of the route that would ship it, the market's return policy), the
certifications the trust domain lets it state, and the verified-purchase rating."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from crosslive.auth.models import Seller
from crosslive.catalog.descriptions import plain_text
from crosslive.catalog.models import Product
from crosslive.landed import service as landed
from crosslive.landed.shipping import shipping_fee
from crosslive.markets import service as markets_service
from crosslive.markets.models import LabelPaidBy, Market
from crosslive.markets.service import Shipment
from crosslive.reviews import service as reviews_service
from crosslive.trust import certifications
from crosslive.trust import service as trust_service
from crosslive.web.product_jsonld import (
    CertificationFacts,
    OfferFacts,
    ProductFacts,
    RatingFacts,
    ReturnFacts,
    ShippingFacts,
)


def verified_rating(db: Session, product_id: int) -> RatingFacts | None:
    """The rating from verified-purchase reviews (reviews.service.rating_summary: every
    review of a delivered order line counts, those hidden for abuse too); None without any
    review, so the page states no rating (never one made up)."""
    summary = reviews_service.rating_summary(db, product_id)
    if not summary.count or summary.average is None:
        return None
    return RatingFacts(average=summary.average, count=summary.count)


def absolute(base_url: str, src: str) -> str:
    """An image or file address as a full URL (uploads are /media/... paths or bare names,
    imported images already absolute)."""
    if "://" in src:
        return src
    return base_url + (src if src.startswith("/") else f"/media/{src}")


def _first_shipment(db: Session, product: Product, market: Market) -> Shipment | None:
    """How the first variant the market can be sent would reach it (None: none can)."""
    for variant in product.variants:
        found = markets_service.shipment(db, market, variant.id, 1)
        if found is not None:
            return found
    return None


def market_offer(db: Session, product: Product, market: Market, url: str) -> OfferFacts | None:
    """The offer in MARKET (None where no variant has a price in its currency)."""
    priced = [(p.amount_minor, v) for v in product.variants if (p := v.price_in(market.currency))]
    if not priced:
        return None
    amount, cheapest = min(priced, key=lambda pair: pair[0])
    countries = tuple(market.countries)
    sent = _first_shipment(db, product, market)
    route = sent.route if sent else None
    promise = markets_service.delivery_promise(market, route) if sent else None
    shipping = None
    if promise is not None:
        rule = landed.shipping_rule(db, market, route)
        shipping = ShippingFacts(
            countries=countries,
            days_min=promise.days_min,
            days_max=promise.days_max,
            rate_minor=shipping_fee(rule, amount, cheapest.grams or 0) if rule else None,
            currency=market.currency,
        )
    returns = ReturnFacts(
        countries=countries,
        window_days=market.return_window_days,
        seller_pays_label=market.return_label_paid_by == LabelPaidBy.SELLER,
        return_country=market.return_warehouse.country if market.return_warehouse else None,
    )
    return OfferFacts(
        market_code=market.code,
        url=url,
        price_minor=amount,
        currency=market.currency,
        in_stock=sent is not None,
        countries=countries,
        shipping=shipping,
        returns=returns,
    )


def product_facts(
    db: Session,
    *,
    seller: Seller,
    product: Product,
    texts: dict[str, str],
    market: Market | None,
    page_url: str,
    base_url: str,
    today: date,
) -> ProductFacts:
    """The facts for PRODUCT's page at PAGE_URL (no query), its texts in the page's
    language (TEXTS: title, description_html), certifications as a viewer in MARKET may
    see them."""
    offers = []
    for each in markets_service.list_markets(db, seller.id):
        country = each.countries[0] if each.countries else ""
        url = f"{page_url}?country={country}" if country else page_url
        found = market_offer(db, product, each, url)
        if found is not None:
            offers.append(found)
    stated = (
        certifications.stated_certifications(db, seller.id, product.id, market.code, today)
        if market is not None
        else []
    )
    certified = tuple(
        CertificationFacts(
            name=c.claim,
            issuer=c.issuer,
            identifier=c.identifier,
            valid_from=c.valid_from,
            valid_until=c.valid_until,
            url=certifications.check_url(
                c, absolute(base_url, trust_service.public_evidence_url(c))
            ),
        )
        for c in stated
        if c.valid_from is not None and c.valid_until is not None
    )
    only = product.variants[0].sku if len(product.variants) == 1 else ""
    return ProductFacts(
        url=page_url,
        name=texts.get("title", product.title),
        description=plain_text(texts.get("description_html", product.description_html or "")),
        images=tuple(absolute(base_url, image.src) for image in product.images),
        sku=only or "",
        brand=product.vendor,
        seller=seller.name,
        offers=tuple(offers),
        certifications=certified,
        rating=verified_rating(db, product.id),
    )
