"""Landed-cost settings and shipping fees: staff read, owners write, within their store."""

from __future__ import annotations

from fastapi import APIRouter

from crosslive.auth.deps import CurrentStaff
from crosslive.auth.models import Role
from crosslive.auth.service import require_role
from crosslive.deps import SessionDep
from crosslive.landed import service
from crosslive.landed.schemas import (
    LandedSettingsIn,
    LandedSettingsOut,
    ShippingFeeIn,
    ShippingFeeOut,
)

router = APIRouter(tags=["landed cost"])


@router.get("/markets/by-code/{code}/landed", response_model=LandedSettingsOut | None)
def get_landed(code: str, db: SessionDep, user: CurrentStaff) -> LandedSettingsOut | None:
    """A market's tax and duty settings (null: none, so no tax or duty lines)."""
    return service.get_settings(db, user.seller_id, code)


@router.put("/markets/by-code/{code}/landed", response_model=LandedSettingsOut)
def put_landed(
    code: str, body: LandedSettingsIn, db: SessionDep, user: CurrentStaff
) -> LandedSettingsOut:
    """Set a market's tax, duty regime (DDP/DAP), de minimis, IOSS number and duty rates."""
    require_role(user, Role.OWNER)
    return service.put_settings(db, user.seller_id, code, body)


@router.put("/markets/by-code/{code}/shipping/{warehouse_code}", response_model=ShippingFeeOut)
def put_shipping(
    code: str, warehouse_code: str, body: ShippingFeeIn, db: SessionDep, user: CurrentStaff
) -> ShippingFeeOut:
    """Set the fee of the route from a warehouse to a market (flat, weight bands, free above)."""
    require_role(user, Role.OWNER)
    return service.put_shipping_fee(db, user.seller_id, code, warehouse_code, body)
