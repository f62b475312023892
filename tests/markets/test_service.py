from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crosslive import i18n
from crosslive.errors import Conflict, InvalidInput, NotFound
from crosslive.fit.sizes import SizeSystem
from crosslive.markets import service, viewer_market, warehouses
from crosslive.markets.ad_labels import ad_label
from crosslive.markets.models import LabelPaidBy, Market, Warehouse, WarehouseRoute
from crosslive.markets.presets import (
    CREDENTIAL_TYPES,
    DEFAULT_TRUST_WEIGHTS,
    EU_COUNTRIES,
    PRESETS,
    default_weights,
)
from crosslive.markets.schemas import MarketIn, MarketUpdate, RouteIn, WarehouseIn
from crosslive.trust.models import CredentialType


@pytest.fixture
def seller_id(owner: dict[str, str | int]) -> int:
    return int(owner["seller_id"])


def _warehouse(db: Session, seller_id: int, code: str, city: str, country: str) -> Warehouse:
    data = WarehouseIn(code=code, name=f"{city} warehouse", city=city, country=country)
    return warehouses.create_warehouse(db, seller_id, data)


def test_presets_cover_the_markets_sellers_set_up() -> None:
    assert list(PRESETS) == ["US", "EU", "UK", "JP", "KR", "BR"]
    assert [(p.currency, p.size_system) for p in PRESETS.values()] == [
        ("USD", SizeSystem.US),
        ("EUR", SizeSystem.EU),
        ("GBP", SizeSystem.UK),
        ("JPY", SizeSystem.JP),
        ("KRW", SizeSystem.KR),
        ("BRL", SizeSystem.EU),
    ]
    assert len(EU_COUNTRIES) == 27 and {"DE", "FR", "IE", "SE"} <= set(EU_COUNTRIES)
    assert "GB" not in EU_COUNTRIES
    assert PRESETS["EU"].required_disclosures == (
        "gpsr",
        "review-verification",
        "prior-price",
        "ad-label",
    )
    assert PRESETS["UK"].countries == ("GB",)
    assert PRESETS["JP"].languages == ("ja",)


def test_weights_follow_the_domain_table_and_each_markets_emphasis() -> None:
    assert tuple(t.value for t in CredentialType) == CREDENTIAL_TYPES
    assert DEFAULT_TRUST_WEIGHTS == {
        "brand_endorsement": 5,
        "certification": 5,
        "sales_proof": 4,
        "reviews": 4,
        "supply_chain": 3,
        "after_sales": 5,
    }
    us, eu, jp = default_weights("us"), default_weights("EU"), default_weights("JP")
    # US: user scale and reviews above certification.
    assert us["sales_proof"] == us["reviews"] == 5 and us["certification"] == 4
    # EU: certification above reviews and sales proof.
    assert eu["certification"] == 5 and eu["reviews"] == eu["sales_proof"] == 3
    # JP: how it is made (supply chain) at the top.
    assert jp["supply_chain"] == 5 and jp["certification"] == 4
    assert default_weights("BR") == DEFAULT_TRUST_WEIGHTS
    assert default_weights("KR") == DEFAULT_TRUST_WEIGHTS


def test_ad_label_in_the_viewers_language_else_the_markets_else_english() -> None:
    assert ad_label(["ja-JP"]) == "広告 · プロモーションを含みます"
    assert ad_label(["ko", "en"]) == "광고 · 유료 광고 포함"
    assert ad_label(["en-US", "ja"]) == "Paid promotion · #ad"
    # A language without a label falls back to the market's, which Japan's rules cover.
    assert ad_label(["xx", "ja"]) == "広告 · プロモーションを含みます"
    assert ad_label(["xx"]) == "Paid promotion · #ad"
    assert ad_label([]) == "Paid promotion · #ad"


def test_add_preset_with_its_warehouse(db: Session, seller_id: int) -> None:
    market = service.add_preset(db, seller_id, "us", with_warehouse=True)
    assert (market.code, market.currency, market.languages) == ("US", "USD", ["en", "es"])
    assert market.trust_weights == dict(PRESETS["US"].trust_weights)
    promise = service.delivery_promise(market)
    assert promise is not None
    assert promise.text == "Ships from our Los Angeles warehouse in 3-5 days"
    assert service.return_terms(market).text == (
        "Return within 30 days to our Los Angeles warehouse; we pay the label"
    )
    with pytest.raises(Conflict, match="market US already exists"):
        service.add_preset(db, seller_id, "US")
    with pytest.raises(NotFound, match="no preset for 'MX'"):
        service.add_preset(db, seller_id, "MX")


