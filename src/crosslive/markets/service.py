"""Markets: set-up, warehouse routes, and what we promise a viewer (which market a viewer
is in: markets.viewer_market)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from crosslive import i18n
from crosslive.catalog import inventory
from crosslive.errors import Conflict, InvalidInput, NotFound
from crosslive.i18n import N_
from crosslive.markets import warehouses
from crosslive.markets.models import Market, WarehouseRoute
from crosslive.markets.presets import (
    COUNTRY_ALIASES,
    CREDENTIAL_TYPES,
    DISCLOSURES,
    MAX_WEIGHT,
    MIN_WEIGHT,
    PRESETS,
    default_weights,
)
from crosslive.markets.schemas import (
    DeliveryPromise,
    MarketIn,
    MarketUpdate,
    RouteIn,
)
from crosslive.markets.support import set_support as set_support
from crosslive.markets.support import support_terms as support_terms
from crosslive.markets.support import windows_in as windows_in
from crosslive.markets.terms import return_terms as return_terms

_CODE = re.compile(r"^[A-Z]{2,8}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")


# --- validation -------------------------------------------------------------------------


def _market_code(value: str) -> str:
    code = value.strip().upper()
    if not _CODE.match(code):
        raise InvalidInput(f"market code {value!r} must be 2-8 letters, e.g. US or EU")
    return code


def clean_market_codes(values: Sequence[str]) -> list[str]:
    """Market codes as stored (upper case, each once), for other domains that name markets;
    InvalidInput names the malformed ones. Whether the seller has the market is not checked."""
    codes = [v.strip().upper() for v in values if v.strip()]
    bad = [c for c in codes if not _CODE.match(c)]
    if bad:
        raise InvalidInput(f"not a market code: {', '.join(bad)} (use e.g. US, EU, JP)")
    return list(dict.fromkeys(codes))


def _currency(value: str) -> str:
    code = value.strip().upper()
    if not _CURRENCY.match(code):
        raise InvalidInput(f"currency {value!r} must be a 3-letter ISO code, e.g. USD")
    return code


def _languages(values: list[str]) -> list[str]:
    tags = [v.strip().lower() for v in values if v.strip()]
    bad = [t for t in tags if not _LANGUAGE.match(t)]
    if bad:
        raise InvalidInput(f"not a language tag: {', '.join(bad)} (use e.g. en, ja, pt-br)")
    return list(dict.fromkeys(tags))


def _countries(values: list[str]) -> list[str]:
    codes = [COUNTRY_ALIASES.get(v.strip().upper(), v.strip().upper()) for v in values if v.strip()]
    bad = [c for c in codes if not _COUNTRY.match(c)]
    if bad:
        raise InvalidInput(f"not a 2-letter country code: {', '.join(bad)}")
    return list(dict.fromkeys(codes))


def _disclosures(values: list[str]) -> list[str]:
    keys = [v.strip().lower() for v in values if v.strip()]
    unknown = [k for k in keys if k not in DISCLOSURES]
    if unknown:
        known = ", ".join(DISCLOSURES)
        raise InvalidInput(f"unknown disclosure {', '.join(unknown)}; known: {known}")
    return list(dict.fromkeys(keys))


def _weights(values: dict[str, Any]) -> dict[str, int]:
    unknown = [k for k in values if k not in CREDENTIAL_TYPES]
    if unknown:
        raise InvalidInput(
            f"unknown credential type {', '.join(unknown)}; known: {', '.join(CREDENTIAL_TYPES)}"
        )
    for key, value in values.items():
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidInput(f"the weight of {key} must be a whole number")
        if not MIN_WEIGHT <= value <= MAX_WEIGHT:
            raise InvalidInput(f"the weight of {key} must be {MIN_WEIGHT} to {MAX_WEIGHT}")
    return {k: values[k] for k in CREDENTIAL_TYPES if k in values}


def effective_weights(market: Market) -> dict[str, int]:
    """The market's weight per credential type: its own settings over the code's defaults."""
    return {**default_weights(market.code), **(market.trust_weights or {})}


def trust_weights_for(db: Session, seller_id: int, market_code: str) -> dict[str, int]:
    """Weights for a market code: the seller's market if it exists, else the code's defaults."""
    market = find_market(db, seller_id, market_code)
    return effective_weights(market) if market else default_weights(market_code)


# --- markets ------------------------------------------------------------------------------


def _query(seller_id: int) -> Any:
    return (
        select(Market)
        .where(Market.seller_id == seller_id)
        .options(
            selectinload(Market.routes).selectinload(WarehouseRoute.warehouse),
            selectinload(Market.return_warehouse),
        )
    )


def list_markets(db: Session, seller_id: int) -> list[Market]:
    return list(db.scalars(_query(seller_id).order_by(Market.id)))


def market_codes(db: Session, seller_id: int) -> list[str]:
    """The codes of the seller's markets, sorted."""
    query = select(Market.code).where(Market.seller_id == seller_id).order_by(Market.code)
    return list(db.scalars(query))


