"""The buyer's view of one order's status, for the live room's "Payment received —
confirming…" notice after Stripe's page sends the buyer back. It answers only the viewer who
placed the order (their X-Viewer-Token and the order's public id together) and only the
status: nothing about the order's contents or anyone else's orders."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from pydantic import BaseModel

from crosslive.deps import SessionDep, client_ip, enforce
from crosslive.orders import service
from crosslive.orders.ratelimit import STATUS_BY_ADDRESS, STATUS_BY_VIEWER
from crosslive.viewers import CurrentViewer

router = APIRouter(tags=["cart"])

PublicId = Annotated[str, Path(min_length=1, max_length=64)]


class OrderStatusOut(BaseModel):
    status: str


@router.get("/orders/{public_id}/status", response_model=OrderStatusOut)
def order_status(
    public_id: PublicId, request: Request, db: SessionDep, viewer: CurrentViewer
) -> OrderStatusOut:
    """The status of the viewer's own order (pending_payment, paid, cancelled ...); 404 for
    an order that is not this viewer's, 401 without a viewer token."""
    enforce(request, STATUS_BY_VIEWER, viewer.id)
    enforce(request, STATUS_BY_ADDRESS, client_ip(request))
    return OrderStatusOut(status=service.status_for_viewer(db, public_id, viewer.id).value)
