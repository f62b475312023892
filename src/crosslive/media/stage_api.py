"""Routes of a viewer on stage (crosslive.media.stage): the host console invites and removes;
the invited viewer accepts (getting the one-time pass their page publishes with over WHIP),
declines or leaves."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel
from sqlalchemy.orm import Session

from crosslive.auth.deps import CurrentStaff
from crosslive.deps import client_ip, enforce
from crosslive.events.schemas import EventOut
from crosslive.events.unit import commit_then_publish
from crosslive.ids import Id, PathId
from crosslive.media import stage
from crosslive.media.lifespan import media_of
from crosslive.ratelimit import Limit
from crosslive.shows import service as shows_service
from crosslive.shows.models import Show
from crosslive.viewers import CurrentViewer

router = APIRouter(tags=["on stage"])
AGAIN = "too many stage invitations; wait a minute"
INVITES_BY_SHOW = Limit("stage:invite", count=6, window_seconds=60.0, message=AGAIN)
ANSWERS_BY_ADDRESS = Limit("stage:answer", count=30, window_seconds=60.0, message=AGAIN)


class InviteIn(BaseModel):
    message_id: Id


class StageOut(BaseModel):
    invitation_id: int
    name: str
    state: str


class PassOut(BaseModel):
    token: str
    whip_url: str
    expires_in_s: int


def _host_show(db: Session, user: Any, slug: str) -> Show:
    show = shows_service.staff_show(db, user, slug)
    shows_service.require_host(show, user)
    return show


async def _evict(request: Request, show_id: int, viewer_ids: list[str]) -> None:
    media = media_of(request.app)
    if media is not None:
        for viewer_id in viewer_ids:
            await media.evict_viewer(show_id, viewer_id)


@router.post("/host/{slug}/stage/invite", response_model=EventOut)
async def invite(slug: str, body: InviteIn, request: Request, user: CurrentStaff) -> Any:
    """Invite the viewer who wrote a chat message or asked a question on stage."""
    enforce(request, INVITES_BY_SHOW, f"{user.seller_id}:{slug}")

    def work(db: Session) -> Any:
        return stage.invite(db, _host_show(db, user, slug), user, body.message_id)

    return await commit_then_publish(request.app, work)


@router.get("/host/{slug}/stage", response_model=list[StageOut])
async def current(slug: str, request: Request, user: CurrentStaff) -> Any:
    return await commit_then_publish(
        request.app, lambda db: stage.on_stage(db, _host_show(db, user, slug))
    )


@router.post("/host/{slug}/stage/remove", status_code=204)
async def remove(slug: str, request: Request, user: CurrentStaff) -> None:
    """Take whoever is on stage (or invited) off it at once."""

    def work(db: Session) -> tuple[int, list[str]]:
        show = _host_show(db, user, slug)
        return show.id, stage.end(db, show, "removed")

    show_id, viewers = await commit_then_publish(request.app, work)
    await _evict(request, show_id, viewers)


@router.post("/live/{slug}/stage/{invitation_id}/accept", response_model=PassOut)
async def accept(
    slug: str,
    invitation_id: PathId,
    request: Request,
    viewer: CurrentViewer,
    store: str | None = None,
) -> PassOut:
    """The viewer consents: their one-time pass, for one WHIP publish (send it as the bearer
    token, with the X-Viewer-Token header) within PASS_TTL."""
    enforce(request, ANSWERS_BY_ADDRESS, client_ip(request))

    def work(db: Session) -> str:
        show = shows_service.public_show(db, slug, store)
        return stage.accept(db, show, viewer.id, invitation_id)

    token = await commit_then_publish(request.app, work)
    ttl = int(stage.PASS_TTL.total_seconds())
    return PassOut(token=token, whip_url=f"/whip/{slug}", expires_in_s=ttl)


@router.post("/live/{slug}/stage/leave", status_code=204)
async def leave(
    slug: str, request: Request, viewer: CurrentViewer, store: str | None = None
) -> None:
    """The viewer declines their invitation or leaves the stage (now, whatever the page
    does next)."""
    enforce(request, ANSWERS_BY_ADDRESS, client_ip(request))

    def work(db: Session) -> tuple[int, list[str]]:
        show = shows_service.public_show(db, slug, store)
        return show.id, stage.end(db, show, "left", viewer.id)

    show_id, viewers = await commit_then_publish(request.app, work)
    await _evict(request, show_id, viewers)
