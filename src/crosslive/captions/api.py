"""The host's captions switch and the show's transcript (WebVTT), for its hosts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel
from sqlalchemy.orm import Session

from crosslive.auth.deps import CurrentStaff
from crosslive.captions import service
from crosslive.captions.lifespan import captions_of
from crosslive.db import run_in_transaction
from crosslive.events.unit import commit_then_publish
from crosslive.shows import service as shows_service
from crosslive.state import state_of

router = APIRouter(prefix="/host", tags=["live captions"])


class CaptionsIn(BaseModel):
    enabled: bool


class CaptionsOut(BaseModel):
    enabled: bool
    # Whether this server transcribes at all (media on, the captions extra installed).
    available: bool


@router.get("/{slug}/captions", response_model=CaptionsOut)
async def captions_state(slug: str, request: Request, user: CurrentStaff) -> Any:
    def read(db: Session) -> bool:
        show = shows_service.staff_show(db, user, slug)
        return service.is_enabled(db, show.id)

    enabled = await run_in_transaction(state_of(request.app).session_factory, read)
    return {"enabled": enabled, "available": captions_of(request.app) is not None}


@router.put("/{slug}/captions", response_model=CaptionsOut)
async def switch_captions(slug: str, body: CaptionsIn, request: Request, user: CurrentStaff) -> Any:
    """The host turns the show's captions on or off (viewers are told at once)."""

    def work(db: Session) -> dict[str, Any]:
        show = shows_service.staff_show(db, user, slug)
        shows_service.require_host(show, user)
        return service.switch(db, show, body.enabled)

    done = await commit_then_publish(request.app, work)
    return {**done, "available": captions_of(request.app) is not None}


@router.get("/{slug}/captions.vtt", response_class=PlainTextResponse)
async def transcript_vtt(slug: str, request: Request, user: CurrentStaff) -> Any:
    """The show's transcript so far, as WebVTT timed from the show's start."""

    def read(db: Session) -> str:
        show = shows_service.staff_show(db, user, slug)
        return service.webvtt(db, show.id)

    text = await run_in_transaction(state_of(request.app).session_factory, read)
    return PlainTextResponse(text, media_type="text/vtt; charset=utf-8")
