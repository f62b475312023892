"""Routes of one-to-one video calls: the viewer asks, follows, joins and hangs up; the host
console lists, takes, joins, sends products and hangs up. The media routes are call_api."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy.orm import Session

from crosslive.auth.deps import CurrentStaff
from crosslive.auth.models import Role
from crosslive.consultations import cards, presence, service
from crosslive.consultations.schemas import (
    AskIn,
    CardIn,
    CardOut,
    PassOut,
    StatusOut,
    WaitIn,
)
from crosslive.deps import client_ip, enforce, page_language
from crosslive.errors import PermissionDenied
from crosslive.events.unit import commit_then_publish
from crosslive.i18n import N_
from crosslive.ids import PathId
from crosslive.media.lifespan import calls_of, regions_of
from crosslive.ratelimit import Limit
from crosslive.shows import service as shows_service
from crosslive.viewers import AnyViewer, CurrentViewer

router = APIRouter(tags=["video calls"])
AGAIN = N_("too many video call requests; wait a minute")
ASKS_BY_VIEWER = Limit("consult:ask", count=3, window_seconds=600.0, message=AGAIN)
ASKS_BY_ADDRESS = Limit("consult:ask-ip", count=10, window_seconds=600.0, message=AGAIN)
READS_BY_ADDRESS = Limit("consult:read", count=120, window_seconds=60.0, message=AGAIN)


def _pass(consultation_id: int, token: str) -> PassOut:
    base = f"/api/v1/calls/{consultation_id}"
    ttl = int(service.PASS_TTL.total_seconds())
    return PassOut(
        consultation_id=consultation_id,
        token=token,
        expires_in_s=ttl,
        publish_url=f"{base}/publish",
        watch_url=f"{base}/watch",
        ping_url=f"{base}/ping",
        leave_url=f"{base}/leave",
        ping_every_s=presence.PING_S,
    )


async def _close_room(request: Request, consultation_id: int, ended: bool) -> None:
    """After a hang-up the call is over either way (ENDED: this hang-up ended it; else it had
    ended before, e.g. by the silence job, and its room may still be there)."""
    calls = calls_of(request.app)
    if calls is not None:
        await calls.close(consultation_id)


def _region(request: Request, body: AskIn) -> str:
    """The viewer's media region, by the rules of a show's viewer (media.regions.home_of);
    '' with one media node. An unknown `region` is refused (404) before anything is kept."""
    regions = regions_of(request.app)
    if regions is None:
        return ""
    languages = request.headers.get("accept-language", "")
    return regions.home_of(body.region, body.market, body.country, languages)


@router.post("/live/{slug}/consultations", status_code=201, response_model=StatusOut)
async def ask(
    slug: str, body: AskIn, request: Request, viewer: AnyViewer, store: str | None = None
) -> Any:
    """Ask for a private video call with the show's store (live room, replay or embed)."""
    enforce(request, ASKS_BY_ADDRESS, client_ip(request))
    enforce(request, ASKS_BY_VIEWER, viewer.id)
    language = body.language or page_language(request)
    region = _region(request, body)

    def work(db: Session) -> dict[str, Any]:
        show = shows_service.public_show(db, slug, store)
        row = service.ask(
            db,
            show,
            viewer.id,
            email=body.email,
            language=language,
            market=body.market,
            product_id=body.product_id,
            note=body.note,
            region=region,
        )
        return cards.viewer_status(db, row)

    return await commit_then_publish(request.app, work)


@router.get("/live/consultations/{consultation_id}", response_model=StatusOut)
async def status(consultation_id: PathId, request: Request, viewer: CurrentViewer) -> Any:
    """Where the viewer's request stands (waiting, accepted, ended, expired) and the cards."""
    enforce(request, READS_BY_ADDRESS, client_ip(request))

    def work(db: Session) -> dict[str, Any]:
        service.expire_due(db)
        return cards.viewer_status(db, service.viewer_row(db, viewer.id, consultation_id))

    return await commit_then_publish(request.app, work)


@router.post("/live/consultations/{consultation_id}/join", response_model=PassOut)
async def viewer_join(consultation_id: PathId, request: Request, viewer: CurrentViewer) -> Any:
    """The viewer's one-time pass to publish into the accepted call."""
    enforce(request, READS_BY_ADDRESS, client_ip(request))

    def work(db: Session) -> str:
        row = service.viewer_row(db, viewer.id, consultation_id)
        return service.join(db, row, service.VIEWER)

    return _pass(consultation_id, await commit_then_publish(request.app, work))


@router.post("/live/consultations/{consultation_id}/hangup", status_code=204)
async def viewer_hang_up(consultation_id: PathId, request: Request, viewer: CurrentViewer) -> None:
    """The viewer withdraws the request or hangs up: the call ends for both sides."""
    enforce(request, READS_BY_ADDRESS, client_ip(request))

    def work(db: Session) -> bool:
        row = service.viewer_row(db, viewer.id, consultation_id)
        return service.hang_up(db, row, service.VIEWER)

    await _close_room(request, consultation_id, await commit_then_publish(request.app, work))


@router.get("/host/consultations", response_model=list[dict[str, Any]])
async def console_list(request: Request, user: CurrentStaff) -> Any:
    """The store's waiting requests and the calls this host took."""
    return await commit_then_publish(request.app, lambda db: cards.console_list(db, user))


@router.post("/host/consultations/{consultation_id}/accept", response_model=PassOut)
async def accept(consultation_id: PathId, request: Request, user: CurrentStaff) -> Any:
    """Take a waiting request (409 when another host was first): the host's pass."""

    def work(db: Session) -> str:
        return service.accept(db, user, consultation_id)[1]

    return _pass(consultation_id, await commit_then_publish(request.app, work))


@router.post("/host/consultations/{consultation_id}/join", response_model=PassOut)
async def host_join(consultation_id: PathId, request: Request, user: CurrentStaff) -> Any:
    """A fresh pass for the host of a call (the page reloaded, the media server restarted)."""

    def work(db: Session) -> str:
        return service.join(db, service.host_row(db, user, consultation_id), service.HOST)

    return _pass(consultation_id, await commit_then_publish(request.app, work))


@router.post("/host/consultations/{consultation_id}/cards", response_model=CardOut)
async def send_card(
    consultation_id: PathId, body: CardIn, request: Request, user: CurrentStaff
) -> Any:
    """Show a product in the call and put one in the viewer's cart (once per product)."""

    def work(db: Session) -> CardOut:
        card, sent = cards.send(db, user, consultation_id, body.variant_id)
        return CardOut(card=card, sent=sent)

    return await commit_then_publish(request.app, work)


@router.post("/host/consultations/{consultation_id}/hangup", status_code=204)
async def host_hang_up(consultation_id: PathId, request: Request, user: CurrentStaff) -> None:
    def work(db: Session) -> bool:
        row = service.host_row(db, user, consultation_id)
        return service.hang_up(db, row, service.HOST)

    await _close_room(request, consultation_id, await commit_then_publish(request.app, work))


@router.put("/host/consultations/settings", response_model=WaitIn)
async def set_wait(body: WaitIn, request: Request, user: CurrentStaff) -> Any:
    """How long a request waits for a host (the store's owner sets it)."""
    if user.role != Role.OWNER:
        raise PermissionDenied("only the store's owner changes this")

    def work(db: Session) -> WaitIn:
        return WaitIn(wait_s=service.set_wait_s(db, user.seller_id, body.wait_s))

    return await commit_then_publish(request.app, work)
