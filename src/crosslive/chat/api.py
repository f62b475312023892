"""Chat for viewers (anonymous, signed token) and the WebSocket event log of a show."""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Annotated, Any

from fastapi import APIRouter, Header, Request, WebSocket
from sqlalchemy.orm import Session

from crosslive.chat import service, viewers
from crosslive.chat.errors import RateLimited
from crosslive.chat.frames import raw_writer, text_frame
from crosslive.chat.hub import Subscriber, encode_event
from crosslive.chat.room import commit_then_publish, hub_of, in_transaction
from crosslive.chat.schemas import EventOut, MessageIn, ViewerJoin, ViewerToken
from crosslive.errors import DomainError
from crosslive.live import service as live_service
from crosslive.ratelimit import client_ip, limiter_of

router = APIRouter(prefix="/live", tags=["live chat"])
socket_router = APIRouter()

ViewerHeader = Annotated[str | None, Header(alias=viewers.VIEWER_HEADER)]
# New viewer names per client address: enough for a household or a carrier's shared address,
# too few to dodge the per-viewer chat limit by minting a name per message.
JOINS_PER_ADDRESS = 120
JOIN_WINDOW_SECONDS = 600.0


@router.post("/{slug}/viewers", response_model=ViewerToken, status_code=201)
async def join(slug: str, body: ViewerJoin, request: Request, store: str | None = None) -> Any:
    """Choose a display name; the signed token goes in the X-Viewer-Token header."""
    key = f"chat-join:{client_ip(request)}"
    if not limiter_of(request).hit(key, JOINS_PER_ADDRESS, JOIN_WINDOW_SECONDS):
        raise RateLimited("too many new chat names from your network; try again in a few minutes")
    await in_transaction(request.app, lambda db: live_service.find_show(db, slug, store).id)
    viewer, token = viewers.issue(request.app.state.settings.signing_key(), body.name)
    return ViewerToken(token=token, name=viewer.name)


@router.post("/{slug}/messages", response_model=EventOut, status_code=201)
async def post_message(
    slug: str,
    body: MessageIn,
    request: Request,
    token: ViewerHeader = None,
    store: str | None = None,
) -> Any:
    settings = request.app.state.settings
    viewer = viewers.read(settings.signing_key(), token)
    rate = (settings.chat_rate_messages, settings.chat_rate_seconds)

    def work(db: Session) -> tuple[int, dict[str, Any]]:
        show = live_service.find_show(db, slug, store)
        event = service.post_viewer_message(
            db,
            show.id,
            viewer,
            body.body,
            question=body.question,
            profanity=request.app.state.profanity,
            rate=rate,
        )
        return show.id, event

    return await commit_then_publish(request.app, work)


@router.get("/{slug}/events", response_model=list[EventOut])
async def history(
    slug: str, request: Request, after: int | None = None, store: str | None = None
) -> Any:
    """The log for clients without WebSockets (and for catching up after a long gap)."""

    def work(db: Session) -> list[dict[str, Any]]:
        show = live_service.find_show(db, slug, store)
        return service.events_after(db, show.id, after) or []

    return await in_transaction(request.app, work)


@socket_router.websocket("/live/{slug}/ws")
async def event_socket(
    websocket: WebSocket, slug: str, store: str | None = None, last_event_id: int | None = None
) -> None:
    """Live events of a show. Resume with ?last_event_id=N after a reconnect.

    The client sends any text (e.g. "ping") at least every CHAT_IDLE_SECONDS; the server sends
    a heartbeat event every CHAT_HEARTBEAT_SECONDS.
    """
    app = websocket.app
    try:
        show_id = await in_transaction(app, lambda db: live_service.find_show(db, slug, store).id)
    except DomainError:
        await websocket.close(code=4404)
        return
    await websocket.accept()
    hub = hub_of(app)
    writer = raw_writer(websocket, app.state.settings.chat_write_buffer_bytes)
    sub = Subscriber(websocket=websocket, writer=writer)
    await hub.join(show_id, sub)
    sender = None if writer else asyncio.create_task(_send_queued(websocket, sub))
    try:
        await _send_backlog(app, hub, sub, show_id, last_event_id)
        await _receive_until_closed(websocket, sub)
    finally:
        await hub.leave(show_id, sub)
        if sender is not None:
            sender.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sender


async def _send_backlog(
    app: Any, hub: Any, sub: Subscriber, show_id: int, last_event_id: int | None
) -> None:
    backlog = await in_transaction(app, lambda db: service.events_after(db, show_id, last_event_id))
    last = last_event_id or 0
    if backlog is None:
        data = encode_event(service.ephemeral("resync", {}))
        sub.deliver(text_frame(data), data)
        backlog = []
    for event in backlog:
        data = encode_event(event)
        if not sub.deliver(text_frame(data), data):
            sub.cut()
            return
        last = event["id"]
    hub.go_live(sub, last)


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
