"""Chat rules: who may write (a chat join for this show, not expired, not muted), mutes,
profanity, moderation, questions. The rate limits are counted before any of this, by the
routes through the app's limiter (chat.api).

Every message and moderation step is recorded in the show's event log (events.service);
services flush and never commit, and the caller's unit of work publishes after the commit.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session

from crosslive.auth.models import StaffUser
from crosslive.chat.models import ChatMessage, ChatMute
from crosslive.chat.moderation import ProfanityFilter
from crosslive.db import utcnow
from crosslive.errors import (
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
)
from crosslive.events import service as events
from crosslive.i18n import N_
from crosslive.shows.models import Show, ShowState
from crosslive.viewers import Viewer

MAX_BODY = 500


def message_text(body: str, profanity: ProfanityFilter) -> str:
    """What a viewer's message reads once cleaned and masked (what is stored and translated)."""
    return profanity.clean(clean_body(body))


def clean_body(body: str) -> str:
    text = "".join(ch for ch in body if ch == "\n" or unicodedata.category(ch)[0] != "C").strip()
    if not text:
        raise InvalidInput(N_("write a message first"))
    if len(text) > MAX_BODY:
        raise InvalidInput(N_("a message has at most {count} characters"), count=MAX_BODY)
    return text


MUTED = N_("a moderator muted you in this show")


def is_muted(db: Session, show_id: int, viewer_id: str, fingerprint: str | None = None) -> bool:
    """Whether the viewer, or whoever writes from the address and browser FINGERPRINT, was
    muted in the show."""
    match = ChatMute.viewer_id == viewer_id
    if fingerprint:
        match = or_(match, ChatMute.fingerprint == fingerprint)
    muted = db.scalar(select(ChatMute.id).where(ChatMute.show_id == show_id, match).limit(1))
    return muted is not None


def check_may_join(db: Session, show_id: int, viewer_id: str | None, fingerprint: str) -> None:
    """A chat join is refused to a muted identity, and to a new one from a muted browser."""
    if is_muted(db, show_id, viewer_id or "", fingerprint):
        raise PermissionDenied(MUTED)


def check_chat_pass(viewer: Viewer, show_id: int, now: float) -> None:
    """A viewer writes under the name they joined this show's chat with, until it expires."""
    if not viewer.name:
        raise NotAuthenticated(N_("choose a display name to chat"))
    if viewer.chat_show != show_id or viewer.chat_until is None or viewer.chat_until <= now:
        raise NotAuthenticated(N_("join the chat again"))


def _store_message(
    db: Session,
    show_id: int,
    *,
    viewer_id: str,
    name: str,
    body: str,
    staff: bool,
    question: bool,
    fingerprint: str | None = None,
    languages: dict[str, Any] | None = None,
) -> dict[str, Any]:
    now = utcnow()
    message = ChatMessage(
        show_id=show_id,
        viewer_id=viewer_id,
        display_name=name,
        body=body,
        fingerprint=fingerprint,
        is_staff=staff,
        is_question=question,
        created_at=now,
    )
    db.add(message)
    db.flush()
    data = {
        "message_id": message.id,
        "name": name,
        "body": body,
        "staff": staff,
        "question": question,
        # {"lang", "translations"} (chat.languages): each viewer reads it in their language.
        **(languages or {}),
    }
    event = events.record(db, show_id, "message", data)
    message.event_id = event["id"]
    return event


