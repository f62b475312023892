"""Who is watching: the viewer's market (markets service) and language, and the paid-promotion
label in that language."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from crosslive.errors import NotFound
from crosslive.markets import service as markets_service
from crosslive.markets.models import Market
from crosslive.trust.models import Credential

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


@dataclass(frozen=True)
class Audience:
    market: Market | None
    language: str
    country: str


def resolve(db: Session, seller_id: int, *, country: str, accept_language: str) -> Audience:
    """The chosen country wins, then the browser's regions and languages, then the first market."""
    preferred = markets_service.parse_accept_language(accept_language)
    language = preferred[0][0] if preferred else "en"
    try:
        market: Market | None = markets_service.resolve_market(
            db, seller_id, country=country, accept_language=accept_language
        )
    except NotFound:
        market = None
    chosen = country.strip().upper()
    if market is not None and not (chosen and chosen in market.countries):
        chosen = next((r for _, r in preferred if r and r in market.countries), "")
        chosen = chosen or (market.countries[0] if market.countries else "")
    return Audience(market=market, language=language, country=chosen)


def applies_to_market(credential: Credential, market: Market | None) -> bool:
    if not credential.market_codes:
        return True
    return market is not None and market.code in credential.market_codes


def ad_label(who: Audience) -> str:
    """The label in the viewer's language, else the market's first language, else English."""
    languages = [who.language] + (list(who.market.languages) if who.market else [])
    for language in languages:
        label = AD_LABELS.get(language.split("-")[0].lower())
        if label:
            return label
    return AD_LABELS["en"]
