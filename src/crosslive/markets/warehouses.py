"""A seller's warehouses (the places that ship to markets and take returns)."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.errors import Conflict, InvalidInput, NotFound
from crosslive.markets.models import Warehouse
from crosslive.markets.presets import COUNTRY_ALIASES, WarehousePreset
from crosslive.markets.schemas import WarehouseIn, WarehouseUpdate

_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


def _code(value: str) -> str:
    code = value.strip().upper()
    if not _CODE.match(code):
        raise InvalidInput(f"warehouse code {value!r} must be letters, digits, - or _")
    return code


def _country(value: str) -> str:
    code = value.strip().upper()
    code = COUNTRY_ALIASES.get(code, code)
    if not _COUNTRY.match(code):
        raise InvalidInput(f"not a 2-letter country code: {value!r}")
    return code


def _text(value: str, what: str) -> str:
    if not value.strip():
        raise InvalidInput(f"the warehouse {what} cannot be empty")
    return value.strip()


def list_warehouses(db: Session, seller_id: int) -> list[Warehouse]:
    query = select(Warehouse).where(Warehouse.seller_id == seller_id).order_by(Warehouse.id)
    return list(db.scalars(query))


def get_warehouse(db: Session, seller_id: int, warehouse_id: int) -> Warehouse:
    warehouse = db.get(Warehouse, warehouse_id)
    if warehouse is None or warehouse.seller_id != seller_id:
        raise NotFound(f"warehouse {warehouse_id} not found")
    return warehouse


def find_by_code(db: Session, seller_id: int, code: str) -> Warehouse | None:
    return _find(db, seller_id, code.strip().upper())


def _find(db: Session, seller_id: int, code: str) -> Warehouse | None:
    query = select(Warehouse).where(Warehouse.seller_id == seller_id, Warehouse.code == code)
    return db.scalar(query)


def create_warehouse(db: Session, seller_id: int, data: WarehouseIn) -> Warehouse:
    code = _code(data.code)
    if _find(db, seller_id, code) is not None:
        raise Conflict(f"a warehouse with code {code} already exists")
    warehouse = Warehouse(
        seller_id=seller_id,
        code=code,
        name=_text(data.name, "name"),
        city=_text(data.city, "city"),
        country=_country(data.country),
    )
    db.add(warehouse)
    db.flush()
    return warehouse


def update_warehouse(
    db: Session, seller_id: int, warehouse_id: int, data: WarehouseUpdate
) -> Warehouse:
    warehouse = get_warehouse(db, seller_id, warehouse_id)
    if data.code is not None:
        code = _code(data.code)
        other = _find(db, seller_id, code)
        if other is not None and other.id != warehouse.id:
            raise Conflict(f"a warehouse with code {code} already exists")
        warehouse.code = code
    if data.name is not None:
        warehouse.name = _text(data.name, "name")
    if data.city is not None:
        warehouse.city = _text(data.city, "city")
    if data.country is not None:
        warehouse.country = _country(data.country)
    db.flush()
    return warehouse


def delete_warehouse(db: Session, seller_id: int, warehouse_id: int) -> None:
    """Its routes go with it; markets returning to it no longer name a return warehouse."""
    db.delete(get_warehouse(db, seller_id, warehouse_id))
    db.flush()
    db.expire_all()


def find_or_create(db: Session, seller_id: int, spec: WarehousePreset) -> Warehouse:
    existing = _find(db, seller_id, spec.code)
    if existing is not None:
        return existing
    data = WarehouseIn(code=spec.code, name=spec.name, city=spec.city, country=spec.country)
    return create_warehouse(db, seller_id, data)
