"""The staff orders API: the owner lists and reads the store's orders and moves them on."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Header, Query, UploadFile
from fastapi.responses import JSONResponse

from crosslive.auth.deps import CurrentStaff
from crosslive.deps import SessionDep, SettingsDep
from crosslive.ids import PathId, QueryId
from crosslive.orders import service
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import OrderStatus
from crosslive.orders.providers import Providers
from crosslive.orders.schemas import (
    DeliveredIn,
    PaymentSettingsIn,
    PaymentSettingsOut,
    RefundIn,
    RefundOut,
    ShippedIn,
    ShowCounters,
    StaffOrderOut,
    StaffOrderPage,
    TrackingImportOut,
    TrackingRowError,
)
from crosslive.orders.tracking_import import MAX_BYTES, TrackingImportFailed

router = APIRouter(prefix="/orders", tags=["orders"])


@router.get("", response_model=StaffOrderPage)
def list_orders(
    db: SessionDep,
    staff: CurrentStaff,
    status: OrderStatus | None = None,
    show_id: QueryId = None,
    limit: int = 50,
    cursor: Annotated[
        str,
        Query(
            max_length=64,
            description="The `next_cursor` of the previous page; empty: the newest orders.",
        ),
    ] = "",
    offset: Annotated[
        int,
        Query(
            deprecated=True,
            description="Deprecated: page with `cursor` instead. Skips this many orders.",
        ),
    ] = 0,
) -> StaffOrderPage:
    """The store's orders, newest first (by creation time, then id), `limit` (1-200) at a
    time. Page with `cursor`: each answer's `next_cursor` (null at the end) gives the next,
    older page; `offset` still works but is deprecated. A malformed cursor, or a cursor with
    an offset, answers 422."""
    page = service.list_orders(
        db, staff, status=status, show_id=show_id, limit=limit, offset=offset, cursor=cursor
    )
    return StaffOrderPage(
        orders=[StaffOrderOut.model_validate(o) for o in page.orders],
        next_cursor=page.next_cursor,
    )


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


@router.post(
    "/tracking-events",
    response_model=TrackingImportOut,
    responses={422: {"description": "Bad rows (each with its line); nothing was applied."}},
)
def upload_tracking_events(
    db: SessionDep,
    staff: CurrentStaff,
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description="CSV: order,tracking_number,carrier,...")],
) -> TrackingImportOut | JSONResponse:
    """Apply a CSV of shipped / delivered events to the store's orders, all or nothing."""
    data = file.file.read(MAX_BYTES + 1)
    try:
        report = service.import_tracking(db, staff, data, OrderLinks.from_settings(settings))
    except TrackingImportFailed as exc:
        db.rollback()  # the good rows applied so far go too
        rows = [TrackingRowError(line=e.line, message=e.message).model_dump() for e in exc.errors]
        return JSONResponse({"detail": exc.message, "errors": rows}, status_code=422)
    return TrackingImportOut(rows=report.rows, changed=report.changed, unchanged=report.unchanged)


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
        tracking_url=body.tracking_url,
        links=OrderLinks.from_settings(settings),
    )
    return StaffOrderOut.model_validate(order)


@router.post("/{order_id}/delivered", response_model=StaffOrderOut)
def mark_delivered(
    order_id: PathId, body: DeliveredIn, db: SessionDep, staff: CurrentStaff, settings: SettingsDep
) -> StaffOrderOut:
    """The parcel arrived; the market's return window starts. Again: no change."""
    links = OrderLinks.from_settings(settings)
    order = service.mark_delivered(db, staff, order_id, links=links, at=body.at)
    return StaffOrderOut.model_validate(order)


@router.get("/{order_id}/refunds", response_model=list[RefundOut])
def list_refunds(order_id: PathId, db: SessionDep, staff: CurrentStaff) -> list[RefundOut]:
    order = service.get_order(db, staff, order_id)
    return [RefundOut.model_validate(r) for r in order.refunds]


@router.post("/{order_id}/refunds", response_model=RefundOut, status_code=201)
def refund(
    order_id: PathId,
    body: RefundIn,
    db: SessionDep,
    staff: CurrentStaff,
    settings: SettingsDep,
    idempotency_key: Annotated[str | None, Header()] = None,
) -> RefundOut:
    """Refund all or part of what was paid, once per Idempotency-Key (a retry returns the
    same refund). Bank transfer: send the money first, then record it with its reference."""
    row = service.refund_order(
        db,
        staff,
        order_id,
        amount_minor=body.amount_minor,
        reason=body.reason,
        reference=body.reference,
        key=idempotency_key,
        links=OrderLinks.from_settings(settings),
        providers=Providers.from_settings(settings),
    )
    return RefundOut.model_validate(row)
