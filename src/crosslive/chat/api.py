"""Chat for viewers: join a show's chat under a display name (the viewer's identity token
then carries the name, the show and until when they may write there), post messages and
questions."""

from __future__ import annotations

import contextlib
import time
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy.orm import Session

from crosslive import viewers
from crosslive.chat import service
from crosslive.chat.languages import message_languages
from crosslive.chat.moderation import ProfanityFilter
from crosslive.chat.schemas import MessageIn, ViewerJoin, ViewerToken
from crosslive.db import run_in_transaction
from crosslive.deps import client_ip, enforce
from crosslive.errors import DomainError
from crosslive.events.schemas import EventOut
from crosslive.events.unit import commit_then_publish
from crosslive.i18n import N_
from crosslive.ratelimit import Limit
from crosslive.settings import Settings
from crosslive.shows import service as shows_service
from crosslive.state import state_of
from crosslive.translation.languages import reader_language
from crosslive.viewers import CurrentViewer, MaybeViewer

router = APIRouter(prefix="/live", tags=["live chat"])

JOIN_WINDOW_S = 600.0


def join_limit(settings: Settings) -> Limit:
    """Chat joins per client address: enough for a household or a carrier's shared address,
    too few to dodge the per-viewer limit by minting an identity per message."""
    return Limit(
        "chat-join",
        count=settings.chat_rate_address_joins,
        window_seconds=JOIN_WINDOW_S,
        message=N_("too many new chat names from your network; try again in a few minutes"),
    )


def message_limits(settings: Settings) -> tuple[Limit, Limit]:
    """Messages per viewer, and per client address (every viewer behind it together)."""
    count, seconds = settings.chat_rate_messages, settings.chat_rate_seconds
    by_viewer = Limit(
        "chat:v", count, seconds, f"slow down: at most {count} messages every {seconds} seconds"
    )
    by_address = Limit(
        "chat:ip",
        settings.chat_rate_address_messages,
        seconds,
        "too many messages from your network; try again in a few seconds",
    )
    return by_viewer, by_address


@router.post("/{slug}/viewers", response_model=ViewerToken, status_code=201)
async def join(
    slug: str,
    body: ViewerJoin,
    request: Request,
    known: MaybeViewer,
    store: str | None = None,
) -> Any:
    """Join the show's chat under a display name. The answer is the viewer's identity token
    (the same identity when the request carried one) with the name, the show and an expiry
    in it: send it as X-Viewer-Token. Refused to a muted viewer, and to a new identity from
    the address and browser a muted viewer wrote from."""
    state = state_of(request.app)
    settings = state.settings
    enforce(request, join_limit(settings), client_ip(request))
    browser = viewers.browser_of(request)

    def work(db: Session) -> int:
        show = shows_service.public_show(db, slug, store)
        service.check_may_join(db, show.id, known.id if known else None, browser)
        return show.id

    show_id = await run_in_transaction(state.session_factory, work)
    until = int(time.time() + settings.chat_join_hours * 3600)
    viewer, token = viewers.issue(
        settings.signing_key(),
        body.name,
        known.id if known else None,
        chat_show=show_id,
        chat_until=until,
    )
    expires = datetime.fromtimestamp(until, UTC)
    return ViewerToken(token=token, name=viewer.name, expires_at=expires)


@router.post("/{slug}/messages", response_model=EventOut, status_code=201)
async def post_message(
    slug: str,
    body: MessageIn,
    request: Request,
    viewer: CurrentViewer,
    store: str | None = None,
) -> Any:
    state = state_of(request.app)
    by_viewer, by_address = message_limits(state.settings)
    # The limits come first, before any query or text filtering, and each is one atomic
    # count in the limiter (in memory or in Redis): concurrent posts cannot pass it together.
    enforce(request, by_viewer, viewer.id)
    enforce(request, by_address, client_ip(request))
    profanity = state.get(ProfanityFilter)
    browser = viewers.browser_of(request)
    now = time.time()
    service.check_chat_pass(viewer, viewer.chat_show or 0, now)
    languages = None
    with contextlib.suppress(DomainError):  # bad text: the service refuses it below, in order
        text = service.message_text(body.body, profanity)
        hint = reader_language(body.lang, request.headers.get("accept-language"))
        # Translated before the transaction, never inside it (a provider may take seconds).
        languages = await message_languages(request.app, viewer.chat_show or 0, text, hint)

    def work(db: Session) -> dict[str, Any]:
        show = shows_service.public_show(db, slug, store)
        return service.post_viewer_message(
            db,
            show.id,
            viewer,
            body.body,
            question=body.question,
            profanity=profanity,
            fingerprint=browser,
            now=now,
            languages=languages,
        )

    return await commit_then_publish(request.app, work)
