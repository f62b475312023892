"""Which market a viewer is in: their country choice, their browser's languages and regions,
among the markets a show sells to; and the countries a picker offers."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive import i18n
from crosslive.errors import NotFound
from crosslive.markets.models import Market
from crosslive.markets.presets import COUNTRY_ALIASES
from crosslive.markets.service import list_markets

_ACCEPT_ITEM = re.compile(
    r"^\s*([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\*)\s*(?:;\s*q=([0-9.]+))?\s*$"
)


def country_choices(
    db: Session, seller_id: int, codes: Collection[str] = (), lang: str = i18n.DEFAULT
) -> list[dict[str, str]]:
    """Every country the seller ships to in the markets CODES (all when empty), with its
    name in LANG, market and currency, by that name as LANG's readers sort it."""
    wanted = {code.upper() for code in codes}
    markets = db.scalars(select(Market).where(Market.seller_id == seller_id).order_by(Market.name))
    choices = [
        {
            "code": country.upper(),
            "name": i18n.render_value(i18n.Territory(country.upper()), lang),
            "market": market.code,
            "currency": market.currency,
        }
        for market in markets
        if not wanted or market.code in wanted
        for country in market.countries
    ]
    return sorted(choices, key=lambda choice: (sort_key(choice["name"]), choice["code"]))


def sort_key(name: str) -> tuple[str, str]:
    """NAME's place in a list of names: letters without their accents first, as dictionaries
    in German, French or Spanish file them ("Österreich" with the O's, "Égypte" with the E's),
    then the accents. Japanese files kana the same way (ド with ト) and reads past the long
    vowel mark (オーストリア before オランダ); kanji follow kana."""
    bare = "".join(
        ch
        for ch in unicodedata.normalize("NFKD", name)
        if not unicodedata.combining(ch) and ch != "ー"
    )
    return bare.casefold(), name.casefold()


def parse_accept_language(header: str | None) -> list[tuple[str, str | None]]:
    """'en-GB,ja;q=0.8' -> [('en', 'GB'), ('ja', None)], most preferred first."""
    items: list[tuple[float, int, str, str | None]] = []
    for position, part in enumerate((header or "").split(",")):
        match = _ACCEPT_ITEM.match(part)
        if match is None or match.group(1) == "*":
            continue
        try:
            quality = float(match.group(2)) if match.group(2) else 1.0
        except ValueError:
            continue
        if quality <= 0:
            continue
        subtags = match.group(1).split("-")
        region = next((s.upper() for s in subtags[1:] if len(s) == 2 and s.isalpha()), None)
        items.append((-quality, position, subtags[0].lower(), region))
    return [(lang, region) for _, _, lang, region in sorted(items)]


def serves_country(market: Market, country: str) -> bool:
    """Whether MARKET ships to COUNTRY (a code, an alias such as UK, or the market's code)."""
    code = COUNTRY_ALIASES.get(country, country)
    return market.code == country or code in (market.countries or [])


def resolve_market(
    db: Session,
    seller_id: int,
    *,
    country: str | None,
    accept_language: str | None,
    codes: Collection[str] = (),
) -> Market:
    """The viewer's market among CODES (all the seller's when empty): their explicit country
    choice, else what their browser's Accept-Language says (region first, then language),
    else the first of those markets."""
    wanted = {code.upper() for code in codes}
    markets = [m for m in list_markets(db, seller_id) if not wanted or m.code in wanted]
    if not markets:
        raise NotFound("this store has not set up any market yet")
    if country and country.strip():
        chosen = country.strip().upper()
        for market in markets:
            if serves_country(market, chosen):
                return market
    for language, region in parse_accept_language(accept_language):
        if region:
            for market in markets:
                if serves_country(market, region):
                    return market
        speaking = [m for m in markets if language in {t.split("-")[0] for t in m.languages}]
        if speaking:
            # The market where it is the first language wins (en -> US before EU).
            return min(
                speaking, key=lambda m: [t.split("-")[0] for t in m.languages].index(language)
            )
    return markets[0]
