"""A viewer on stage: the host invites one viewer (from a chat message or a question), the
viewer consents and gets a one-time publish pass, publishes through the WHIP endpoint like a
co-host (every viewer plays them picture-in-picture), and leaves or is removed.

The invitation goes out on the show's public event log addressed by `tag` (a hash of the
viewer's id): only the page holding that id recognises it, and only a request carrying that
viewer's signed token can accept it. The pass is random, stored hashed, bound to the show and
the viewer, good for one publish within PASS_TTL, and dead once the viewer leaves, the host
removes them or the show ends. Services flush and never commit.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.auth.models import StaffUser
from crosslive.chat.models import ChatMessage
from crosslive.db import utcnow
from crosslive.errors import Conflict, InvalidInput, NotAuthenticated, NotFound
from crosslive.events import service as events
from crosslive.media.models import StageInvitation
from crosslive.shows.models import Show, ShowState

INVITE_TTL = timedelta(minutes=2)
PASS_TTL = timedelta(minutes=2)
PASS_PREFIX = "stage_"
REFUSED = "this stage pass is not valid: the host must invite you again"


def tag(viewer_id: str) -> str:
    """How the event log names a viewer: their page matches it, nobody can reverse it."""
    return hashlib.sha256(f"stage:{viewer_id}".encode()).hexdigest()[:32]


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _live(show: Show) -> None:
    if show.state != ShowState.LIVE:
        raise Conflict("the show is not live")


def _open(db: Session, show_id: int) -> list[StageInvitation]:
    query = select(StageInvitation).where(
        StageInvitation.show_id == show_id, StageInvitation.ended_at.is_(None)
    )
    return list(db.scalars(query.order_by(StageInvitation.id)))


def _finish(db: Session, row: StageInvitation, reason: str, now: datetime) -> None:
    row.ended_at, row.end_reason = now, reason
    data = {"invitation_id": row.id, "to": tag(row.viewer_id), "reason": reason}
    events.record(db, row.show_id, "stage_ended", data)


def invite(
    db: Session, show: Show, user: StaffUser, message_id: int, now: datetime | None = None
) -> dict[str, Any]:
    """Invite the viewer who wrote MESSAGE_ID on stage. One viewer at a time: a pending
    invitation of someone else is withdrawn; someone on stage must be removed first."""
    now = now or utcnow()
    _live(show)
    message = db.get(ChatMessage, message_id)
    if message is None or message.show_id != show.id or message.deleted_at is not None:
        raise NotFound(f"no message {message_id} in this show")
    if message.is_staff or ":" in message.viewer_id:
        raise InvalidInput("only a viewer can be invited on stage")
    for row in _open(db, show.id):
        if row.used_at is not None:
            raise Conflict(f"{row.viewer_name} is on stage: remove them first")
        _finish(db, row, "withdrawn", now)
    row = StageInvitation(
        show_id=show.id,
        viewer_id=message.viewer_id,
        viewer_name=message.display_name,
        message_id=message.id,
        invited_by=user.id,
        invited_at=now,
        expires_at=now + INVITE_TTL,
        end_reason="",
    )
    db.add(row)
    db.flush()
    data = {"invitation_id": row.id, "to": tag(row.viewer_id), "host": user.name}
    return events.record(db, show.id, "stage_invited", data)


def _mine(db: Session, show: Show, viewer_id: str, invitation_id: int) -> StageInvitation:
    row = db.get(StageInvitation, invitation_id)
    if row is None or row.show_id != show.id or row.viewer_id != viewer_id:
        raise NotFound("no such invitation")
    return row


def accept(
    db: Session, show: Show, viewer_id: str, invitation_id: int, now: datetime | None = None
) -> str:
    """The viewer consents: their one-time publish pass (shown once, kept hashed)."""
    now = now or utcnow()
    _live(show)
    row = _mine(db, show, viewer_id, invitation_id)
    if row.ended_at is not None or row.expires_at <= now:
        raise Conflict("this invitation has expired")
    if row.pass_hash is not None:
        raise Conflict("this invitation was already accepted")
    token = PASS_PREFIX + secrets.token_urlsafe(24)
    row.pass_hash, row.pass_expires_at = _hash(token), now + PASS_TTL
    db.flush()
    events.record(db, show.id, "stage_accepted", {"invitation_id": row.id})
    return token


def show_of_pass(db: Session, token: str) -> Show | None:
    """The show a pass was issued for (None for an unknown pass)."""
    query = select(StageInvitation.show_id).where(StageInvitation.pass_hash == _hash(token))
    show_id = db.scalar(query)
    return db.get(Show, show_id) if show_id is not None else None


def authorize(
    db: Session,
    show: Show,
    token: str,
    viewer_id: str | None,
    *,
    publish: bool,
    now: datetime | None = None,
) -> StageInvitation:
    """The invitation a pass belongs to, for VIEWER_ID on SHOW. PUBLISH: its one use (it
    is spent now); otherwise the publish it made (ending or checking it). 401 for anything
    else: unknown, another viewer's or show's, spent, expired, ended; 409 once the show ended."""
    now = now or utcnow()
    row = db.scalar(select(StageInvitation).where(StageInvitation.pass_hash == _hash(token)))
    if row is None or row.show_id != show.id or viewer_id is None or row.viewer_id != viewer_id:
        raise NotAuthenticated(REFUSED)
    if row.ended_at is not None:
        raise NotAuthenticated(REFUSED)
    if show.state != ShowState.LIVE:
        raise Conflict("the show has ended")
    if not publish:
        if row.used_at is None:
            raise NotAuthenticated(REFUSED)
        return row
    expires = row.pass_expires_at
    if row.used_at is not None or expires is None or expires <= now:
        raise NotAuthenticated(REFUSED)
    row.used_at = now
    db.flush()
    return row


def end(
    db: Session,
    show: Show,
    reason: str,
    viewer_id: str | None = None,
    now: datetime | None = None,
) -> list[str]:
    """End the show's open invitations (only VIEWER_ID's when given): the host removed them
    ("removed"), the viewer left or declined. The viewers whose publish must stop."""
    now = now or utcnow()
    ended = []
    for row in _open(db, show.id):
        if viewer_id is None or row.viewer_id == viewer_id:
            _finish(db, row, reason, now)
            ended.append(row.viewer_id)
    return ended


def end_all(db: Session, show_id: int, reason: str = "show_ended") -> int:
    """The show ended: every open invitation and pass dies."""
    now = utcnow()
    rows = _open(db, show_id)
    for row in rows:
        _finish(db, row, reason, now)
    return len(rows)


def on_stage(db: Session, show: Show, now: datetime | None = None) -> list[dict[str, Any]]:
    """The console's view: open invitations and who is on stage."""
    now = now or utcnow()
    out = []
    for row in _open(db, show.id):
        expired = row.used_at is None and (
            row.expires_at <= now if row.pass_hash is None else (row.pass_expires_at or now) <= now
        )
        state = "on_stage" if row.used_at else ("expired" if expired else "invited")
        out.append({"invitation_id": row.id, "name": row.viewer_name, "state": state})
    return out
