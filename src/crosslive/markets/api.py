"""Markets and warehouses: staff read, owners write; always within the caller's store."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response

from crosslive import i18n
from crosslive.auth.deps import CurrentStaff
from crosslive.auth.models import Role
from crosslive.auth.service import require_role
from crosslive.deps import SessionDep, page_language
from crosslive.ids import PathId
from crosslive.markets import service, stock, warehouses
from crosslive.markets.models import Market
from crosslive.markets.presets import PRESETS
from crosslive.markets.schemas import (
    MarketIn,
    MarketOut,
    MarketUpdate,
    PresetOut,
    RouteOut,
    WarehouseIn,
    WarehouseOut,
    WarehouseStockIn,
    WarehouseStockOut,
    WarehouseUpdate,
)

router = APIRouter(tags=["markets"])


# The language the delivery and return texts are written in: ?lang=, the crosslive_lang
# cookie, else the caller's Accept-Language (the facts beside them stay as they are).
LangDep = Annotated[str, Depends(page_language)]


def market_out(market: Market, lang: str = i18n.DEFAULT) -> MarketOut:
    return MarketOut(
        id=market.id,
        code=market.code,
        name=market.name,
        currency=market.currency,
        languages=market.languages,
        countries=market.countries,
        size_system=market.size_system,
        return_window_days=market.return_window_days,
        return_label_paid_by=market.return_label_paid_by,
        return_warehouse_id=market.return_warehouse_id,
        keep_it_below_minor=market.keep_it_below_minor,
        required_disclosures=market.required_disclosures,
        trust_weights=service.effective_weights(market),
        routes=[RouteOut.model_validate(r) for r in market.routes],
        delivery=service.delivery_promise(market, lang=lang),
        returns=service.return_terms(market, lang),
    )


@router.get("/markets", response_model=list[MarketOut])
def list_markets(db: SessionDep, user: CurrentStaff, lang: LangDep) -> list[MarketOut]:
    return [market_out(m, lang) for m in service.list_markets(db, user.seller_id)]


@router.get("/markets/presets", response_model=list[PresetOut])
def list_presets(user: CurrentStaff) -> list[PresetOut]:
    return [
        PresetOut(
            code=p.code,
            name=p.name,
            currency=p.currency,
            languages=list(p.languages),
            countries=list(p.countries),
            size_system=p.size_system,
            required_disclosures=list(p.required_disclosures),
            trust_weights=dict(p.trust_weights),
            return_window_days=p.return_window_days,
        )
        for p in PRESETS.values()
    ]


@router.post("/markets/presets/{code}", response_model=MarketOut, status_code=201)
def add_preset(
    code: str, db: SessionDep, user: CurrentStaff, lang: LangDep, with_warehouse: bool = False
) -> MarketOut:
    require_role(user, Role.OWNER)
    market = service.add_preset(db, user.seller_id, code, with_warehouse=with_warehouse)
    return market_out(market, lang)


@router.post("/markets", response_model=MarketOut, status_code=201)
def create_market(body: MarketIn, db: SessionDep, user: CurrentStaff, lang: LangDep) -> MarketOut:
    require_role(user, Role.OWNER)
    return market_out(service.create_market(db, user.seller_id, body), lang)


@router.get("/markets/{market_id}", response_model=MarketOut)
def get_market(market_id: PathId, db: SessionDep, user: CurrentStaff, lang: LangDep) -> MarketOut:
    return market_out(service.get_market(db, user.seller_id, market_id), lang)


@router.patch("/markets/{market_id}", response_model=MarketOut)
def update_market(
    market_id: PathId, body: MarketUpdate, db: SessionDep, user: CurrentStaff, lang: LangDep
) -> MarketOut:
    require_role(user, Role.OWNER)
    return market_out(service.update_market(db, user.seller_id, market_id, body), lang)


@router.delete("/markets/{market_id}", status_code=204)
def delete_market(market_id: PathId, db: SessionDep, user: CurrentStaff) -> Response:
    require_role(user, Role.OWNER)
    service.delete_market(db, user.seller_id, market_id)
    return Response(status_code=204)


@router.get("/warehouses", response_model=list[WarehouseOut])
def list_warehouses(db: SessionDep, user: CurrentStaff) -> list[WarehouseOut]:
    return [WarehouseOut.model_validate(w) for w in warehouses.list_warehouses(db, user.seller_id)]


@router.post("/warehouses", response_model=WarehouseOut, status_code=201)
def create_warehouse(body: WarehouseIn, db: SessionDep, user: CurrentStaff) -> WarehouseOut:
    require_role(user, Role.OWNER)
    return WarehouseOut.model_validate(warehouses.create_warehouse(db, user.seller_id, body))


@router.get("/warehouses/{warehouse_id}", response_model=WarehouseOut)
def get_warehouse(warehouse_id: PathId, db: SessionDep, user: CurrentStaff) -> WarehouseOut:
    return WarehouseOut.model_validate(warehouses.get_warehouse(db, user.seller_id, warehouse_id))


@router.patch("/warehouses/{warehouse_id}", response_model=WarehouseOut)
def update_warehouse(
    warehouse_id: PathId, body: WarehouseUpdate, db: SessionDep, user: CurrentStaff
) -> WarehouseOut:
    require_role(user, Role.OWNER)
    warehouse = warehouses.update_warehouse(db, user.seller_id, warehouse_id, body)
    return WarehouseOut.model_validate(warehouse)


@router.delete("/warehouses/{warehouse_id}", status_code=204)
def delete_warehouse(warehouse_id: PathId, db: SessionDep, user: CurrentStaff) -> Response:
    require_role(user, Role.OWNER)
    warehouses.delete_warehouse(db, user.seller_id, warehouse_id)
    return Response(status_code=204)


@router.get("/variants/{variant_id}/stock", response_model=WarehouseStockOut)
def get_variant_stock(variant_id: PathId, db: SessionDep, user: CurrentStaff) -> WarehouseStockOut:
    """A variant's total stock, the units in each warehouse and the unplaced ones."""
    return stock.get_stock(db, user.seller_id, variant_id)


@router.put("/variants/{variant_id}/stock/{warehouse_code}", response_model=WarehouseStockOut)
def put_variant_stock(
    variant_id: PathId,
    warehouse_code: str,
    body: WarehouseStockIn,
    db: SessionDep,
    user: CurrentStaff,
) -> WarehouseStockOut:
    """Set how many units of a variant sit in a warehouse; the variant's total follows."""
    require_role(user, Role.OWNER)
    return stock.put_stock(db, user.seller_id, variant_id, warehouse_code, body.quantity)
