"""Money as integer minor units: parsing and display per ISO 4217 currency exponent."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Annotated

from pydantic import Field

from crosslive import i18n
from crosslive.errors import InvalidInput

# Currencies without minor units; everything else we sell in uses 2 decimals.
_ZERO_DECIMAL = {"JPY", "KRW", "VND", "CLP", "ISK", "HUF", "TWD"}
_THREE_DECIMAL = {"KWD", "BHD", "OMR", "JOD", "TND"}
_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "KRW": "₩", "CNY": "CN¥"}


def exponent(currency: str) -> int:
    code = currency.upper()
    if code in _ZERO_DECIMAL:
        return 0
    if code in _THREE_DECIMAL:
        return 3
    return 2


# The largest price crosslive takes, in minor units: what a price's INTEGER column holds on
# every database ($20 million; ¥2 billion). Order totals are BIGINT.
MAX_PRICE_MINOR = 2_000_000_000
# A price's magnitude is checked before it becomes an integer, so '1e1000000' is refused at
# once instead of building a million digits.
MAX_UNITS_DIGITS = 10
MAX_TEXT = 40
PriceMinor = Annotated[int, Field(ge=0, le=MAX_PRICE_MINOR)]


def parse_amount(text: str, currency: str) -> int:
    """'19.99' USD -> 1999; '2500' JPY -> 2500. Refuses negatives and extra decimals."""
    if len(text) > MAX_TEXT:
        raise InvalidInput(f"{text[:MAX_TEXT]!r}... is not a price")
    try:
        value = Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        raise InvalidInput(f"{text!r} is not a price") from None
    if not value.is_finite() or value < 0:
        raise InvalidInput(f"{text!r} is not a price")
    if value.adjusted() >= MAX_UNITS_DIGITS:
        raise InvalidInput(f"{text!r} is more than any price crosslive takes")
    scaled = value.scaleb(exponent(currency))
    if scaled != scaled.to_integral_value():
        raise InvalidInput(f"{text!r} has more decimals than {currency.upper()} allows")
    if scaled > MAX_PRICE_MINOR:
        raise InvalidInput(f"{text!r} is more than any price crosslive takes")
    return int(scaled)


def to_decimal(amount_minor: int, currency: str) -> Decimal:
    return Decimal(amount_minor).scaleb(-exponent(currency))


def convert(amount_minor: int, rate: Decimal, from_currency: str, to_currency: str) -> int:
    """Convert with a rate (units of to_currency per unit of from_currency), rounded half up."""
    value = to_decimal(amount_minor, from_currency) * rate
    return int(value.scaleb(exponent(to_currency)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def format_money(amount_minor: int, currency: str) -> str:
    """1999 USD -> '$19.99'; 2500 JPY -> '¥2,500'; 1999 SEK -> '19.99 SEK'; a loss with its
    sign first: -600 USD -> '-$6.00' (never '$-6.00')."""
    code = currency.upper()
    digits = exponent(code)
    number = f"{to_decimal(abs(amount_minor), code):,.{digits}f}"
    sign = "-" if amount_minor < 0 else ""
    symbol = _SYMBOLS.get(code)
    return f"{sign}{symbol}{number}" if symbol else f"{sign}{number} {code}"


def format_money_in(amount_minor: int, currency: str, lang: str) -> str:
    """A price as the language LANG writes it ('50,00 $' in de, Babel); English (and a
    language crosslive has no pages in) keeps the house format of format_money."""
    if i18n.supported(lang) in ("", i18n.DEFAULT):
        return format_money(amount_minor, currency)
    return i18n.format_price(to_decimal(amount_minor, currency), currency, i18n.supported(lang))
