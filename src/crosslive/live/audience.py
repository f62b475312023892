"""Who is watching: the viewer's market and language from the browser and their choice.

Until the markets and trust services land on main, the live room carries the minimal queries
it needs here (resolve the market, its delivery promise and return terms, and the credentials
a viewer of that market may see, ordered by the market's weights).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from crosslive.markets.models import LabelPaidBy, Market
from crosslive.trust.models import Credential, CredentialType, credential_products

DEFAULT_WEIGHTS = {
    CredentialType.BRAND_ENDORSEMENT.value: 5,
    CredentialType.CERTIFICATION.value: 5,
    CredentialType.SALES_PROOF.value: 4,
    CredentialType.REVIEWS.value: 4,
    CredentialType.SUPPLY_CHAIN.value: 3,
    CredentialType.AFTER_SALES.value: 5,
}

AD_LABELS = {
    "en": "Paid promotion · #ad",
    "ja": "広告 · プロモーションを含みます",
    "ko": "광고 · 유료 광고 포함",
    "de": "Werbung · bezahlte Partnerschaft",
    "fr": "Publicité · partenariat rémunéré",
    "es": "Publicidad · promoción pagada",
    "it": "Pubblicità · promozione a pagamento",
    "nl": "Advertentie · betaalde promotie",
    "pt": "Publicidade · promoção paga",
    "zh": "广告 · 付费推广",
    "ar": "إعلان · ترويج مدفوع",
    "pl": "Reklama · płatna promocja",
    "sv": "Annons · betalt samarbete",
}


def parse_accept_language(header: str) -> list[str]:
    """'ja-JP,ja;q=0.9,en;q=0.8' -> ['ja-JP', 'ja', 'en'] (by quality, then order)."""
    tags: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        pieces = part.strip().split(";")
        tag = pieces[0].strip()
        if not tag or tag == "*":
            continue
        quality = 1.0
        for param in pieces[1:]:
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        tags.append((-quality, index, tag))
    return [tag for _, _, tag in sorted(tags)]


@dataclass(frozen=True)
class Audience:
    market: Market | None
    language: str
    country: str


def resolve(db: Session, seller_id: int, *, country: str, accept_language: str) -> Audience:
    """The chosen country wins, then the browser's regions, then its languages, then the first."""
    markets = list(
        db.scalars(select(Market).where(Market.seller_id == seller_id).order_by(Market.id))
    )
    tags = parse_accept_language(accept_language)
    language = tags[0].split("-")[0].lower() if tags else "en"
    country = country.strip().upper()
    candidates = [country] if country else [t.split("-")[1].upper() for t in tags if "-" in t]
    for code in candidates:
        for market in markets:
            if code in [c.upper() for c in market.countries]:
                return Audience(market, language, code)
    for tag in tags:
        lang = tag.split("-")[0].lower()
        for market in markets:
            if lang in [m.lower() for m in market.languages]:
                return Audience(market, language, country)
    return Audience(markets[0] if markets else None, language, country)


def delivery_promise(market: Market, country: str = "") -> dict[str, Any] | None:
    """The nearest warehouse serving the market: one in the viewer's country, else the fastest."""
    if not market.routes:
        return None

    def rank(route: Any) -> tuple[int, int, int]:
        local = 0 if country and route.warehouse.country.upper() == country else 1
        return (local, route.delivery_days_max, route.delivery_days_min)

    route = min(market.routes, key=rank)
    return {
        "warehouse": route.warehouse.name,
        "city": route.warehouse.city,
        "country": route.warehouse.country,
        "days_min": route.delivery_days_min,
        "days_max": route.delivery_days_max,
    }


def return_terms(market: Market) -> dict[str, Any]:
    warehouse = market.return_warehouse
    return {
        "days": market.return_window_days,
        "label_paid_by": market.return_label_paid_by.value,
        "we_pay_label": market.return_label_paid_by == LabelPaidBy.SELLER,
        "return_to": (
            {"name": warehouse.name, "city": warehouse.city, "country": warehouse.country}
            if warehouse
            else None
        ),
        "keep_it_below_minor": market.keep_it_below_minor,
        "currency": market.currency,
    }


def weight_of(market: Market | None, credential_type: str) -> int:
    weights = (market.trust_weights if market else None) or {}
    value = weights.get(credential_type, DEFAULT_WEIGHTS.get(credential_type, 1))
    return int(value)


def displayable_credentials(
    db: Session, seller_id: int, product_id: int | None, market: Market | None, today: date
) -> list[Credential]:
    """Credentials a viewer of this market may see for the product, heaviest first."""
    query = select(Credential).where(Credential.seller_id == seller_id)
    if product_id is not None:
        in_scope = select(credential_products.c.credential_id).where(
            credential_products.c.product_id == product_id
        )
        query = query.where(or_(Credential.all_products.is_(True), Credential.id.in_(in_scope)))
    shown = [
        c
        for c in db.scalars(query.order_by(Credential.id))
        if not c.missing_for_display(today) and applies_to_market(c, market)
    ]
    return sorted(shown, key=lambda c: -weight_of(market, c.type.value))


def applies_to_market(credential: Credential, market: Market | None) -> bool:
    if not credential.market_codes:
        return True
    return market is not None and market.code in credential.market_codes


def ad_label(language: str) -> str:
    return AD_LABELS.get(language.split("-")[0].lower(), AD_LABELS["en"])
