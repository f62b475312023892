"""The staff orders API: the owner lists and reads the store's orders and moves them on."""

from __future__ import annotations

from fastapi import APIRouter

from crosslive.auth.deps import CurrentStaff
from crosslive.deps import SessionDep, SettingsDep
from crosslive.ids import PathId, QueryId
from crosslive.orders import service
from crosslive.orders.models import OrderStatus
from crosslive.orders.schemas import (
    PaymentSettingsIn,
    PaymentSettingsOut,
    ShippedIn,
    ShowCounters,
    StaffOrderOut,
)

router = APIRouter(prefix="/orders", tags=["orders"])


@router.get("", response_model=list[StaffOrderOut])
def list_orders(
    db: SessionDep,
    staff: CurrentStaff,
    status: OrderStatus | None = None,
    show_id: QueryId = None,
    limit: int = 50,
    offset: int = 0,
) -> list[StaffOrderOut]:
    orders = service.list_orders(
        db, staff, status=status, show_id=show_id, limit=limit, offset=offset
    )
    return [StaffOrderOut.model_validate(o) for o in orders]


@router.get("/payment-settings", response_model=PaymentSettingsOut)
def get_payment_settings(db: SessionDep, staff: CurrentStaff) -> PaymentSettingsOut:
    return PaymentSettingsOut(bank_instructions=service.get_bank_instructions(db, staff))


@router.put("/payment-settings", response_model=PaymentSettingsOut)
def put_payment_settings(
    body: PaymentSettingsIn, db: SessionDep, staff: CurrentStaff
) -> PaymentSettingsOut:
    row = service.set_bank_instructions(db, staff, body.bank_instructions)
    return PaymentSettingsOut(bank_instructions=row.bank_instructions)


@router.get("/shows/{show_id}/counters", response_model=ShowCounters)
def show_counters(show_id: PathId, db: SessionDep, staff: CurrentStaff) -> ShowCounters:
    return service.staff_show_counters(db, staff, show_id)


@router.get("/{order_id}", response_model=StaffOrderOut)
def get_order(order_id: PathId, db: SessionDep, staff: CurrentStaff) -> StaffOrderOut:
    return StaffOrderOut.model_validate(service.get_order(db, staff, order_id))


@router.post("/{order_id}/paid", response_model=StaffOrderOut)
def mark_paid(order_id: PathId, db: SessionDep, staff: CurrentStaff) -> StaffOrderOut:
    return StaffOrderOut.model_validate(service.mark_paid(db, staff, order_id))


@router.post("/{order_id}/cancel", response_model=StaffOrderOut)
def cancel_order(order_id: PathId, db: SessionDep, staff: CurrentStaff) -> StaffOrderOut:
    """Cancel an unpaid order; its units go back on sale."""
    return StaffOrderOut.model_validate(service.cancel_unpaid(db, staff, order_id))


@router.post("/{order_id}/shipped", response_model=StaffOrderOut)
def mark_shipped(
    order_id: PathId, body: ShippedIn, db: SessionDep, staff: CurrentStaff, settings: SettingsDep
) -> StaffOrderOut:
    order = service.mark_shipped(
        db,
        staff,
        order_id,
        carrier=body.carrier,
        tracking_number=body.tracking_number,
        base_url=settings.public_url,
    )
    return StaffOrderOut.model_validate(order)