def get_market(db: Session, seller_id: int, market_id: int) -> Market:
    market = db.scalar(_query(seller_id).where(Market.id == market_id))
    if market is None:
        raise NotFound(f"market {market_id} not found")
    return market


def find_market(db: Session, seller_id: int, code: str) -> Market | None:
    return db.scalar(_query(seller_id).where(Market.code == code.strip().upper()))


def fastest_first(market: Market) -> list[WarehouseRoute]:
    """The routes serving MARKET, fastest first (ties: warehouse name, then route id)."""
    return sorted(
        market.routes,
        key=lambda r: (r.delivery_days_max, r.delivery_days_min, r.warehouse.name, r.id),
    )


def shipping_warehouses(market: Market) -> list[int]:
    """The warehouses that ship to MARKET, fastest route first: where its orders take stock."""
    return [route.warehouse_id for route in fastest_first(market)]


@dataclass(frozen=True)
class Shipment:
    """How units reach a market: from WAREHOUSE_ID (None: the unplaced units) by ROUTE
    (None: the market has no routes, nothing promised or charged for shipping)."""

    warehouse_id: int | None
    route: WarehouseRoute | None


def route_from(market: Market, warehouse_id: int | None) -> WarehouseRoute | None:
    """The route from WAREHOUSE_ID to MARKET; for unplaced units (None), the fastest."""
    routes = fastest_first(market)
    if warehouse_id is None:
        return routes[0] if routes else None
    return next((r for r in routes if r.warehouse_id == warehouse_id), None)


def shipment(db: Session, market: Market, variant_id: int, qty: int) -> Shipment | None:
    """The route that will ship QTY units of the variant to MARKET: the fastest route whose
    warehouse holds them all, else the fastest route when the unplaced units cover them;
    None when the market cannot be sold them (checkout reserves by the same rule)."""
    taken = inventory.source(db, variant_id, qty, shipping_warehouses(market))
    if taken is None:
        return None
    return Shipment(taken.warehouse_id, route_from(market, taken.warehouse_id))


def _return_warehouse(db: Session, seller_id: int, warehouse_id: int | None) -> int | None:
    if warehouse_id is not None:
        warehouses.get_warehouse(db, seller_id, warehouse_id)
    return warehouse_id


def create_market(db: Session, seller_id: int, data: MarketIn) -> Market:
    code = _market_code(data.code)
    if find_market(db, seller_id, code) is not None:
        raise Conflict(f"market {code} already exists")
    market = Market(
        seller_id=seller_id,
        code=code,
        name=data.name.strip(),
        currency=_currency(data.currency),
        languages=_languages(data.languages),
        countries=_countries(data.countries),
        size_system=data.size_system,
        return_window_days=data.return_window_days,
        return_label_paid_by=data.return_label_paid_by,
        return_warehouse_id=_return_warehouse(db, seller_id, data.return_warehouse_id),
        keep_it_below_minor=data.keep_it_below_minor,
        required_disclosures=_disclosures(data.required_disclosures),
        trust_weights=_weights(data.trust_weights),
    )
    db.add(market)
    db.flush()
    return get_market(db, seller_id, market.id)


def update_market(db: Session, seller_id: int, market_id: int, data: MarketUpdate) -> Market:
    market = get_market(db, seller_id, market_id)
    given = data.model_fields_set
    cleaners: dict[str, Any] = {
        "name": str.strip,
        "currency": _currency,
        "languages": _languages,
        "countries": _countries,
        "required_disclosures": _disclosures,
        "trust_weights": _weights,
        "return_warehouse_id": lambda v: _return_warehouse(db, seller_id, v),
    }
    changes: dict[str, Any] = {}
    for name in given - {"routes"}:
        value = getattr(data, name)
        if value is None and name != "return_warehouse_id":
            raise InvalidInput(f"{name} cannot be empty")
        changes[name] = cleaners.get(name, lambda v: v)(value)
    if "routes" in given:
        set_routes(db, seller_id, market, data.routes or [])
    for name, value in changes.items():
        setattr(market, name, value)
    return _reloaded(db, market)


