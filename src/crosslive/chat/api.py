"""Chat for viewers: choose a display name (kept in the viewer's identity token), post
messages and questions."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy.orm import Session

from crosslive import viewers
from crosslive.chat import service
from crosslive.chat.moderation import ProfanityFilter
from crosslive.chat.schemas import MessageIn, ViewerJoin, ViewerToken
from crosslive.db import run_in_transaction
from crosslive.deps import client_ip, enforce
from crosslive.events.schemas import EventOut
from crosslive.events.unit import commit_then_publish
from crosslive.ratelimit import Limit
from crosslive.shows import service as shows_service
from crosslive.state import state_of
from crosslive.viewers import CurrentViewer, MaybeViewer

router = APIRouter(prefix="/live", tags=["live chat"])

# New viewer names per client address: enough for a household or a carrier's shared address,
# too few to dodge the per-viewer chat limit by minting a name per message.
JOINS = Limit(
    "chat-join",
    count=120,
    window_seconds=600.0,
    message="too many new chat names from your network; try again in a few minutes",
)


@router.post("/{slug}/viewers", response_model=ViewerToken, status_code=201)
async def join(
    slug: str,
    body: ViewerJoin,
    request: Request,
    known: MaybeViewer,
    store: str | None = None,
) -> Any:
    """Choose a display name. The answer is the viewer's identity token with the name in it
    (the same identity when the request carried one): send it as X-Viewer-Token."""
    enforce(request, JOINS, client_ip(request))
    state = state_of(request.app)
    await run_in_transaction(
        state.session_factory, lambda db: shows_service.public_show(db, slug, store).id
    )
    viewer, token = viewers.issue(
        state.settings.signing_key(), body.name, known.id if known else None
    )
    return ViewerToken(token=token, name=viewer.name)


@router.post("/{slug}/messages", response_model=EventOut, status_code=201)
async def post_message(
    slug: str,
    body: MessageIn,
    request: Request,
    viewer: CurrentViewer,
    store: str | None = None,
) -> Any:
    state = state_of(request.app)
    settings = state.settings
    rate = (settings.chat_rate_messages, settings.chat_rate_seconds)
    profanity = state.get(ProfanityFilter)

    def work(db: Session) -> dict[str, Any]:
        show = shows_service.public_show(db, slug, store)
        return service.post_viewer_message(
            db, show.id, viewer, body.body, question=body.question, profanity=profanity, rate=rate
        )

    return await commit_then_publish(request.app, work)
