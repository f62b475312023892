"""The buyer's return routes, under the signed order link (no account: the link is the key;
a tampered link is a 404, an expired one a 403, another order's line a 404)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Request, UploadFile
from sqlalchemy.orm import Session

from crosslive.db import utcnow
from crosslive.deps import SessionDep, SettingsDep, client_ip, enforce
from crosslive.events.unit import commit_then_publish
from crosslive.ids import PathId
from crosslive.orders.links import OrderLinks
from crosslive.orders.providers import Providers
from crosslive.orders.ratelimit import ORDER_PAGE_BY_ADDRESS
from crosslive.returns import outputs, requests
from crosslive.returns.schemas import ReturnOut, ReturnStartIn
from crosslive.state import state_of

router = APIRouter(prefix="/order-links/{token}/returns", tags=["returns"])


@router.get("", response_model=list[ReturnOut])
def list_returns(token: str, request: Request, db: SessionDep, settings: SettingsDep) -> Any:
    """The order's returns, drafts included."""
    enforce(request, ORDER_PAGE_BY_ADDRESS, client_ip(request))
    order = requests.order_for(db, OrderLinks.from_settings(settings), token)
    found = [requests.existing(db, line.id) for line in order.lines]
    return [outputs.return_out(db, order, ret) for ret in found if ret is not None]


@router.post("", response_model=ReturnOut)
def start_return(
    token: str, body: ReturnStartIn, request: Request, db: SessionDep, settings: SettingsDep
) -> Any:
    """See what a return of a line comes to (kept as a draft until confirmed): keep it,
    an exchange, or a return with refund and its instructions."""
    enforce(request, ORDER_PAGE_BY_ADDRESS, client_ip(request))
    order = requests.order_for(db, OrderLinks.from_settings(settings), token)
    ret = requests.start(
        db,
        order,
        line_id=body.line_id,
        quantity=body.quantity,
        reason=body.reason,
        note=body.note,
        now=utcnow(),
        remind_days=settings.return_reminder_days,
    )
    return outputs.return_out(db, order, ret)


@router.post("/{return_id}/photos", response_model=ReturnOut, status_code=201)
async def add_photo(
    token: str, return_id: PathId, request: Request, file: Annotated[UploadFile, File()]
) -> Any:
    """A photo of the item (JPEG, PNG or WebP; anything else is refused and not stored)."""
    enforce(request, ORDER_PAGE_BY_ADDRESS, client_ip(request))
    data = await file.read()
    settings = state_of(request.app).settings

    def work(db: Session) -> ReturnOut:
        order = requests.order_for(db, OrderLinks.from_settings(settings), token)
        ret = requests.find(db, order, return_id)
        requests.add_photo(db, settings, ret, data)
        return outputs.return_out(db, order, ret)

    return await commit_then_publish(request.app, work)


@router.post("/{return_id}/confirm", response_model=ReturnOut)
async def confirm_return(token: str, return_id: PathId, request: Request) -> Any:
    """Confirm the outcome shown; a second confirmation changes nothing."""
    enforce(request, ORDER_PAGE_BY_ADDRESS, client_ip(request))
    settings = state_of(request.app).settings
    links = OrderLinks.from_settings(settings)
    providers = Providers.from_settings(settings)

    def work(db: Session) -> ReturnOut:
        order = requests.order_for(db, links, token)
        ret = requests.find(db, order, return_id)
        requests.confirm(db, order, ret, links, now=utcnow(), providers=providers)
        return outputs.return_out(db, order, ret)

    return await commit_then_publish(request.app, work)
