"""The city line(s) of a postal address, in the order the destination country writes them:
'Austin, TX 78701' in the United States, '10115 Berlin' in Germany, the postcode on a line
of its own under the town in the United Kingdom, '〒150-0001 Tokyo Shibuya-ku' in Japan.
The order page, the confirmation email, the admin's order page and the packing slip all
write an address's locality through `locality_lines`."""

from __future__ import annotations

from typing import Protocol

# City, then region and postal code: "Austin, TX 78701", "Mapo-gu, Seoul 04040".
CITY_COMMA_REGION_POSTAL = frozenset({"US", "PR", "KR", "CN", "TW", "IN", "PH", "MY", "ID"})
# The same without the comma: "Toronto ON M5V 2T6", "Sydney NSW 2000".
CITY_REGION_POSTAL = frozenset({"CA", "AU", "NZ", "SG", "ZA", "TH"})
# Town, county and postcode each on a line of their own: "Leeds" / "LS1 4AP".
POSTAL_ON_OWN_LINE = frozenset({"GB", "IE", "IM", "JE", "GG"})
# The postal code first, then the larger place before the smaller: "〒150-0001 Tokyo Shibuya-ku".
POSTAL_FIRST_LARGEST_FIRST = frozenset({"JP"})
# Every other country (most of Europe and Latin America): "10115 Berlin", "28001 Madrid, M".


class Located(Protocol):
    """What an address's locality is made of (an order, a shipping address)."""

    city: str
    region: str
    postal_code: str
    country: str


def _join(separator: str, *parts: str) -> str:
    return separator.join(part for part in parts if part)


def locality_lines(address: Located) -> list[str]:
    """The lines that follow the street in ADDRESS's country's order (none left empty)."""
    city, region, postal = address.city, address.region, address.postal_code
    country = address.country.upper()
    if country in CITY_COMMA_REGION_POSTAL:
        lines = [_join(", ", city, _join(" ", region, postal))]
    elif country in CITY_REGION_POSTAL:
        lines = [_join(" ", city, region, postal)]
    elif country in POSTAL_ON_OWN_LINE:
        lines = [city, region, postal]
    elif country in POSTAL_FIRST_LARGEST_FIRST:
        lines = [_join(" ", f"〒{postal}" if postal else "", region, city)]
    else:
        lines = [_join(", ", _join(" ", postal, city), region)]
    return [line for line in lines if line]
