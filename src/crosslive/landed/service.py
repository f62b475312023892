"""Landed-cost settings, shipping fees per route, and quoting a market's breakdown."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive import i18n
from crosslive.catalog.models import Category
from crosslive.errors import InvalidInput, NotFound
from crosslive.i18n import N_
from crosslive.landed import rates
from crosslive.landed.breakdown import Breakdown, LandedLine, MarketRules, landed_cost
from crosslive.landed.models import LandedSettings, ShippingFee
from crosslive.landed.schemas import (
    BreakdownOut,
    LandedSettingsIn,
    LandedSettingsOut,
    ShippingFeeIn,
    ShippingFeeOut,
)
from crosslive.landed.shipping import ShippingRule, shipping_fee
from crosslive.markets import service as markets_service
from crosslive.markets.models import Market, WarehouseRoute
from crosslive.money import format_money, to_decimal

# Duty-free value per market code, in that currency's minor units; the seller overrides it
# per market. US: the de minimis entry is suspended for all countries since 29 August 2025.
DE_MINIMIS: dict[str, tuple[str, int]] = {
    "US": ("USD", 0),
    "JP": ("JPY", 10000),
    "KR": ("KRW", 150000),
    "UK": ("GBP", 13500),
    "GB": ("GBP", 13500),
    "EU": ("EUR", 15000),
}
CATEGORIES = {c.value for c in Category}


def default_de_minimis(market: Market) -> int:
    currency, amount = DE_MINIMIS.get(market.code, ("", 0))
    return amount if currency == market.currency else 0


def _market(db: Session, seller_id: int, code: str) -> Market:
    market = markets_service.find_market(db, seller_id, code.strip().upper())
    if market is None:
        raise NotFound(f"market {code} not found")
    return market


def _categories(values: list[str] | dict[str, int], what: str) -> None:
    unknown = sorted(set(values) - CATEGORIES)
    if unknown:
        raise InvalidInput(f"{what}: unknown categories {', '.join(unknown)}")


def settings_for(db: Session, market: Market) -> LandedSettings | None:
    return db.scalar(select(LandedSettings).where(LandedSettings.market_id == market.id))


def settings_out(market: Market, row: LandedSettings | None) -> LandedSettingsOut | None:
    if row is None:
        return None
    return LandedSettingsOut(
        market_code=market.code,
        taxes=row.taxes,
        regime=row.regime,
        de_minimis_minor=row.de_minimis_minor,
        ioss_number=row.ioss_number,
        sales_tax_bp=row.sales_tax_bp,
        duty_bp=dict(row.duty_bp),
        reduced_categories=list(row.reduced_categories),
    )


def put_settings(
    db: Session, seller_id: int, code: str, data: LandedSettingsIn
) -> LandedSettingsOut:
    """Create or replace a market's landed-cost settings."""
    market = _market(db, seller_id, code)
    _categories(data.duty_bp, "duty rates")
    _categories(data.reduced_categories, "reduced-rate categories")
    if any(not 0 <= bp <= 10000 for bp in data.duty_bp.values()):
        raise InvalidInput("a duty rate is between 0 and 10000 basis points (0-100 %)")
    row = settings_for(db, market) or LandedSettings(seller_id=seller_id, market_id=market.id)
    row.taxes = data.taxes
    row.regime = data.regime
    row.de_minimis_minor = (
        default_de_minimis(market) if data.de_minimis_minor is None else data.de_minimis_minor
    )
    row.ioss_number = data.ioss_number.upper()
    row.sales_tax_bp = data.sales_tax_bp
    row.duty_bp = dict(sorted(data.duty_bp.items()))
    row.reduced_categories = sorted(set(data.reduced_categories))
    db.add(row)
    db.flush()
    out = settings_out(market, row)
    assert out is not None
    return out


def get_settings(db: Session, seller_id: int, code: str) -> LandedSettingsOut | None:
    market = _market(db, seller_id, code)
    return settings_out(market, settings_for(db, market))


