"""Chat rules: rate limit, mutes, profanity, moderation, questions.

Every message and moderation step is recorded in the show's event log (events.service);
services flush and never commit, and the caller's unit of work publishes after the commit.
"""

from __future__ import annotations

import unicodedata
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
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
    RateLimited,
)
from crosslive.events import service as events
from crosslive.viewers import Viewer

MAX_BODY = 500


def clean_body(body: str) -> str:
    text = "".join(ch for ch in body if ch == "\n" or unicodedata.category(ch)[0] != "C").strip()
    if not text:
        raise InvalidInput("write a message first")
    if len(text) > MAX_BODY:
        raise InvalidInput(f"a message has at most {MAX_BODY} characters")
    return text


def _check_rate(db: Session, show_id: int, viewer_id: str, limit: int, seconds: int) -> None:
    since = utcnow() - timedelta(seconds=seconds)
    recent = db.scalar(
        select(func.count(ChatMessage.id)).where(
            ChatMessage.show_id == show_id,
            ChatMessage.viewer_id == viewer_id,
            ChatMessage.created_at >= since,
        )
    )
    if (recent or 0) >= limit:
        raise RateLimited(
            f"slow down: at most {limit} messages every {seconds} seconds", retry_after_s=seconds
        )


def is_muted(db: Session, show_id: int, viewer_id: str) -> bool:
    muted = db.scalar(
        select(ChatMute.id).where(ChatMute.show_id == show_id, ChatMute.viewer_id == viewer_id)
    )
    return muted is not None


def _store_message(
    db: Session, show_id: int, *, viewer_id: str, name: str, body: str, staff: bool, question: bool
) -> dict[str, Any]:
    now = utcnow()
    message = ChatMessage(
        show_id=show_id,
        viewer_id=viewer_id,
        display_name=name,
        body=body,
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
    rate: tuple[int, int],
) -> dict[str, Any]:
    if not viewer.name:
        raise NotAuthenticated("choose a display name to chat")
    if is_muted(db, show_id, viewer.id):
        raise PermissionDenied("a moderator muted you in this show")
    text = profanity.clean(clean_body(body))
    _check_rate(db, show_id, viewer.id, *rate)
    return _store_message(
        db,
        show_id,
        viewer_id=viewer.id,
        name=profanity.clean(viewer.name),
        body=text,
        staff=False,
        question=question,
    )


def post_staff_message(db: Session, show_id: int, user: StaffUser, body: str) -> dict[str, Any]:
    return _store_message(
        db,
        show_id,
        viewer_id=f"staff:{user.id}",
        name=user.name,
        body=clean_body(body),
        staff=True,
        question=False,
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
        db.add(ChatMute(show_id=show_id, viewer_id=message.viewer_id, muted_by=by.id))
        db.flush()
    return events.record(db, show_id, "viewer_muted", {"message_id": message.id})


def open_questions(db: Session, show_id: int, limit: int = 50) -> list[ChatMessage]:
    return list(
        db.scalars(
            select(ChatMessage)
            .where(
                ChatMessage.show_id == show_id,
                ChatMessage.is_question.is_(True),
                ChatMessage.answered_at.is_(None),
                ChatMessage.deleted_at.is_(None),
            )
            .order_by(ChatMessage.id)
            .limit(limit)
        )
    )


def start_answering(db: Session, show_id: int, message_id: int, by: StaffUser) -> dict[str, Any]:
    message = _message(db, show_id, message_id)
    if not message.is_question or message.deleted_at is not None:
        raise InvalidInput("only an open question can be answered")
    message.answering_at = utcnow()
    data = {"message_id": message.id, "name": message.display_name, "body": message.body}
    return events.record(db, show_id, "answering", {**data, "host": by.name})


def finish_answering(db: Session, show_id: int, message_id: int) -> dict[str, Any]:
    message = _message(db, show_id, message_id)
    message.answered_at = message.answered_at or utcnow()
    return events.record(db, show_id, "answered", {"message_id": message.id})
