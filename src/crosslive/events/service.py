"""Recording and reading a show's event log.

A domain records an event inside its unit of work (`record` keeps it, `announce` only sends
it); `events.unit.commit_then_publish` sends what the transaction recorded once it has
committed, so a viewer resuming from the database never misses what it was sent live.
Services flush and never commit.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, false, func, or_, select, update
from sqlalchemy.orm import Session

from crosslive.db import utcnow
from crosslive.events.models import ShowEvent

Event = dict[str, Any]
HISTORY = 100
BACKLOG_LIMIT = 1000
# Where a session keeps the events its transaction recorded, until they are published.
_PENDING = "crosslive.events.pending"
# The first key of the PostgreSQL advisory lock that orders one show's events (the second
# is the show's id).
_ORDER_LOCK = 0x5E0E


def event_dict(event: ShowEvent) -> Event:
    return {
        "id": event.id,
        "kind": event.kind,
        "data": event.payload,
        "at": event.created_at.isoformat(),
    }


def answered_instantly(show_ids: Select[Any]) -> Select[Any]:
    """The ids of the messages in these shows that the instant answers answered: an
    `auto_answer` for them that did not hand them to the host (escalated). One pass over
    the shows' logs, uncorrelated, for a NOT IN (an EXISTS per message read the whole log
    again for each one: 4 s for 600 questions in a show of 20,000 events)."""
    message_id = ShowEvent.payload["message_id"].as_integer()
    escalated = ShowEvent.payload["escalated"].as_boolean()
    return select(message_id).where(
        ShowEvent.show_id.in_(show_ids),
        ShowEvent.kind == "auto_answer",
        message_id.is_not(None),  # a NULL in a NOT IN list would hide every message
        or_(escalated.is_(None), escalated == false()),
    )


def ephemeral(kind: str, data: dict[str, Any]) -> Event:
    """An event that is sent live but not kept (counters, heartbeats): no id to resume from."""
    return {"id": None, "kind": kind, "data": data, "at": utcnow().isoformat()}


def record(db: Session, show_id: int, kind: str, data: dict[str, Any]) -> Event:
    """Append an event to the show's log; it is published when the transaction commits."""
    _in_commit_order(db, show_id)
    row = ShowEvent(show_id=show_id, kind=kind, payload=data, created_at=utcnow())
    db.add(row)
    db.flush()
    event = event_dict(row)
    _pending(db).append((show_id, event))
    return event


def _in_commit_order(db: Session, show_id: int) -> None:
    """On PostgreSQL two transactions can take event ids 10 and 11 and commit 11 first; a
    viewer resuming after 11 would never see 10. Holding a per-show lock from taking an id
    until the commit makes one show's ids commit in order (SQLite has one writer anyway)."""
    if db.get_bind().dialect.name == "postgresql":
        db.execute(select(func.pg_advisory_xact_lock(_ORDER_LOCK, show_id)))


def announce(db: Session, show_id: int, kind: str, data: dict[str, Any]) -> Event:
    """Send an event to the show's viewers once the transaction commits, without keeping it."""
    event = ephemeral(kind, data)
    _pending(db).append((show_id, event))
    return event


def take_pending(db: Session) -> list[tuple[int, Event]]:
    """The (show id, event) pairs recorded or announced in this session, in order; cleared."""
    return db.info.pop(_PENDING, [])


def _pending(db: Session) -> list[tuple[int, Event]]:
    pending: list[tuple[int, Event]] = db.info.setdefault(_PENDING, [])
    return pending


def scrub(db: Session, event_id: int, payload: dict[str, Any]) -> None:
    """Replace a kept event's payload (a deleted chat message loses its text everywhere)."""
    db.execute(update(ShowEvent).where(ShowEvent.id == event_id).values(payload=payload))


def add_translation(
    db: Session, event_id: int, language: str, text: str | None, original: str
) -> None:
    """Keep TEXT as a kept event's translation into LANGUAGE (None: none could be made), made
    after it was posted for a viewer who joined later. Nothing changes when the event no
    longer says ORIGINAL (a deleted message lost its text) or already has that language."""
    row = db.scalar(select(ShowEvent).where(ShowEvent.id == event_id).with_for_update())
    if row is None:
        return
    payload = dict(row.payload)
    translations = payload.get("translations")
    if payload.get("body") != original or not isinstance(translations, dict):
        return
    if language in translations:
        return
    row.payload = {**payload, "translations": {**translations, language: text}}
    db.flush()


def payload_of(db: Session, event_id: int | None) -> dict[str, Any]:
    """The data of a kept event ({} when there is none)."""
    row = db.get(ShowEvent, event_id) if event_id is not None else None
    return dict(row.payload) if row is not None else {}


def events_after(db: Session, show_id: int, after_id: int | None) -> list[Event] | None:
    """Events to replay to a (re)connecting viewer; None when the gap is too long to replay.

    No last id: the latest HISTORY events. A gap longer than BACKLOG_LIMIT: the viewer must
    reload the room's state instead (the client gets a `resync` event).
    """
    query = select(ShowEvent).where(ShowEvent.show_id == show_id)
    if after_id is None:
        rows = db.scalars(query.order_by(ShowEvent.id.desc()).limit(HISTORY)).all()
        return [event_dict(e) for e in reversed(rows)]
    rows = db.scalars(
        query.where(ShowEvent.id > after_id).order_by(ShowEvent.id).limit(BACKLOG_LIMIT + 1)
    ).all()
    if len(rows) > BACKLOG_LIMIT:
        return None
    return [event_dict(e) for e in rows]