def _route(market: Market, warehouse_code: str) -> WarehouseRoute:
    for route in market.routes:
        if route.warehouse.code == warehouse_code.strip().upper():
            return route
    raise NotFound(f"warehouse {warehouse_code} does not serve market {market.code}")


def put_shipping_fee(
    db: Session, seller_id: int, code: str, warehouse_code: str, data: ShippingFeeIn
) -> ShippingFeeOut:
    """Create or replace the fee of the route from a warehouse to a market."""
    market = _market(db, seller_id, code)
    route = _route(market, warehouse_code)
    if any(grams <= 0 or fee < 0 for grams, fee in data.bands):
        raise InvalidInput("a weight band is [up to grams > 0, fee >= 0]")
    if len({grams for grams, _ in data.bands}) != len(data.bands):
        raise InvalidInput("two weight bands end at the same weight")
    row = db.scalar(
        select(ShippingFee).where(
            ShippingFee.market_id == market.id, ShippingFee.warehouse_id == route.warehouse_id
        )
    ) or ShippingFee(seller_id=seller_id, market_id=market.id, warehouse_id=route.warehouse_id)
    row.flat_minor = data.flat_minor
    row.bands = [list(band) for band in sorted(data.bands)]
    row.free_above_minor = data.free_above_minor
    db.add(row)
    db.flush()
    return ShippingFeeOut(
        market_code=market.code, warehouse_code=route.warehouse.code, **data.model_dump()
    )


def shipping_fees(db: Session, market: Market) -> list[ShippingFeeOut]:
    """The fee of each route serving MARKET (routes without one are left out)."""
    codes = {r.warehouse_id: r.warehouse.code for r in market.routes}
    rows = db.scalars(select(ShippingFee).where(ShippingFee.market_id == market.id))
    return [
        ShippingFeeOut(
            market_code=market.code,
            warehouse_code=codes[row.warehouse_id],
            flat_minor=row.flat_minor,
            bands=[(int(g), int(f)) for g, f in row.bands],
            free_above_minor=row.free_above_minor,
        )
        for row in rows
        if row.warehouse_id in codes
    ]


def fastest_route(market: Market) -> WarehouseRoute | None:
    """The market's fastest route (what a product sheet promises before stock is known)."""
    routes = markets_service.fastest_first(market)
    return routes[0] if routes else None


def shipping_rule(
    db: Session, market: Market, route: WarehouseRoute | None = None
) -> ShippingRule | None:
    """The fee rule of ROUTE (default: the market's fastest); None where none is set."""
    route = route or fastest_route(market)
    if route is None:
        return None
    row = db.scalar(
        select(ShippingFee).where(
            ShippingFee.market_id == market.id, ShippingFee.warehouse_id == route.warehouse_id
        )
    )
    if row is None:
        return None
    bands = tuple((int(g), int(f)) for g, f in row.bands)
    return ShippingRule(row.flat_minor, bands, row.free_above_minor)


def shipping_text(
    db: Session,
    market: Market,
    price_minor: int,
    grams: int,
    route: WarehouseRoute | None = None,
    lang: str = i18n.DEFAULT,
) -> str:
    """The product sheet's shipping line for one unit sent by ROUTE (default: the fastest),
    in LANG: "€5.00 (free from €100.00)", "free", or "" where the route has no fee set."""
    rule = shipping_rule(db, market, route)
    if rule is None:
        return ""
    catalog = i18n.translations(lang)
    fee = shipping_fee(rule, price_minor, grams)
    if fee == 0:
        return catalog.gettext(N_("free"))
    text = _price(fee, market.currency, lang)
    if rule.free_above_minor is not None:
        free_from = _price(rule.free_above_minor, market.currency, lang)
        text += " " + catalog.gettext(N_("(free from %(amount)s)")) % {"amount": free_from}
    return text


def _price(amount_minor: int, currency: str, lang: str) -> str:
    """English keeps the house format (money.format_money); other languages write it their way."""
    if lang == i18n.DEFAULT:
        return format_money(amount_minor, currency)
    return i18n.format_price(to_decimal(amount_minor, currency), currency, lang)