def test_the_brazil_preset_sells_in_reais_with_seven_days_to_withdraw(
    db: Session, seller_id: int
) -> None:
    market = service.add_preset(db, seller_id, "br", with_warehouse=True)
    assert (market.code, market.name, market.currency) == ("BR", "Brazil", "BRL")
    assert (market.languages, market.countries) == (["pt"], ["BR"])
    assert (market.return_window_days, market.required_disclosures) == (7, ["ad-label"])
    assert market.trust_weights == DEFAULT_TRUST_WEIGHTS
    promise = service.delivery_promise(market)
    assert promise is not None
    assert promise.text == "Ships from our São Paulo warehouse in 2-7 days"
    assert service.return_terms(market).text == (
        "Return within 7 days to our São Paulo warehouse; we pay the label"
    )
    assert i18n.format_price(Decimal("1234.5"), market.currency, "pt") == "R$\xa01.234,50"


def test_delivery_promise_is_the_fastest_route(db: Session, seller_id: int) -> None:
    market = service.add_preset(db, seller_id, "EU")
    assert service.delivery_promise(market) is None
    slow = _warehouse(db, seller_id, "SZX", "Shenzhen", "CN")
    fast = _warehouse(db, seller_id, "RTM", "Rotterdam", "NL")
    update = MarketUpdate(
        routes=[
            RouteIn(warehouse_id=slow.id, delivery_days_min=7, delivery_days_max=12),
            RouteIn(warehouse_id=fast.id, delivery_days_min=2, delivery_days_max=4),
        ],
        return_warehouse_id=fast.id,
        return_label_paid_by=LabelPaidBy.BUYER,
        return_window_days=14,
        keep_it_below_minor=1500,
    )
    market = service.update_market(db, seller_id, market.id, update)
    promise = service.delivery_promise(market)
    assert promise is not None
    assert (promise.city, promise.country, promise.days_min, promise.days_max) == (
        "Rotterdam",
        "NL",
        2,
        4,
    )
    terms = service.return_terms(market)
    assert terms.text == (
        "Return within 14 days to our Rotterdam warehouse; you pay the return label. "
        "Items under €15.00 are refunded without sending them back"
    )
    assert (terms.window_days, terms.city, terms.currency) == (14, "Rotterdam", "EUR")


def test_same_day_range_and_no_returns(db: Session, seller_id: int) -> None:
    market = service.add_preset(db, seller_id, "JP")
    tokyo = _warehouse(db, seller_id, "TYO", "Tokyo", "JP")
    route = RouteIn(warehouse_id=tokyo.id, delivery_days_min=1, delivery_days_max=1)
    market = service.update_market(
        db, seller_id, market.id, MarketUpdate(routes=[route], return_window_days=0)
    )
    promise = service.delivery_promise(market)
    assert promise is not None and promise.text == "Ships from our Tokyo warehouse in 1 day"
    assert service.return_terms(market).text == "Returns are not accepted"


def test_market_validation_refuses_and_changes_nothing(db: Session, seller_id: int) -> None:
    market = service.add_preset(db, seller_id, "UK")
    cases: list[tuple[MarketUpdate, str]] = [
        (MarketUpdate(currency="£££"), "must be a 3-letter ISO code"),
        (MarketUpdate(languages=["english!"]), "not a language tag: english!"),
        (MarketUpdate(countries=["GBR"]), "not a 2-letter country code: GBR"),
        (MarketUpdate(required_disclosures=["vibes"]), "unknown disclosure vibes"),
        (MarketUpdate(trust_weights={"reviews": 9}), "reviews must be 1 to 5"),
        (MarketUpdate(trust_weights={"horoscope": 3}), "unknown credential type horoscope"),
        (MarketUpdate(return_warehouse_id=999), "warehouse 999 not found"),
        (MarketUpdate(name=None), "name cannot be empty"),
    ]
    for update, message in cases:
        with pytest.raises((InvalidInput, NotFound), match=message):
            service.update_market(db, seller_id, market.id, update)
    db.expire_all()
    again = service.get_market(db, seller_id, market.id)
    assert (again.currency, again.languages, again.countries) == ("GBP", ["en"], ["GB"])
    assert again.trust_weights == DEFAULT_TRUST_WEIGHTS


