"""Who is watching: the viewer's market (markets service) and language, and the paid-promotion
label in that language."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy.orm import Session

from crosslive.errors import NotFound
from crosslive.markets import ad_labels, viewer_market
from crosslive.markets.models import Market
from crosslive.trust.models import Credential


@dataclass(frozen=True)
class Audience:
    market: Market | None
    language: str
    country: str
    # The country the viewer asked for, or their browser's, when none of the markets on offer
    # ships there ("" otherwise): the page says so instead of pretending.
    unserved: str = ""


def resolve(
    db: Session,
    seller_id: int,
    *,
    country: str,
    accept_language: str,
    codes: Collection[str] = (),
) -> Audience:
    """Among the markets CODES (all the seller's when empty): the chosen country wins, then
    the browser's regions and languages, then the first market."""
    preferred = viewer_market.parse_accept_language(accept_language)
    language = preferred[0][0] if preferred else "en"
    try:
        market: Market | None = viewer_market.resolve_market(
            db, seller_id, country=country, accept_language=accept_language, codes=codes
        )
    except NotFound:
        market = None
    asked = country.strip().upper() or next((r for _, r in preferred if r), "")
    chosen = country.strip().upper()
    if market is not None and not (chosen and chosen in market.countries):
        chosen = next((r for _, r in preferred if r and r in market.countries), "")
        chosen = chosen or (market.countries[0] if market.countries else "")
    served = market is None or not asked or viewer_market.serves_country(market, asked)
    return Audience(
        market=market, language=language, country=chosen, unserved="" if served else asked
    )


def applies_to_market(credential: Credential, market: Market | None) -> bool:
    if not credential.market_codes:
        return True
    return market is not None and market.code in credential.market_codes


def ad_label(who: Audience, page_language: str = "") -> str:
    """The paid-promotion label in the page's language when the viewer chose it, else in the
    browser's own, else the market's, else English."""
    first = [page_language] if page_language else [who.language]
    return ad_labels.ad_label([*first, who.language, *(who.market.languages if who.market else [])])
