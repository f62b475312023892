"""Returns routes for staff: lane costs and economics, camera checklists, packing slips, and
the returns queue with its actions (the buyer's routes: returns.buyer_api)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from crosslive.auth.deps import CurrentStaff
from crosslive.db import utcnow
from crosslive.deps import SessionDep
from crosslive.events.schemas import EventOut
from crosslive.events.unit import commit_then_publish
from crosslive.ids import PathId
from crosslive.live import service as live_service
from crosslive.orders.links import OrderLinks
from crosslive.orders.providers import Providers
from crosslive.returns import handling, outputs, service
from crosslive.returns.models import ReturnStatus
from crosslive.returns.schemas import (
    CameraCheckIn,
    EconomicsOut,
    LaneIn,
    LaneOut,
    ProductChecklistOut,
    QueueItemOut,
    ReceivedIn,
    RejectIn,
    ReturnOut,
    ReturnRefundIn,
)
from crosslive.shows import service as shows_service
from crosslive.state import state_of

router = APIRouter(tags=["returns"])


@router.get("/lanes", response_model=list[LaneOut])
def list_lanes(db: SessionDep, staff: CurrentStaff) -> list[LaneOut]:
    """Each market's per-parcel costs, where the owner has entered them."""
    return service.list_lanes(db, staff)


@router.put("/lanes/{market_id}", response_model=LaneOut)
def put_lane(market_id: PathId, body: LaneIn, db: SessionDep, staff: CurrentStaff) -> LaneOut:
    """Enter or replace a market's outbound, return shipping and handling cost per parcel."""
    return service.set_lane(db, staff, market_id, body)


@router.get("/returns/economics", response_model=EconomicsOut)
def lane_economics(db: SessionDep, staff: CurrentStaff) -> EconomicsOut:
    """Break-even prices per market and category, the suggested keep-it amounts, and the
    products whose expected return cost on a lane exceeds their margin there."""
    return service.lane_economics(db, staff)


@router.get("/orders/{order_id}/packing-slip.pdf", response_class=Response)
def packing_slip(order_id: PathId, db: SessionDep, staff: CurrentStaff) -> Response:
    """The order's printable packing slip (PDF): lines, packaging advice, return card."""
    pdf = service.packing_slip(db, staff, order_id)
    headers = {"Content-Disposition": f'inline; filename="packing-slip-{order_id}.pdf"'}
    return Response(pdf, media_type="application/pdf", headers=headers)


@router.get("/host/{slug}/camera-checks", response_model=list[ProductChecklistOut])
def camera_checklists(slug: str, db: SessionDep, staff: CurrentStaff) -> Any:
    """The console's products with their category's checklist and this show's ticks."""
    show = shows_service.staff_show(db, staff, slug)
    shows_service.require_moderator(show, staff)
    return service.checklists(db, show, live_service.console_products(db, show))


@router.post("/host/{slug}/camera-checks", response_model=EventOut, status_code=201)
async def tick_camera_check(
    slug: str, body: CameraCheckIn, request: Request, staff: CurrentStaff
) -> Any:
    """Tick (done=true) or untick an item for a product of the show: hosts and owners only.
    The tick goes on the show's event log, so every console sees it."""

    def work(db: Session) -> Any:
        show = shows_service.staff_show(db, staff, slug)
        shows_service.require_host(show, staff)
        return service.tick(db, show, staff, body)

    return await commit_then_publish(request.app, work)


@router.get("/returns", response_model=list[QueueItemOut])
def returns_queue(
    db: SessionDep, staff: CurrentStaff, status: ReturnStatus | None = None
) -> list[QueueItemOut]:
    """The store's returns (open ones unless STATUS says), with reason, photos, the order's
    show and market, the product's fit feedback so far and its transit-damage flag."""
    statuses = (status,) if status is not None else handling.OPEN
    return [outputs.queue_item(db, row) for row in handling.queue(db, staff, statuses)]


async def _act(request: Request, staff: Any, return_id: int, action: str, body: Any) -> Any:
    settings = state_of(request.app).settings
    links = OrderLinks.from_settings(settings)

    def work(db: Session) -> ReturnOut:
        ret = handling.get_return(db, staff, return_id)
        now = utcnow()
        if action == "approve":
            handling.approve(db, ret, links, now=now)
        elif action == "received":
            handling.receive(db, ret, links, restockable=body.restockable, now=now)
        elif action == "refund":
            handling.refund(
                db,
                ret,
                links,
                reference=body.reference,
                staff_id=staff.id,
                now=now,
                providers=Providers.from_settings(settings),
            )
        else:
            handling.reject(db, ret, links, reason=body.reason, now=now)
        order = handling.order_of(db, ret)
        return outputs.return_out(db, order, ret)

    return await commit_then_publish(request.app, work)


@router.post("/returns/{return_id}/approve", response_model=ReturnOut)
async def approve_return(return_id: PathId, request: Request, staff: CurrentStaff) -> Any:
    """Agree to the return: the buyer is told to send it."""
    return await _act(request, staff, return_id, "approve", None)


@router.post("/returns/{return_id}/received", response_model=ReturnOut)
async def receive_return(
    return_id: PathId, body: ReceivedIn, request: Request, staff: CurrentStaff
) -> Any:
    """The parcel arrived; restockable puts its units back on sale."""
    return await _act(request, staff, return_id, "received", body)


@router.post("/returns/{return_id}/refund", response_model=ReturnOut)
async def refund_return(
    return_id: PathId, body: ReturnRefundIn, request: Request, staff: CurrentStaff
) -> Any:
    """Refund the return through the order's payment, once (a double click, a retry or two
    staff at once make one refund)."""
    return await _act(request, staff, return_id, "refund", body)


@router.post("/returns/{return_id}/reject", response_model=ReturnOut)
async def reject_return(
    return_id: PathId, body: RejectIn, request: Request, staff: CurrentStaff
) -> Any:
    """Refuse the return, with a reason the buyer reads."""
    return await _act(request, staff, return_id, "reject", body)
