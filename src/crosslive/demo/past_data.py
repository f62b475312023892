"""The demo store's earlier shows and the buyers who ordered in them (all fictional).

Names and addresses are made up; every email address is at example.com (RFC 2606), so no
real person is ever written to.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PastShow:
    slug: str
    title: str
    days_ago: int  # when it ran, counted back from the demo's start
    duration_minutes: int
    language: str
    market_codes: tuple[str, ...]
    lineup: tuple[str, ...]  # product handles, in running order
    orders: int


PAST_SHOWS: tuple[PastShow, ...] = (
    PastShow(
        slug="first-light-linen-and-tees",
        title="First light: linen and tees in daylight",
        days_ago=52,
        duration_minutes=50,
        language="en",
        market_codes=("US", "EU", "UK"),
        lineup=(
            "heavyweight-cotton-tee",
            "linen-wide-leg-trousers",
            "canvas-slip-on",
            "stoneware-mug",
        ),
        orders=26,
    ),
    PastShow(
        slug="desk-set-up-unboxing-night",
        title="Desk set-up unboxing night",
        days_ago=38,
        duration_minutes=45,
        language="en",
        market_codes=("US", "UK", "EU"),
        lineup=(
            "anc-wireless-earbuds",
            "gan-charger-65w",
            "magnetic-power-bank-10000",
            "led-desk-lamp",
        ),
        orders=22,
    ),
    PastShow(
        slug="aki-no-knitwear",
        title="秋のニット: knitwear and boots for Tokyo and Seoul",
        days_ago=27,
        duration_minutes=60,
        language="ja",
        market_codes=("JP", "KR"),
        lineup=(
            "merino-blend-crew-sweater",
            "leather-chelsea-boot",
            "silk-blend-slip-dress",
            "niacinamide-serum",
        ),
        orders=24,
    ),
    PastShow(
        slug="travel-light-down-and-sneakers",
        title="Travel light: the packable down and knit sneakers",
        days_ago=16,
        duration_minutes=45,
        language="en",
        market_codes=("US", "EU", "UK", "JP", "KR"),
        lineup=(
            "packable-down-jacket",
            "knit-everyday-sneaker",
            "mineral-sunscreen-spf50",
            "waffle-cotton-towel",
        ),
        orders=28,
    ),
    PastShow(
        slug="fitting-room-linen-trousers-and-three-pairs-of-shoes",
        title="Fitting room: linen trousers and three pairs of shoes, measured on camera",
        days_ago=10,
        duration_minutes=50,
        language="en",
        market_codes=("US", "EU", "UK"),
        lineup=(
            "linen-wide-leg-trousers",
            "knit-everyday-sneaker",
            "canvas-slip-on",
            "leather-chelsea-boot",
        ),
        orders=20,
    ),
    PastShow(
        slug="sunday-home-and-beauty",
        title="Sunday home and beauty",
        days_ago=6,
        duration_minutes=40,
        language="en",
        market_codes=("US", "EU", "UK"),
        lineup=(
            "tinted-lip-balm",
            "linen-cushion-cover",
            "stoneware-mug",
            "heavyweight-cotton-tee",
        ),
        orders=18,
    ),
)

# market code -> (given names, family names, (city, region, postal code, country) ...): a
# market of several countries has buyers in several, each address in its own country.
BUYERS: dict[
    str, tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, str, str, str], ...]]
] = {
    "US": (
        ("Ava", "Jordan", "Maya", "Ethan", "Chloe", "Noah"),
        ("Miller", "Garcia", "Nguyen", "Brooks", "Patel", "Reed"),
        (
            ("Austin", "TX", "78701", "US"),
            ("Portland", "OR", "97205", "US"),
            ("Columbus", "OH", "43215", "US"),
        ),
    ),
    "EU": (
        ("Lena", "Jonas", "Camille", "Luca", "Sofia", "Mathis"),
        ("Schneider", "Dubois", "Rossi", "Janssen", "Novak", "García"),
        (
            ("Berlin", "", "10115", "DE"),
            ("Lyon", "", "69002", "FR"),
            ("Utrecht", "", "3511 LX", "NL"),
        ),
    ),
    "UK": (
        ("Olivia", "Harry", "Amelia", "George", "Isla", "Oscar"),
        ("Smith", "Taylor", "Evans", "Khan", "Walsh", "Hughes"),
        (
            ("Leeds", "", "LS1 4AP", "GB"),
            ("Bristol", "", "BS1 5TR", "GB"),
            ("Glasgow", "", "G1 1XQ", "GB"),
        ),
    ),
    "JP": (
        ("Yui", "Haruto", "Sakura", "Ren", "Aoi", "Sota"),
        ("Sato", "Suzuki", "Takahashi", "Tanaka", "Ito", "Kobayashi"),
        (("Shibuya-ku", "Tokyo", "150-0001", "JP"), ("Kita-ku", "Osaka", "530-0001", "JP")),
    ),
    "KR": (
        ("Seo-yeon", "Min-jun", "Ji-woo", "Do-yun", "Ha-eun", "Eun-woo"),
        ("Kim", "Lee", "Park", "Choi", "Jung", "Kang"),
        (("Mapo-gu", "Seoul", "04040", "KR"), ("Haeundae-gu", "Busan", "48094", "KR")),
    ),
}

# market code -> the carrier its parcels go with (orders.tracking knows their pages)
CARRIERS: dict[str, str] = {
    "US": "USPS",
    "EU": "DHL",
    "UK": "Royal Mail",
    "JP": "YunExpress",
    "KR": "SF Express",
}