def _reloaded(db: Session, market: Market) -> Market:
    """The market with its routes and return warehouse as now stored."""
    db.flush()
    db.expire(market)
    return get_market(db, market.seller_id, market.id)


def delete_market(db: Session, seller_id: int, market_id: int) -> None:
    db.delete(get_market(db, seller_id, market_id))
    db.flush()


def add_preset(db: Session, seller_id: int, code: str, *, with_warehouse: bool = False) -> Market:
    """Add a ready-made market (US, EU, UK, JP, KR); optionally its typical local warehouse."""
    preset = PRESETS.get(code.strip().upper())
    if preset is None:
        raise NotFound(f"no preset for {code!r}; presets: {', '.join(PRESETS)}")
    market = create_market(
        db,
        seller_id,
        MarketIn(
            code=preset.code,
            name=preset.name,
            currency=preset.currency,
            languages=list(preset.languages),
            countries=list(preset.countries),
            size_system=preset.size_system,
            return_window_days=preset.return_window_days,
            return_label_paid_by=preset.return_label_paid_by,
            required_disclosures=list(preset.required_disclosures),
            trust_weights=dict(preset.trust_weights),
        ),
    )
    if with_warehouse and preset.warehouse is not None:
        spec = preset.warehouse
        warehouse = warehouses.find_or_create(db, seller_id, spec)
        route = RouteIn(
            warehouse_id=warehouse.id,
            delivery_days_min=spec.days_min,
            delivery_days_max=spec.days_max,
        )
        set_routes(db, seller_id, market, [route])
        market.return_warehouse_id = warehouse.id
        market = _reloaded(db, market)
    return market


def set_routes(db: Session, seller_id: int, market: Market, routes: list[RouteIn]) -> None:
    """Replace the warehouses serving a market and their delivery days."""
    seen: set[int] = set()
    for route in routes:
        warehouses.get_warehouse(db, seller_id, route.warehouse_id)
        if route.warehouse_id in seen:
            raise InvalidInput(f"warehouse {route.warehouse_id} is listed twice")
        if route.delivery_days_min > route.delivery_days_max:
            raise InvalidInput("the fastest delivery cannot take longer than the slowest")
        seen.add(route.warehouse_id)
    market.routes.clear()
    db.flush()
    for route in routes:
        market.routes.append(
            WarehouseRoute(
                warehouse_id=route.warehouse_id,
                delivery_days_min=route.delivery_days_min,
                delivery_days_max=route.delivery_days_max,
            )
        )
    db.flush()


# --- what a viewer sees -------------------------------------------------------------------


def delivery_promise(
    market: Market, route: WarehouseRoute | None = None, lang: str = i18n.DEFAULT
) -> DeliveryPromise | None:
    """The promise of ROUTE (default: the market's fastest), its text in LANG, or None when
    no warehouse serves the market."""
    if route is None:
        routes = fastest_first(market)
        if not routes:
            return None
        route = routes[0]
    wh = route.warehouse
    first, last = route.delivery_days_min, route.delivery_days_max
    return DeliveryPromise(
        warehouse_name=wh.name,
        city=wh.city,
        country=wh.country,
        days_min=first,
        days_max=last,
        text=promise_text(wh.city, first, last, lang),
    )


def promise_text(city: str, first: int, last: int, lang: str = i18n.DEFAULT) -> str:
    """'Ships from our Berlin warehouse in 2-4 days' in LANG (the sentences the product
    sheet's terms use)."""
    catalog = i18n.translations(lang)
    if last == 1:
        return catalog.gettext(N_("Ships from our %(city)s warehouse in 1 day")) % {"city": city}
    if first == last:
        message = N_("Ships from our %(city)s warehouse in %(days)s days")
        return catalog.gettext(message) % {"city": city, "days": last}
    message = N_("Ships from our %(city)s warehouse in %(first)s-%(last)s days")
    return catalog.gettext(message) % {"city": city, "first": first, "last": last}


def slowest(routes: list[WarehouseRoute | None]) -> WarehouseRoute | None:
    """The route whose parcel arrives last (what an order of several parcels promises)."""
    known = [r for r in routes if r is not None]
    return max(known, key=lambda r: (r.delivery_days_max, r.delivery_days_min), default=None)


def order_promise(
    market: Market, warehouse_ids: list[int | None], lang: str = i18n.DEFAULT
) -> DeliveryPromise | None:
    """What an order whose lines ship from WAREHOUSE_IDS promises: its slowest parcel."""
    route = slowest([route_from(market, w) for w in warehouse_ids])
    return delivery_promise(market, route, lang)
