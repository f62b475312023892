"""Ready-made market definitions a seller adds with one click (and the demo reuses).

Trust weights say how much viewers in a market weigh each kind of credential (1-5). The
defaults follow the cross-border table; markets shift the emphasis: EU viewers weigh safety
and environmental certification, US viewers user scale and reviews, JP viewers detail and
craftsmanship (how and where it is made).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from crosslive.fit.sizes import SizeSystem
from crosslive.markets.models import LabelPaidBy

CREDENTIAL_TYPES = (
    "brand_endorsement",
    "certification",
    "sales_proof",
    "reviews",
    "supply_chain",
    "after_sales",
)

DEFAULT_TRUST_WEIGHTS: dict[str, int] = {
    "brand_endorsement": 5,
    "certification": 5,
    "sales_proof": 4,
    "reviews": 4,
    "supply_chain": 3,
    "after_sales": 5,
}

MIN_WEIGHT, MAX_WEIGHT = 1, 5

# Disclosures an offer may be required to carry, by key, with what each one asks for.
DISCLOSURES: dict[str, str] = {
    "gpsr": "Manufacturer, EU responsible person, product identifiers and safety warnings "
    "in the viewer's language (GPSR 2023/988)",
    "review-verification": "Say whether and how reviews are verified (Omnibus 2019/2161)",
    "prior-price": "A price cut is measured against the lowest price of the prior 30 days",
    "ad-label": "Paid promotions are labelled as ads in the viewer's language",
    "material-connection": "Endorsers' material connections are disclosed (FTC Endorsement Guides)",
    "genuine-reviews": "No fake, bought or insider reviews; no review suppression",
    "total-price": "The total price is shown up front (DMCC Act 2024)",
    "pse": "Electrical goods carry the PSE mark",
    "kc": "Electrical goods and children's products carry the KC mark",
}

EU_COUNTRIES = (
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
    "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
)  # fmt: skip

EU_LANGUAGES = (
    "en", "de", "fr", "it", "es", "nl", "pl", "pt", "sv", "da", "fi", "cs", "el", "hu",
    "ro", "bg", "hr", "sk", "sl", "et", "lv", "lt", "ga", "mt",
)  # fmt: skip


@dataclass(frozen=True)
class WarehousePreset:
    """A typical local warehouse for the market (only added when the seller asks for it)."""

    code: str
    name: str
    city: str
    country: str
    days_min: int
    days_max: int


@dataclass(frozen=True)
class MarketPreset:
    code: str
    name: str
    currency: str
    languages: tuple[str, ...]
    countries: tuple[str, ...]
    size_system: SizeSystem
    required_disclosures: tuple[str, ...]
    trust_weights: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_TRUST_WEIGHTS))
    return_window_days: int = 30
    return_label_paid_by: LabelPaidBy = LabelPaidBy.SELLER
    warehouse: WarehousePreset | None = None


def _weights(
    *, brand: int, cert: int, sales: int, reviews: int, supply: int, after: int
) -> dict[str, int]:
    values = (brand, cert, sales, reviews, supply, after)
    return dict(zip(CREDENTIAL_TYPES, values, strict=True))


PRESETS: dict[str, MarketPreset] = {
    "US": MarketPreset(
        code="US",
        name="United States",
        currency="USD",
        languages=("en", "es"),
        countries=("US",),
        size_system=SizeSystem.US,
        required_disclosures=("ad-label", "material-connection", "genuine-reviews"),
        trust_weights=_weights(brand=4, cert=4, sales=5, reviews=5, supply=3, after=5),
        warehouse=WarehousePreset("LAX", "Los Angeles warehouse", "Los Angeles", "US", 3, 5),
    ),
    "EU": MarketPreset(
        code="EU",
        name="European Union",
        currency="EUR",
        languages=EU_LANGUAGES,
        countries=EU_COUNTRIES,
        size_system=SizeSystem.EU,
        required_disclosures=("gpsr", "review-verification", "prior-price", "ad-label"),
        trust_weights=_weights(brand=4, cert=5, sales=3, reviews=3, supply=4, after=5),
        warehouse=WarehousePreset("RTM", "Rotterdam warehouse", "Rotterdam", "NL", 2, 5),
    ),
    "UK": MarketPreset(
        code="UK",
        name="United Kingdom",
        currency="GBP",
        languages=("en",),
        countries=("GB",),
        size_system=SizeSystem.UK,
        required_disclosures=("total-price", "genuine-reviews", "ad-label"),
        warehouse=WarehousePreset("LON", "London warehouse", "London", "GB", 2, 4),
    ),
    "JP": MarketPreset(
        code="JP",
        name="Japan",
        currency="JPY",
        languages=("ja",),
        countries=("JP",),
        size_system=SizeSystem.JP,
        required_disclosures=("ad-label", "pse"),
        trust_weights=_weights(brand=4, cert=4, sales=3, reviews=4, supply=5, after=5),
        return_window_days=14,
        warehouse=WarehousePreset("TYO", "Tokyo warehouse", "Tokyo", "JP", 1, 3),
    ),
    "KR": MarketPreset(
        code="KR",
        name="South Korea",
        currency="KRW",
        languages=("ko",),
        countries=("KR",),
        size_system=SizeSystem.KR,
        required_disclosures=("ad-label", "kc"),
        return_window_days=14,
        warehouse=WarehousePreset("ICN", "Incheon warehouse", "Incheon", "KR", 2, 4),
    ),
    # Brazil: CONAR's guide for digital influencers (2021) wants paid posts labelled as ads;
    # the Consumer Defence Code (Lei 8.078/1990, art. 49) lets a buyer who bought outside a
    # shop withdraw within 7 days of receipt. No Brazilian size system yet: EU numbers.
    "BR": MarketPreset(
        code="BR",
        name="Brazil",
        currency="BRL",
        languages=("pt",),
        countries=("BR",),
        size_system=SizeSystem.EU,
        required_disclosures=("ad-label",),
        return_window_days=7,
        warehouse=WarehousePreset("GRU", "São Paulo warehouse", "São Paulo", "BR", 2, 7),
    ),
}

# Country codes people type that are not the ISO code of the market's countries.
COUNTRY_ALIASES = {"UK": "GB", "EL": "GR"}


def default_weights(market_code: str) -> dict[str, int]:
    """The trust weights for a market code before the seller changes anything."""
    preset = PRESETS.get(market_code.upper())
    return dict(preset.trust_weights if preset else DEFAULT_TRUST_WEIGHTS)
