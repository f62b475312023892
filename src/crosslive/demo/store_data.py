"""The demo store around the catalog: warehouses, how it runs the preset markets, the show."""

from __future__ import annotations

from dataclasses import dataclass, field

from crosslive.markets.models import LabelPaidBy
from crosslive.markets.schemas import WarehouseIn

STORE_SLUG = "qinglan"
STORE_NAME = "Qinglan Studio"
COMPANY = "Hangzhou Qinglan Lifestyle Co., Ltd. (fictional)"
COMPANY_ADDRESS = "Building 3, 18 Wenyi West Road, Xihu District, Hangzhou 310012, China"
OWNER_EMAIL = "owner@qinglan.example"
OWNER_NAME = "Lin Qiao"
HOST_EMAIL = "host@qinglan.example"
HOST_NAME = "Mia Chen"


@dataclass(frozen=True)
class DemoMarket:
    """How the store runs one of the ready-made markets (crosslive.markets.presets): the
    preset gives name, currency, countries, languages, sizes and disclosures; the store adds
    where it ships from and takes returns, and what it refunds without collecting the item."""

    code: str  # a preset code
    return_warehouse: str
    # Below this price (in the market currency, as written) a return is refunded without
    # collecting the item.
    keep_it_below: str
    # warehouse code -> (min days, max days)
    routes: dict[str, tuple[int, int]]
    label_paid_by: LabelPaidBy = LabelPaidBy.SELLER
    # Where the store's viewers weigh a credential type differently from the preset.
    trust_weights: dict[str, int] = field(default_factory=dict)


def _warehouse(code: str, name: str, city: str, country: str) -> WarehouseIn:
    return WarehouseIn(code=code, name=name, city=city, country=country)


WAREHOUSES = (
    _warehouse("SZX", "Shenzhen origin warehouse (Longhua)", "Shenzhen", "CN"),
    _warehouse("LAX", "Los Angeles fulfilment centre (Ontario, CA)", "Los Angeles", "US"),
    _warehouse("VNL", "Venlo EU fulfilment centre", "Venlo", "NL"),
    _warehouse("BHX", "Birmingham UK fulfilment centre", "Birmingham", "GB"),
    _warehouse("CHB", "Chiba fulfilment centre", "Chiba", "JP"),
    _warehouse("ICN", "Incheon bonded warehouse", "Incheon", "KR"),
)

MARKETS = (
    DemoMarket("US", "LAX", "15.00", {"LAX": (2, 5), "SZX": (8, 14)}),
    DemoMarket("EU", "VNL", "12.00", {"VNL": (2, 5), "SZX": (9, 15)}),
    DemoMarket("UK", "BHX", "10.00", {"BHX": (1, 3), "SZX": (8, 14)}),
    DemoMarket(
        "JP", "CHB", "1500", {"CHB": (1, 3), "SZX": (5, 9)}, trust_weights={"certification": 5}
    ),
    DemoMarket(
        "KR",
        "ICN",
        "15000",
        {"ICN": (2, 4), "SZX": (4, 8)},
        label_paid_by=LabelPaidBy.BUYER,
        trust_weights={"reviews": 5},
    ),
)


@dataclass(frozen=True)
class ShowSpec:
    slug: str  # the one shows.service makes of the title; a rerun finds the show by it
    title: str
    description: str
    starts_in_minutes: int
    duration_minutes: int
    language: str
    market_codes: tuple[str, ...]
    lineup: tuple[str, ...]  # product handles, in running order


SHOW = ShowSpec(
    slug="autumn-layers-desk-upgrades-live-from-hangzhou",
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

# The product page `crosslive demo` points to: in the scheduled show's line-up, with the one
# certificate staff verified (OEKO-TEX), so its schema.org data states a certification.
SHOWCASE_PRODUCT = "heavyweight-cotton-tee"
