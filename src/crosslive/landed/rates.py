"""Tax rate tables in basis points (1 % = 100), and who shows prices tax-inclusive.

EU rates: each member state's standard rate and one reduced rate, the highest reduced rate
it applies to goods (a rate kept for services such as accommodation, restaurants or
transport does not count; Denmark has none, so its reduced rate is the standard one).
Checked on 3 December 2026 against published tables and national announcements (sources and
what changed in docs/payments.md, "Where the numbers come from"): Finland's reduced rate
is 13.5 % since 1 January 2026; Lithuania dropped its 9 % rate on 1 January 2026 (books
went to 5 %, its 12 % rate covers services only); Estonia's 13 % and Malta's 7 % are
accommodation rates and Cyprus's 9 % covers restaurants, accommodation and transport, so
goods take 9 %, 5 % and 5 %. Rates change: the seller checks them before going live (a
market's `reduced_categories` choose which categories take the reduced rate).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

# country: (standard, reduced), basis points.
EU_VAT: dict[str, tuple[int, int]] = {
    "AT": (2000, 1300),
    "BE": (2100, 1200),
    "BG": (2000, 900),
    "CY": (1900, 500),
    "CZ": (2100, 1200),
    "DE": (1900, 700),
    "DK": (2500, 2500),
    "EE": (2400, 900),
    "ES": (2100, 1000),
    "FI": (2550, 1350),
    "FR": (2000, 1000),
    "GR": (2400, 1300),
    "HR": (2500, 1300),
    "HU": (2700, 1800),
    "IE": (2300, 1350),
    "IT": (2200, 1000),
    "LT": (2100, 500),
    "LU": (1700, 1400),
    "LV": (2100, 1200),
    "MT": (1800, 500),
    "NL": (2100, 900),
    "PL": (2300, 800),
    "PT": (2300, 1300),
    "RO": (2100, 1100),
    "SE": (2500, 1200),
    "SI": (2200, 950),
    "SK": (2300, 1900),
}
# UK VAT, Japan's consumption tax (8 % reduced rate), Korea's VAT (one rate).
OTHER_VAT: dict[str, tuple[int, int]] = {
    "GB": (2000, 500),
    "JP": (1000, 800),
    "KR": (1000, 1000),
}


@dataclass(frozen=True)
class TaxRate:
    basis_points: int
    inclusive: bool  # prices shown with the tax in them (EU, UK, JP, KR); US adds it


class TaxProvider(Protocol):
    """Where a sales-tax rate comes from where no national table applies (US states).

    The built-in `FixedRate` uses the rate the seller configured for the market; a provider
    backed by a tax service implements `rate` with the same arguments."""

    def rate(self, country: str, region: str, category: str) -> int: ...


@dataclass(frozen=True)
class FixedRate:
    basis_points: int = 0

    def rate(self, country: str, region: str, category: str) -> int:
        return self.basis_points


def is_eu(country: str) -> bool:
    return country.upper() in EU_VAT


def customs_territory(country: str) -> str:
    """The customs territory COUNTRY belongs to: "EU" for a member state (one customs union),
    else the country itself; "" where the country is unknown."""
    code = country.strip().upper()
    return "EU" if code in EU_VAT else code


def same_customs_territory(origin: str, destination: str) -> bool:
    """Whether goods sent from ORIGIN to DESTINATION stay inside one customs territory (NL to
    DE, GB to GB, US to US): no customs border, so no duty and no import VAT at the door."""
    territory = customs_territory(origin)
    return bool(territory) and territory == customs_territory(destination)


def vat_rate(country: str, reduced: bool) -> TaxRate | None:
    """The national VAT rate of COUNTRY (inclusive prices), or None where no table applies."""
    pair = EU_VAT.get(country.upper()) or OTHER_VAT.get(country.upper())
    if pair is None:
        return None
    return TaxRate(pair[1] if reduced else pair[0], inclusive=True)


def tax_rate(
    country: str, region: str, category: str, reduced: bool, provider: TaxProvider
) -> TaxRate:
    """VAT where a national table applies, else the provider's sales tax added on top."""
    national = vat_rate(country, reduced)
    if national is not None:
        return national
    return TaxRate(provider.rate(country, region, category), inclusive=False)
