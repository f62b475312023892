"""Returns-prevention routes: lane costs and economics, camera checklists, packing slips."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from crosslive.auth.deps import CurrentStaff
from crosslive.deps import SessionDep
from crosslive.events.schemas import EventOut
from crosslive.events.unit import commit_then_publish
from crosslive.ids import PathId
from crosslive.live import service as live_service
from crosslive.returns import service
from crosslive.returns.schemas import (
    CameraCheckIn,
    EconomicsOut,
    LaneIn,
    LaneOut,
    ProductChecklistOut,
)
from crosslive.shows import service as shows_service

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
