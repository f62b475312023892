"""A product page's schema.org JSON-LD, built from plain facts (web.product_facts gathers
them from the domains): the Product, one Offer per market (price, availability, shipping
details and return policy), the certifications staff verified, and the rating from verified
purchases. Only what the facts say is stated: a fact that is unknown is left out, never
guessed. The block goes in the page as the text of <script type="application/ld+json">,
escaped so that no value can end the script element (`script_text`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from markupsafe import Markup

from crosslive.money import to_decimal

SCHEMA = "https://schema.org/"
CONTEXT = "https://schema.org"
# The JSON text keeps these as \u escapes: "<" and ">" so no "</script>" or "<!--" can
# appear, "&" so no character reference is read, and the two JavaScript line ends.
_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


@dataclass(frozen=True)
class ShippingFacts:
    """How one unit reaches a market's countries: DAYS_MIN-DAYS_MAX days from the order,
    for RATE_MINOR (None: no fee rule set, so no rate is stated)."""

    countries: tuple[str, ...]
    days_min: int
    days_max: int
    rate_minor: int | None
    currency: str


@dataclass(frozen=True)
class ReturnFacts:
    """A market's return policy: WINDOW_DAYS (0: no returns), by mail, who pays the label,
    to which country."""

    countries: tuple[str, ...]
    window_days: int
    seller_pays_label: bool
    return_country: str | None


@dataclass(frozen=True)
class OfferFacts:
    market_code: str
    url: str
    price_minor: int
    currency: str
    in_stock: bool
    countries: tuple[str, ...]
    shipping: ShippingFacts | None
    returns: ReturnFacts


@dataclass(frozen=True)
class CertificationFacts:
    """A credential staff verified, displayable today: what it certifies (NAME), who issued
    it, its identifier, its validity and where anyone checks it (URL: the registry page,
    else the evidence file; "" when neither)."""

    name: str
    issuer: str
    identifier: str
    valid_from: date
    valid_until: date
    url: str


@dataclass(frozen=True)
class RatingFacts:
    """The average of verified-purchase reviews (WORST..BEST stars) and how many there are."""

    average: float
    count: int
    best: int = 5
    worst: int = 1


@dataclass(frozen=True)
class ProductFacts:
    url: str
    name: str
    description: str
    images: tuple[str, ...]
    sku: str
    brand: str
    seller: str
    offers: tuple[OfferFacts, ...]
    certifications: tuple[CertificationFacts, ...]
    rating: RatingFacts | None


def _term(name: str) -> str:
    return SCHEMA + name


def _region(countries: tuple[str, ...]) -> list[dict[str, Any]]:
    return [{"@type": "DefinedRegion", "addressCountry": code} for code in countries]


def _days(first: int, last: int) -> dict[str, Any]:
    return {"@type": "QuantitativeValue", "minValue": first, "maxValue": last, "unitCode": "DAY"}


def shipping_details(facts: ShippingFacts) -> dict[str, Any]:
    """OfferShippingDetails: the promise is the whole delay from order to door, so it is
    stated as deliveryTime's transitTime (no separate handling time is known)."""
    details: dict[str, Any] = {
        "@type": "OfferShippingDetails",
        "shippingDestination": _region(facts.countries),
        "deliveryTime": {
            "@type": "ShippingDeliveryTime",
            "transitTime": _days(facts.days_min, facts.days_max),
        },
    }
    if facts.rate_minor is not None:
        details["shippingRate"] = {
            "@type": "MonetaryAmount",
            "value": str(to_decimal(facts.rate_minor, facts.currency)),
            "currency": facts.currency,
        }
    return details


def return_policy(facts: ReturnFacts) -> dict[str, Any]:
    policy: dict[str, Any] = {
        "@type": "MerchantReturnPolicy",
        "applicableCountry": list(facts.countries),
    }
    if facts.window_days <= 0:
        policy["returnPolicyCategory"] = _term("MerchantReturnNotPermitted")
        return policy
    policy.update(
        {
            "returnPolicyCategory": _term("MerchantReturnFiniteReturnWindow"),
            "merchantReturnDays": facts.window_days,
            "returnMethod": _term("ReturnByMail"),
            "returnFees": _term(
                "FreeReturn" if facts.seller_pays_label else "ReturnFeesCustomerResponsibility"
            ),
        }
    )
    if facts.return_country:
        policy["returnPolicyCountry"] = facts.return_country
    return policy


def offer(facts: OfferFacts, seller: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "Offer",
        "url": facts.url,
        "price": str(to_decimal(facts.price_minor, facts.currency)),
        "priceCurrency": facts.currency,
        "availability": _term("InStock" if facts.in_stock else "OutOfStock"),
        "eligibleRegion": [{"@type": "Country", "name": code} for code in facts.countries],
        "seller": {"@type": "Organization", "name": seller},
        "hasMerchantReturnPolicy": return_policy(facts.returns),
    }
    if facts.shipping is not None:
        data["shippingDetails"] = shipping_details(facts.shipping)
    return data


def certification(facts: CertificationFacts) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "Certification",
        "name": facts.name,
        "issuedBy": {"@type": "Organization", "name": facts.issuer},
        "certificationIdentification": facts.identifier,
        "certificationStatus": _term("CertificationActive"),
        "validFrom": facts.valid_from.isoformat(),
        "expires": facts.valid_until.isoformat(),
    }
    if facts.url:
        data["url"] = facts.url
    return data


def rating(facts: RatingFacts) -> dict[str, Any]:
    return {
        "@type": "AggregateRating",
        "ratingValue": round(facts.average, 2),
        "reviewCount": facts.count,
        "bestRating": facts.best,
        "worstRating": facts.worst,
    }


def product_jsonld(facts: ProductFacts) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Product",
        "@id": facts.url + "#product",
        "url": facts.url,
        "name": facts.name,
    }
    if facts.description:
        data["description"] = facts.description
    if facts.images:
        data["image"] = list(facts.images)
    if facts.sku:
        data["sku"] = facts.sku
    if facts.brand:
        data["brand"] = {"@type": "Brand", "name": facts.brand}
    if facts.offers:
        data["offers"] = [offer(o, facts.seller) for o in facts.offers]
    if facts.certifications:
        data["hasCertification"] = [certification(c) for c in facts.certifications]
    if facts.rating is not None and facts.rating.count > 0:
        data["aggregateRating"] = rating(facts.rating)
    return data


def script_text(data: dict[str, Any]) -> Markup:
    """DATA as JSON safe to put between <script type="application/ld+json"> and </script>:
    still the same JSON to a parser, but with no "<", ">" or "&" left in its text."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in _ESCAPES.items():
        text = text.replace(raw, escaped)
    return Markup(text)
