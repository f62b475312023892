"""A show's event log for viewers: the WebSocket that streams it and the history route."""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, WebSocket
from sqlalchemy.orm import Session

from crosslive.db import run_in_transaction
from crosslive.errors import DomainError
from crosslive.events import service
from crosslive.events.frames import raw_writer, text_frame
from crosslive.events.hub import Hub, Subscriber, encode_event
from crosslive.events.languages import BacklogFiller, localise
from crosslive.events.schemas import EventOut
from crosslive.events.unit import hub_of
from crosslive.shows import service as shows_service
from crosslive.state import state_of
from crosslive.translation.languages import reader_language

router = APIRouter(prefix="/live", tags=["live events"])
socket_router = APIRouter()

# A resume point is an event id (ids start at 1; 0 means from the start). A negative or
# non-integer one is refused with 422 (before the handshake, on the socket) instead of
# being read as "no cursor" and answered with the whole recent log.
Cursor = Annotated[int | None, Query(ge=0, description="Only events after this event id.")]


@router.get("/{slug}/events", response_model=list[EventOut])
async def history(
    slug: str, request: Request, after: Cursor = None, store: str | None = None
) -> Any:
    """The log for clients without WebSockets (and for catching up after a long gap)."""

    def work(db: Session) -> list[service.Event]:
        show = shows_service.public_show(db, slug, store)
        return service.events_after(db, show.id, after) or []

    return await run_in_transaction(state_of(request.app).session_factory, work)


@socket_router.websocket("/live/{slug}/ws")
async def event_socket(
    websocket: WebSocket,
    slug: str,
    store: str | None = None,
    last_event_id: Cursor = None,
    lang: str | None = None,
) -> None:
    """Live events of a show. Resume with ?last_event_id=N after a reconnect.

    Chat comes translated into ?lang= (the page's language; else the browser's
    Accept-Language), with the original alongside. The client sends any text (e.g. "ping")
    at least every CHAT_IDLE_SECONDS; the server sends a heartbeat event every
    CHAT_HEARTBEAT_SECONDS.
    """
    state = state_of(websocket.app)

    def find(db: Session) -> int:
        return shows_service.public_show(db, slug, store).id

    try:
        show_id = await run_in_transaction(state.session_factory, find)
    except DomainError:
        await websocket.close(code=4404)
        return
    await websocket.accept()
    hub = hub_of(websocket.app)
    writer = raw_writer(websocket, state.settings.chat_write_buffer_bytes)
    language = reader_language(lang, websocket.headers.get("accept-language"))
    sub = Subscriber(websocket=websocket, writer=writer, language=language)
    await hub.join(show_id, sub)
    sender = None if writer else asyncio.create_task(_send_queued(websocket, sub))
    try:
        await _send_backlog(websocket.app, hub, sub, show_id, last_event_id)
        await _receive_until_closed(websocket, sub)
    finally:
        await hub.leave(show_id, sub)
        if sender is not None:
            sender.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sender


async def _send_backlog(
    app: Any, hub: Hub, sub: Subscriber, show_id: int, last_event_id: int | None
) -> None:
    backlog = await run_in_transaction(
        state_of(app).session_factory,
        lambda db: service.events_after(db, show_id, last_event_id),
    )
    last = last_event_id or 0
    if backlog is None:
        data = encode_event(service.ephemeral("resync", {}))
        sub.deliver(text_frame(data), data)
        backlog = []
    filler = state_of(app).find(BacklogFiller)
    if sub.language is not None and backlog and filler is not None:
        # While this waits (a provider's timeout at most), live events queue for the viewer.
        backlog = await filler.fill(backlog, sub.language)
    for event in backlog:
        data = encode_event(localise(event, sub.language))
        if not sub.deliver(text_frame(data), data):
            sub.cut()
            return
        last = event["id"]
    hub.go_live(sub, last, show_id)


async def _receive_until_closed(websocket: WebSocket, sub: Subscriber) -> None:
    while not sub.dropped:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
        sub.last_seen = time.monotonic()


async def _send_queued(websocket: WebSocket, sub: Subscriber) -> None:
    """Fallback when the raw transport is not reachable: one bounded queue for this viewer."""
    while True:
        text = await sub.queue.get()
        if text is None:
            await websocket.close(code=4000)
            return
        await websocket.send_text(text)
