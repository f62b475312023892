"""The media of a one-to-one call: each side publishes its camera with its one-time pass
(an SDP offer in, the answer out, as over WHIP) and watches the other side (Janus's offer out,
the browser's answer in), in the call's private room on the media node of the viewer's region
(media/calls.py). Each side's heartbeat says whether that node still has its publisher and
watcher: not after the node went down or restarted, and the page joins again (then one node
up, while its node is down)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from sqlalchemy.orm import Session

from crosslive.consultations import service
from crosslive.consultations.schemas import CallMediaOut
from crosslive.db import run_in_transaction, utcnow
from crosslive.errors import InvalidInput, NotAuthenticated
from crosslive.events.unit import commit_then_publish
from crosslive.ids import PathId
from crosslive.media.calls import CallRooms
from crosslive.media.errors import MediaUnavailable
from crosslive.media.lifespan import calls_of
from crosslive.state import state_of

router = APIRouter(tags=["video calls"])
SDP_TYPE = "application/sdp"
MAX_SDP_BYTES = 100_000
MAX_PASS_BYTES = 200


def _rooms(request: Request) -> CallRooms:
    calls = calls_of(request.app)
    if calls is None:
        raise MediaUnavailable("live video is turned off on this server")
    return calls


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("bearer "):
        raise NotAuthenticated(service.REFUSED)
    return header[7:].strip()


async def _side(request: Request, consultation_id: int, *, publish: bool) -> tuple[str, str]:
    """The side the pass is of, and the call's viewer's media region."""
    token = _bearer(request)
    factory = state_of(request.app).session_factory

    def work(db: Session) -> tuple[str, str]:
        row, side = service.authorize(db, consultation_id, token, publish=publish)
        return side, row.region

    return await run_in_transaction(factory, work)


async def _close_if_over(request: Request, consultation_id: int) -> None:
    """A call ended by the silence job (or a hang-up whose room close failed) still has its
    room: the first refused pass of that call closes it."""
    factory = state_of(request.app).session_factory
    over = await run_in_transaction(factory, lambda db: service.is_over(db, consultation_id))
    calls = calls_of(request.app)
    if over and calls is not None:
        await calls.close(consultation_id)


async def _sdp(request: Request) -> str:
    if request.headers.get("content-type", "").split(";")[0].strip() != SDP_TYPE:
        raise InvalidInput("send the description as application/sdp")
    body = await request.body()
    if len(body) > MAX_SDP_BYTES:
        raise InvalidInput("the description is too large")
    return body.decode("utf-8", errors="replace")


@router.post("/calls/{consultation_id}/publish", status_code=201, response_class=Response)
async def publish(consultation_id: PathId, request: Request) -> Response:
    """Publish one side's camera into the call (spends the side's pass)."""
    offer = await _sdp(request)
    rooms = _rooms(request)
    side, region = await _side(request, consultation_id, publish=True)
    answer = await rooms.publish(consultation_id, side, offer, region)
    return Response(answer, 201, media_type=SDP_TYPE)


@router.post("/calls/{consultation_id}/watch", status_code=201, response_class=Response)
async def watch(consultation_id: PathId, request: Request) -> Response:
    """Subscribe to the other side: Janus's offer, and where to send the answer. 409 while
    the other side has not published yet."""
    side, _ = await _side(request, consultation_id, publish=False)
    resource, offer = await _rooms(request).watch(consultation_id, side)
    location = f"/api/v1/calls/{consultation_id}/watch/{resource}"
    return Response(offer, 201, {"Location": location}, media_type=SDP_TYPE)


@router.patch("/calls/{consultation_id}/watch/{resource}", status_code=204)
async def answer(consultation_id: PathId, resource: str, request: Request) -> None:
    sdp = await _sdp(request)
    side, _ = await _side(request, consultation_id, publish=False)
    await _rooms(request).answer(consultation_id, side, resource, sdp)


@router.post("/calls/{consultation_id}/ping", response_model=CallMediaOut)
async def ping(consultation_id: PathId, request: Request) -> CallMediaOut:
    """The heartbeat of one side's call page (every presence.PING_S): whether the media
    server still has this side's publisher and watcher (false after a Janus or app restart,
    or when the call's edge went down: the page gets a fresh pass and joins again, and the
    call's room opens one node up); 401 once the call is over (the page closes its call)."""
    token = _bearer(request)

    def work(db: Session) -> str:
        row, side = service.authorize(db, consultation_id, token, publish=False)
        service.seen(row, side, utcnow())
        return side

    try:
        side = await commit_then_publish(request.app, work)
    except NotAuthenticated:
        await _close_if_over(request, consultation_id)
        raise
    calls = calls_of(request.app)
    publishing, watching = calls.joined(consultation_id, side) if calls else (False, False)
    return CallMediaOut(publishing=publishing, watching=watching)


@router.post("/calls/{consultation_id}/leave", status_code=204)
async def leave(consultation_id: PathId, request: Request) -> None:
    """Hang up with the pass in the body (text/plain): what a closing page's
    navigator.sendBeacon sends, as it cannot set a header. Ends the call for both."""
    body = await request.body()
    token = body[:MAX_PASS_BYTES].decode("utf-8", errors="replace").strip()
    if not token:
        raise NotAuthenticated(service.REFUSED)

    def work(db: Session) -> bool:
        row, side = service.authorize(db, consultation_id, token, publish=False)
        return service.hang_up(db, row, side)

    try:
        await commit_then_publish(request.app, work)
    finally:
        await _close_if_over(request, consultation_id)