def parcels_fee(
    db: Session,
    market: Market,
    lines: list[LandedLine],
    routes: Mapping[str, WarehouseRoute | None],
) -> int:
    """The shipping of LINES sent as one parcel per route (ROUTES: line key -> route; a line
    without one goes by the fastest route): each parcel pays its own route's fee."""
    parcels: dict[int | None, list[LandedLine]] = {}
    by_id: dict[int | None, WarehouseRoute | None] = {}
    for line in lines:
        route = routes.get(line.key) or fastest_route(market)
        key = route.id if route else None
        parcels.setdefault(key, []).append(line)
        by_id[key] = route
    fee = 0
    for key, group in parcels.items():
        rule = shipping_rule(db, market, by_id[key]) if by_id[key] else None
        goods = sum(line.unit_price_minor * line.quantity for line in group)
        fee += shipping_fee(rule, goods, sum(line.grams * line.quantity for line in group))
    return fee


def market_rules(db: Session, market: Market) -> MarketRules:
    row = settings_for(db, market)
    if row is None or not row.taxes:
        return MarketRules()
    return MarketRules(
        taxes=True,
        regime=row.regime,
        de_minimis_minor=row.de_minimis_minor,
        ioss_number=row.ioss_number,
        duty_bp={k: int(v) for k, v in row.duty_bp.items()},
        reduced_categories=frozenset(row.reduced_categories),
        provider=rates.FixedRate(row.sales_tax_bp),
    )


def ioss_number(db: Session, market: Market) -> str:
    row = settings_for(db, market)
    return row.ioss_number if row else ""


def default_country(market: Market) -> str:
    return market.countries[0].upper() if market.countries else ""


def shipped_from(
    market: Market, lines: list[LandedLine], routes: Mapping[str, WarehouseRoute | None]
) -> list[LandedLine]:
    """LINES, each with the country of the warehouse its route ships from (ROUTES: line key ->
    route; a line without one goes by the market's fastest route, as `parcels_fee` prices it):
    whether a customs border lies between it and the buyer."""
    fastest = fastest_route(market)
    out: list[LandedLine] = []
    for line in lines:
        route = routes.get(line.key) or fastest
        origin = route.warehouse.country.upper() if route else line.origin
        out.append(replace(line, origin=origin))
    return out


def quote(
    db: Session,
    market: Market,
    lines: list[LandedLine],
    country: str = "",
    region: str = "",
    routes: Mapping[str, WarehouseRoute | None] | None = None,
) -> Breakdown:
    """The breakdown of LINES for MARKET, shipped to COUNTRY (default: the market's first).
    ROUTES (line key -> the route shipping it) prices one parcel per route; without it all
    the lines go by the fastest route."""
    fee = None if routes is None else parcels_fee(db, market, lines, routes)
    return landed_cost(
        shipped_from(market, lines, routes or {}),
        currency=market.currency,
        country=(country or default_country(market)).upper(),
        region=region,
        rules=market_rules(db, market),
        route=shipping_rule(db, market) if fee is None else None,
        shipping_minor=fee,
    )


def empty(currency: str) -> Breakdown:
    """The breakdown of an empty cart."""
    return landed_cost([], currency=currency, country="", rules=MarketRules())


def breakdown_out(b: Breakdown, delivery: str = "") -> BreakdownOut:
    def money(amount: int) -> str:
        return format_money(amount, b.currency)

    return BreakdownOut(
        currency=b.currency,
        subtotal_minor=b.subtotal_minor,
        shipping_minor=b.shipping_minor,
        tax_minor=b.tax_minor,
        tax_included=b.tax_included,
        duties_minor=b.duties_minor,
        duties_at_door_minor=b.duties_at_door_minor,
        total_minor=b.total_minor,
        scheme=b.scheme,
        subtotal=money(b.subtotal_minor),
        shipping=money(b.shipping_minor),
        tax=money(b.tax_minor),
        duties=money(b.duties_minor),
        duties_at_door=money(b.duties_at_door_minor),
        total=money(b.total_minor),
        delivery=delivery,
    )
