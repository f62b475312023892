"""The host console's API: chat as staff, moderation, questions, pins, pushes, counters.

Hosts of the show and the store owner run it; moderators may delete messages and mute.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import APIRouter, Request
from sqlalchemy.orm import Session

from crosslive import i18n
from crosslive.auth.deps import CurrentStaff
from crosslive.auth.models import Role, StaffUser
from crosslive.auth.service import require_role
from crosslive.chat import service as chat_service
from crosslive.chat.languages import message_languages
from crosslive.compliance import claims
from crosslive.db import run_in_transaction
from crosslive.deps import SessionDep
from crosslive.errors import DomainError
from crosslive.events.schemas import EventOut
from crosslive.events.unit import commit_then_publish, hub_of
from crosslive.ids import PathId
from crosslive.live import embed, service
from crosslive.live.schemas import (
    CountersOut,
    CredentialPushIn,
    EmbedOriginsIn,
    EmbedOriginsOut,
    PinIn,
    QuestionOut,
    StaffMessageIn,
    StaffMessageOut,
)
from crosslive.media.lifespan import media_of, show_nodes
from crosslive.orders import service as orders_service
from crosslive.orders.schemas import ShowCounters
from crosslive.shows import service as shows_service
from crosslive.shows.models import Show
from crosslive.shows.schemas import ShowOut
from crosslive.state import state_of
from crosslive.translation.languages import reader_language

router = APIRouter(prefix="/host", tags=["host console"])

Result = TypeVar("Result")
Act = Callable[[Session, Show], Result]
Check = Callable[[Show, StaffUser], None]


async def _on_show(
    request: Request, user: StaffUser, ref: str, act: Act[Result], check: Check
) -> Result:
    """Run ACT on the staff member's show REF, once CHECK allowed it; publish what it
    recorded after the commit."""

    def work(db: Session) -> Result:
        show = shows_service.staff_show(db, user, ref)
        check(show, user)
        return act(db, show)

    return await commit_then_publish(request.app, work)


async def _as_host(request: Request, user: StaffUser, ref: str, act: Act[Result]) -> Result:
    return await _on_show(request, user, ref, act, shows_service.require_host)


async def _as_moderator(request: Request, user: StaffUser, ref: str, act: Act[Result]) -> Result:
    return await _on_show(request, user, ref, act, shows_service.require_moderator)


@router.post("/{slug}/go-live", response_model=EventOut)
async def go_live(slug: str, request: Request, user: CurrentStaff) -> Any:
    """Take the show live and tell every viewer at once."""
    return await _as_host(request, user, slug, lambda db, s: service.go_live(db, s, user))


@router.post("/{slug}/end", response_model=EventOut)
async def end_show(slug: str, request: Request, user: CurrentStaff) -> Any:
    event = await _as_host(request, user, slug, lambda db, s: service.end(db, s, user))
    await _off_stage(request, slug, user)
    return event


async def _off_stage(request: Request, ref: str, user: StaffUser) -> None:
    """The show ended: a viewer on its stage goes off the air now, not when their page
    hears of it (their pass already died with the show)."""
    media = media_of(request.app)
    if media is None:
        return
    show_id = await run_in_transaction(
        state_of(request.app).session_factory,
        lambda db: shows_service.staff_show(db, user, ref).id,
    )
    for publisher in media.show_publishers(show_id):
        if publisher.viewer_id:
            await media.evict_viewer(show_id, publisher.viewer_id, "show ended")


# The same moves under the shows API (by id or slug), answered with the show.
shows_router = APIRouter(prefix="/shows", tags=["shows"])


Move = Callable[[Session, Show, StaffUser], dict[str, Any]]


def _answered_with_the_show(move: Move, user: StaffUser) -> Act[ShowOut]:
    def act(db: Session, show: Show) -> ShowOut:
        move(db, show, user)
        return ShowOut.from_show(show)

    return act


@shows_router.post("/{ref}/go-live", response_model=ShowOut)
async def go_live_by_ref(ref: str, request: Request, user: CurrentStaff) -> ShowOut:
    """Take the show live (hosts and owners) and tell every viewer at once."""
    return await _as_host(request, user, ref, _answered_with_the_show(service.go_live, user))


@shows_router.post("/{ref}/end", response_model=ShowOut)
async def end_by_ref(ref: str, request: Request, user: CurrentStaff) -> ShowOut:
    """End the live show for everyone."""
    show = await _as_host(request, user, ref, _answered_with_the_show(service.end, user))
    await _off_stage(request, ref, user)
    return show


@router.post("/{slug}/messages", response_model=StaffMessageOut, status_code=201)
async def staff_message(
    slug: str, body: StaffMessageIn, request: Request, user: CurrentStaff
) -> Any:
    """A staff reply; each viewer reads it in their own language (with the original)."""

    def find(db: Session) -> int:
        show = shows_service.staff_show(db, user, slug)
        shows_service.require_moderator(show, user)
        return show.id

    show_id = await run_in_transaction(state_of(request.app).session_factory, find)
    languages = None
    with contextlib.suppress(DomainError):  # bad text: the service refuses it below
        text = chat_service.clean_body(body.body)
        hint = reader_language(body.lang, request.headers.get("accept-language"))
        languages = await message_languages(request.app, show_id, text, hint)

    # The host console speaks the seller's language (the admin's switcher, else the browser).
    seller_language = i18n.choose(
        None,
        request.cookies.get(i18n.ADMIN_COOKIE),
        request.headers.get("accept-language"),
        i18n.ADMIN_SUPPORTED,
    )

    def act(db: Session, show: Show) -> dict[str, Any]:
        # A claim a market of the show bans is refused (422, nothing posted); lesser claim
        # findings are posted and given back to the host as warnings.
        warnings = claims.check_staff_message(db, show, body.body, seller_language)
        posted = chat_service.post_staff_message(db, show.id, user, body.body, languages)
        return {**posted, "warnings": [f.as_dict() for f in warnings]}

    return await _as_moderator(request, user, slug, act)


@router.delete("/{slug}/messages/{message_id}", response_model=EventOut)
async def delete_message(
    slug: str, message_id: PathId, request: Request, user: CurrentStaff
) -> Any:
    def act(db: Session, show: Show) -> dict[str, Any]:
        return chat_service.delete_message(db, show.id, message_id)

    return await _as_moderator(request, user, slug, act)


@router.post("/{slug}/messages/{message_id}/mute", response_model=EventOut)
async def mute(slug: str, message_id: PathId, request: Request, user: CurrentStaff) -> Any:
    def act(db: Session, show: Show) -> dict[str, Any]:
        return chat_service.mute_author(db, show.id, message_id, user)

    return await _as_moderator(request, user, slug, act)


@router.get("/{slug}/questions", response_model=list[QuestionOut])
async def questions(slug: str, request: Request, user: CurrentStaff) -> Any:
    def work(db: Session) -> list[QuestionOut]:
        show = shows_service.staff_show(db, user, slug)
        shows_service.require_moderator(show, user)
        return [
            QuestionOut(
                message_id=m.id,
                name=m.display_name,
                body=m.body,
                answering=m.answering_at is not None,
            )
            for m in chat_service.open_questions(db, show.id)
        ]

    return await run_in_transaction(state_of(request.app).session_factory, work)


@router.post("/{slug}/questions/{message_id}/answering", response_model=EventOut)
async def answering(slug: str, message_id: PathId, request: Request, user: CurrentStaff) -> Any:
    def act(db: Session, show: Show) -> dict[str, Any]:
        return chat_service.start_answering(db, show.id, message_id, user)

    return await _as_host(request, user, slug, act)


@router.post("/{slug}/questions/{message_id}/answered", response_model=EventOut)
async def answered(slug: str, message_id: PathId, request: Request, user: CurrentStaff) -> Any:
    def act(db: Session, show: Show) -> dict[str, Any]:
        return chat_service.finish_answering(db, show.id, message_id)

    return await _as_host(request, user, slug, act)


@router.post("/{slug}/pins", response_model=EventOut, status_code=201)
async def pin(slug: str, body: PinIn, request: Request, user: CurrentStaff) -> Any:
    return await _as_host(request, user, slug, lambda db, s: service.pin(db, s, body.product_id))


@router.delete("/{slug}/pins/{product_id}", response_model=EventOut)
async def unpin(slug: str, product_id: PathId, request: Request, user: CurrentStaff) -> Any:
    return await _as_host(request, user, slug, lambda db, s: service.unpin(db, s, product_id))


@router.post("/{slug}/credential-push", response_model=EventOut, status_code=201)
async def push_credential(
    slug: str, body: CredentialPushIn, request: Request, user: CurrentStaff
) -> Any:
    def act(db: Session, show: Show) -> dict[str, Any]:
        return service.push_credential(db, show, body.credential_id)

    return await _as_host(request, user, slug, act)


@router.get("/{slug}/counters", response_model=CountersOut)
async def counters(slug: str, request: Request, user: CurrentStaff) -> Any:
    def work(db: Session) -> tuple[int, ShowCounters]:
        show = shows_service.staff_show(db, user, slug)
        shows_service.require_moderator(show, user)
        return show.id, orders_service.show_counters(db, show.id)

    show_id, sales = await run_in_transaction(state_of(request.app).session_factory, work)
    viewers = await hub_of(request.app).audience(show_id)
    nodes = show_nodes(request.app, show_id)
    return CountersOut(**sales.model_dump(), viewers=viewers, nodes=nodes)


embed_router = APIRouter(prefix="/embed-origins", tags=["host console"])


@embed_router.get("", response_model=EmbedOriginsOut)
def get_embed_origins(db: SessionDep, user: CurrentStaff) -> EmbedOriginsOut:
    """Sites allowed to frame the store's embedded live room, besides this one (empty: no
    other site)."""
    return EmbedOriginsOut(origins=embed.allowed_origins(db, user.seller_id))


@embed_router.put("", response_model=EmbedOriginsOut)
def put_embed_origins(body: EmbedOriginsIn, db: SessionDep, user: CurrentStaff) -> EmbedOriginsOut:
    require_role(user, Role.OWNER)
    return EmbedOriginsOut(origins=embed.set_allowed_origins(db, user.seller_id, body.origins))