def test_routes_are_validated(db: Session, seller_id: int, other_owner: dict) -> None:
    market = service.add_preset(db, seller_id, "KR")
    mine = _warehouse(db, seller_id, "ICN", "Incheon", "KR")
    theirs = _warehouse(db, int(other_owner["seller_id"]), "PUS", "Busan", "KR")
    bad = [
        (RouteIn(warehouse_id=theirs.id, delivery_days_min=1, delivery_days_max=2), "not found"),
        (RouteIn(warehouse_id=mine.id, delivery_days_min=5, delivery_days_max=2), "fastest"),
    ]
    for route, message in bad:
        with pytest.raises((InvalidInput, NotFound), match=message):
            service.update_market(db, seller_id, market.id, MarketUpdate(routes=[route]))
    assert db.scalar(select(func.count()).select_from(WarehouseRoute)) == 0


def test_weights_stored_over_the_code_defaults(db: Session, seller_id: int) -> None:
    market = service.create_market(
        db,
        seller_id,
        MarketIn(
            code="br",
            name="Brazil",
            currency="brl",
            languages=["pt-BR"],
            countries=["br"],
            size_system=SizeSystem.EU,
            trust_weights={"reviews": 5},
        ),
    )
    assert (market.code, market.currency, market.languages, market.countries) == (
        "BR",
        "BRL",
        ["pt-br"],
        ["BR"],
    )
    assert service.effective_weights(market) == {**DEFAULT_TRUST_WEIGHTS, "reviews": 5}
    assert service.trust_weights_for(db, seller_id, "br")["reviews"] == 5
    assert service.trust_weights_for(db, seller_id, "EU") == default_weights("EU")


@pytest.mark.parametrize(
    ("country", "accept_language", "expected"),
    [
        ("DE", "en-US,en;q=0.9", "EU"),  # explicit choice beats the browser
        ("uk", None, "UK"),  # the market code works as a choice too
        ("GB", None, "UK"),
        ("BR", "ja-JP", "JP"),  # unknown choice: fall back to the browser
        (None, "en-GB,en;q=0.8", "UK"),  # region first
        (None, "fr-CA,fr;q=0.9", "EU"),  # region unknown: the language
        (None, "ja", "JP"),
        (None, "ko;q=0.5,ja;q=0.9", "JP"),  # by quality, not position
        (None, "en", "US"),  # first language of the US market, first set up
        (None, "zh-CN,zh;q=0.9", "US"),  # nothing matches: the first market
        (None, "", "US"),
        (None, "*;q=0.1, ja;q=0", "US"),  # q=0 means "not this"
    ],
)
def test_resolve_market(
    db: Session, seller_id: int, country: str | None, accept_language: str | None, expected: str
) -> None:
    for code in ("US", "EU", "UK", "JP", "KR"):
        service.add_preset(db, seller_id, code)
    market = viewer_market.resolve_market(
        db, seller_id, country=country, accept_language=accept_language
    )
    assert market.code == expected


def test_resolve_market_is_per_store(db: Session, seller_id: int, other_owner: dict) -> None:
    service.add_preset(db, int(other_owner["seller_id"]), "JP")
    with pytest.raises(NotFound, match="has not set up any market"):
        viewer_market.resolve_market(db, seller_id, country="JP", accept_language="ja")
    service.add_preset(db, seller_id, "US")
    market = viewer_market.resolve_market(db, seller_id, country="JP", accept_language="ja")
    assert (market.code, market.seller_id) == ("US", seller_id)


def test_deleting_a_warehouse_drops_its_routes_and_return_address(
    db: Session, seller_id: int
) -> None:
    market = service.add_preset(db, seller_id, "US", with_warehouse=True)
    assert market.return_warehouse_id is not None
    warehouses.delete_warehouse(db, seller_id, market.return_warehouse_id)
    market = service.get_market(db, seller_id, market.id)
    assert market.routes == [] and market.return_warehouse_id is None
    assert service.return_terms(market).text == "Return within 30 days; we pay the label"
    assert db.scalar(select(func.count()).select_from(Market)) == 1