def post_viewer_message(
    db: Session,
    show_id: int,
    viewer: Viewer,
    body: str,
    *,
    question: bool,
    profanity: ProfanityFilter,
    fingerprint: str,
    now: float,
    languages: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Store what VIEWER wrote from the browser FINGERPRINT, at NOW (Unix seconds), with
    its translations (LANGUAGES). The caller has counted it against the rate limits already."""
    check_chat_pass(viewer, show_id, now)
    if is_muted(db, show_id, viewer.id, fingerprint):
        raise PermissionDenied(MUTED)
    text = message_text(body, profanity)
    return _store_message(
        db,
        show_id,
        viewer_id=viewer.id,
        name=profanity.clean(viewer.name),
        body=text,
        staff=False,
        question=question,
        fingerprint=fingerprint,
        languages=languages,
    )


def post_staff_message(
    db: Session,
    show_id: int,
    user: StaffUser,
    body: str,
    languages: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return _store_message(
        db,
        show_id,
        viewer_id=f"staff:{user.id}",
        name=user.name,
        body=clean_body(body),
        staff=True,
        question=False,
        languages=languages,
    )


def post_seeded_message(
    db: Session,
    show_id: int,
    *,
    name: str,
    body: str,
    question: bool,
    languages: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A line written by no real viewer (the demo's opening chat)."""
    return _store_message(
        db,
        show_id,
        viewer_id=f"seed:{name}",
        name=name,
        body=clean_body(body),
        staff=False,
        question=question,
        languages=languages,
    )


def _message(db: Session, show_id: int, message_id: int) -> ChatMessage:
    message = db.get(ChatMessage, message_id)
    if message is None or message.show_id != show_id:
        raise NotFound(f"no message {message_id} in this show")
    return message


def delete_message(db: Session, show_id: int, message_id: int) -> dict[str, Any]:
    """Remove a message for everyone; the log entry that carried it loses its text too."""
    message = _message(db, show_id, message_id)
    if message.deleted_at is None:
        message.deleted_at = utcnow()
        message.body = ""
        if message.event_id is not None:
            events.scrub(db, message.event_id, {"message_id": message.id, "deleted": True})
    return events.record(db, show_id, "message_deleted", {"message_id": message.id})


def mute_author(db: Session, show_id: int, message_id: int, by: StaffUser) -> dict[str, Any]:
    """Mute whoever wrote the message (viewers are anonymous: the message identifies them)."""
    message = _message(db, show_id, message_id)
    if message.is_staff:
        raise InvalidInput("staff members cannot be muted")
    if not is_muted(db, show_id, message.viewer_id):
        mute = ChatMute(
            show_id=show_id,
            viewer_id=message.viewer_id,
            fingerprint=message.fingerprint,
            muted_by=by.id,
        )
        db.add(mute)
        db.flush()
    return events.record(db, show_id, "viewer_muted", {"message_id": message.id})


def waiting(show_ids: Select[Any]) -> list[ColumnElement[bool]]:
    """What keeps a viewer's question waiting for the host in these shows: not deleted, the
    host has not answered it, and the instant answers did not either (an `auto_answer` in
    the show's log that was not escalated to the host). The host's queue and the
    dashboard's count read the same rule; one uncorrelated pass over the logs, so the
    query count stays flat however many questions a show has."""
    return [
        ChatMessage.show_id.in_(show_ids),
        ChatMessage.is_question.is_(True),
        ChatMessage.answered_at.is_(None),
        ChatMessage.deleted_at.is_(None),
        ChatMessage.id.not_in(events.answered_instantly(show_ids)),
    ]


def open_questions(db: Session, show_id: int, limit: int = 50) -> list[ChatMessage]:
    """The host's question queue: the show's questions still waiting, oldest first."""
    show = select(Show.id).where(Show.id == show_id)
    return list(
        db.scalars(select(ChatMessage).where(*waiting(show)).order_by(ChatMessage.id).limit(limit))
    )


def unanswered_count(db: Session, seller_id: int) -> int:
    """The viewers' questions still waiting (`waiting`) in the store's live and upcoming
    shows (an ended show's questions can no longer be answered on air). One query, on
    SQLite and PostgreSQL alike."""
    open_shows = select(Show.id).where(Show.seller_id == seller_id, Show.state != ShowState.ENDED)
    return int(db.scalar(select(func.count(ChatMessage.id)).where(*waiting(open_shows))) or 0)


def shown_messages(db: Session, show_id: int, limit: int = 2000) -> list[ChatMessage]:
    """The show's chat as a replay shows it: the messages that stayed up (a moderator did
    not delete them) by authors a moderator did not mute, oldest first."""
    muted = select(ChatMute.viewer_id).where(ChatMute.show_id == show_id)
    return list(
        db.scalars(
            select(ChatMessage)
            .where(
                ChatMessage.show_id == show_id,
                ChatMessage.deleted_at.is_(None),
                ChatMessage.body != "",
                ChatMessage.viewer_id.not_in(muted),
            )
            .order_by(ChatMessage.created_at, ChatMessage.id)
            .limit(limit)
        )
    )


def read_in(db: Session, messages: list[ChatMessage], language: str | None) -> dict[int, str]:
    """The messages' text in LANGUAGE, by message id, where it was translated into it."""
    if language is None:
        return {}
    texts = {}
    for message in messages:
        translated = events.payload_of(db, message.event_id).get("translations") or {}
        if isinstance(translated.get(language), str):
            texts[message.id] = translated[language]
    return texts


def start_answering(db: Session, show_id: int, message_id: int, by: StaffUser) -> dict[str, Any]:
    message = _message(db, show_id, message_id)
    if not message.is_question or message.deleted_at is not None:
        raise InvalidInput("only an open question can be answered")
    message.answering_at = utcnow()
    data = {"message_id": message.id, "name": message.display_name, "body": message.body}
    # The question as its message went out: each viewer reads the banner in their language.
    said = events.payload_of(db, message.event_id)
    languages: dict[str, Any] = {k: said[k] for k in ("lang", "translations") if k in said}
    return events.record(db, show_id, "answering", {**data, **languages, "host": by.name})


def finish_answering(db: Session, show_id: int, message_id: int) -> dict[str, Any]:
    message = _message(db, show_id, message_id)
    message.answered_at = message.answered_at or utcnow()
    return events.record(db, show_id, "answered", {"message_id": message.id})


def viewer_question(db: Session, show_id: int, message_id: int, viewer_id: str) -> ChatMessage:
    """A question VIEWER_ID asked in the show and has not had deleted (an instant answer goes
    under it)."""
    message = _message(db, show_id, message_id)
    if not message.is_question or message.viewer_id != viewer_id or message.deleted_at:
        raise NotFound(f"no question {message_id} of yours in this show")
    return message
