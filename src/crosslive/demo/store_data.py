"""The demo store around the catalog: warehouses, markets with return policies, the show."""

from __future__ import annotations

from dataclasses import dataclass

from crosslive.markets.models import LabelPaidBy, SizeSystem

STORE_SLUG = "qinglan"
STORE_NAME = "Qinglan Studio"
COMPANY = "Hangzhou Qinglan Lifestyle Co., Ltd. (fictional)"
COMPANY_ADDRESS = "Building 3, 18 Wenyi West Road, Xihu District, Hangzhou 310012, China"
OWNER_EMAIL = "owner@qinglan.example"
OWNER_NAME = "Lin Qiao"
HOST_EMAIL = "host@qinglan.example"
HOST_NAME = "Mia Chen"


@dataclass(frozen=True)
class WarehouseSpec:
    code: str
    name: str
    city: str
    country: str


@dataclass(frozen=True)
class MarketSpec:
    code: str
    name: str
    currency: str
    languages: tuple[str, ...]
    countries: tuple[str, ...]
    size_system: SizeSystem
    return_window_days: int
    label_paid_by: LabelPaidBy
    return_warehouse: str
    # Below this price (in the market currency, as written) a return is refunded without
    # collecting the item.
    keep_it_below: str
    # warehouse code -> (min days, max days)
    routes: dict[str, tuple[int, int]]
    disclosures: tuple[str, ...]
    trust_weights: dict[str, int]


WAREHOUSES = (
    WarehouseSpec("SZX", "Shenzhen origin warehouse (Longhua)", "Shenzhen", "CN"),
    WarehouseSpec("LAX", "Los Angeles fulfilment centre (Ontario, CA)", "Los Angeles", "US"),
    WarehouseSpec("VNL", "Venlo EU fulfilment centre", "Venlo", "NL"),
    WarehouseSpec("BHX", "Birmingham UK fulfilment centre", "Birmingham", "GB"),
    WarehouseSpec("CHB", "Chiba fulfilment centre", "Chiba", "JP"),
    WarehouseSpec("ICN", "Incheon bonded warehouse", "Incheon", "KR"),
)

EU_COUNTRIES = (
    "AT", "BE", "DE", "DK", "ES", "FI", "FR", "IE", "IT", "LU", "NL", "PL", "PT", "SE",
)  # fmt: skip

MARKETS = (
    MarketSpec(
        code="US",
        name="United States",
        currency="USD",
        languages=("en", "es"),
        countries=("US",),
        size_system=SizeSystem.US,
        return_window_days=30,
        label_paid_by=LabelPaidBy.SELLER,
        return_warehouse="LAX",
        keep_it_below="15.00",
        routes={"LAX": (2, 5), "SZX": (8, 14)},
        disclosures=("ftc-endorsements", "ftc-reviews"),
        trust_weights={"sales_proof": 5, "reviews": 5, "certification": 4},
    ),
    MarketSpec(
        code="EU",
        name="European Union",
        currency="EUR",
        languages=("en", "de", "fr", "nl", "es", "it"),
        countries=EU_COUNTRIES,
        size_system=SizeSystem.EU,
        return_window_days=30,
        label_paid_by=LabelPaidBy.SELLER,
        return_warehouse="VNL",
        keep_it_below="12.00",
        routes={"VNL": (2, 5), "SZX": (9, 15)},
        disclosures=("gpsr", "omnibus-reviews", "omnibus-price"),
        trust_weights={"certification": 5, "supply_chain": 4, "reviews": 3},
    ),
    MarketSpec(
        code="UK",
        name="United Kingdom",
        currency="GBP",
        languages=("en",),
        countries=("GB",),
        size_system=SizeSystem.UK,
        return_window_days=30,
        label_paid_by=LabelPaidBy.SELLER,
        return_warehouse="BHX",
        keep_it_below="10.00",
        routes={"BHX": (1, 3), "SZX": (8, 14)},
        disclosures=("dmcc-total-price", "dmcc-reviews"),
        trust_weights={"certification": 5, "reviews": 4},
    ),
    MarketSpec(
        code="JP",
        name="Japan",
        currency="JPY",
        languages=("ja",),
        countries=("JP",),
        size_system=SizeSystem.JP,
        return_window_days=14,
        label_paid_by=LabelPaidBy.SELLER,
        return_warehouse="CHB",
        keep_it_below="1500",
        routes={"CHB": (1, 3), "SZX": (5, 9)},
        disclosures=("ad-label", "pse"),
        trust_weights={"certification": 5, "supply_chain": 5, "after_sales": 5},
    ),
    MarketSpec(
        code="KR",
        name="South Korea",
        currency="KRW",
        languages=("ko",),
        countries=("KR",),
        size_system=SizeSystem.KR,
        return_window_days=14,
        label_paid_by=LabelPaidBy.BUYER,
        return_warehouse="ICN",
        keep_it_below="15000",
        routes={"ICN": (2, 4), "SZX": (4, 8)},
        disclosures=("ad-label", "kc"),
        trust_weights={"reviews": 5, "certification": 5},
    ),
)


@dataclass(frozen=True)
class ShowSpec:
    slug: str
    title: str
    description: str
    starts_in_minutes: int
    duration_minutes: int
    language: str
    market_codes: tuple[str, ...]
    lineup: tuple[str, ...]  # product handles, in running order


SHOW = ShowSpec(
    slug="autumn-layers-live",
    title="Autumn layers & desk upgrades, live from Hangzhou",
    description=(
        "Mia tries on the heavyweight tee and the merino crew in daylight and under studio "
        "light, measures them against the size chart, then unboxes the earbuds and the 65 W "
        "charger on camera. Ask about sizing, shipping or returns at any time."
    ),
    starts_in_minutes=5,
    duration_minutes=45,
    language="en",
    market_codes=("US", "EU", "UK"),
    lineup=(
        "heavyweight-cotton-tee",
        "merino-blend-crew-sweater",
        "knit-everyday-sneaker",
        "anc-wireless-earbuds",
        "gan-charger-65w",
        "stoneware-mug",
    ),
)

# Live from the first second: `crosslive demo` takes this show live and its broadcaster
# publishes a synthetic picture into it, so the live room plays without a camera.
LIVE_SHOW = ShowSpec(
    slug="studio-desk-live",
    title="Studio desk picks, live now",
    description=(
        "A round of the studio's desk favourites: the earbuds, the 65 W charger and the "
        "stoneware mug, on a turntable under the studio light. Ask anything in the chat."
    ),
    starts_in_minutes=0,
    duration_minutes=60,
    language="en",
    market_codes=("US", "EU", "UK"),
    lineup=("anc-wireless-earbuds", "gan-charger-65w", "stoneware-mug"),
)
