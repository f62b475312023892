"""Per show, the viewers' chat (`show_chat`): messages (staff messages not counted, deleted
ones counted), questions, questions the host marked answered and the sum of their times to
answer in microseconds (an integer, so adding and taking away is exact), kept up to date as
messages are written: the Shows report reads one row per show instead of every message.

The ORM hooks below add a message when it is written, take its old figures (as the database
has them) away and add its new ones when it changes, and take it away when it is deleted (a
deleted show takes its row with it; the chat service writes messages only through the ORM).
Bulk loads call `rebuild`, as does `crosslive insights rebuild`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Connection,
    ForeignKey,
    Integer,
    case,
    cast,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
)
from sqlalchemy.orm import Mapped, Mapper, Session, mapped_column

from crosslive.chat.models import ChatMessage
from crosslive.db import Base
from crosslive.shows.models import Show
from crosslive.summary_rows import add_to

FIELDS = ("show_id", "is_staff", "is_question", "created_at", "answered_at")
SUMS = ("messages", "questions", "answered", "answer_us")


class ShowChat(Base):
    __tablename__ = "show_chat"

    id: Mapped[int] = mapped_column(primary_key=True)
    show_id: Mapped[int] = mapped_column(ForeignKey("shows.id", ondelete="CASCADE"), unique=True)
    messages: Mapped[int] = mapped_column(Integer, default=0)
    questions: Mapped[int] = mapped_column(Integer, default=0)
    answered: Mapped[int] = mapped_column(Integer, default=0)
    answer_us: Mapped[int] = mapped_column(BigInteger, default=0)


def contribution(v: dict[str, Any]) -> dict[str, int] | None:
    """What one message with values V adds; None for a staff message."""
    if v["is_staff"] or v["show_id"] is None:
        return None
    question = bool(v["is_question"])
    answered = question and v["answered_at"] is not None
    delay = (v["answered_at"] - v["created_at"]) // timedelta(microseconds=1) if answered else 0
    return {
        "messages": 1,
        "questions": int(question),
        "answered": int(answered),
        "answer_us": delay,
    }


def apply(conn: Connection, values: dict[str, Any], sign: int) -> None:
    """Add (SIGN 1) or take away (SIGN -1) one message's figures."""
    sums = contribution(values)
    if sums is None:
        return
    table: Any = ShowChat.__table__
    add_to(conn, table, {"show_id": values["show_id"]}, {k: sign * n for k, n in sums.items()})


def _now(target: ChatMessage) -> dict[str, Any]:
    return {f: getattr(target, f) for f in FIELDS}


def _stored(conn: Connection, target: ChatMessage) -> dict[str, Any] | None:
    """TARGET's values as the database has them (before this flush's UPDATE or DELETE: an
    attribute set without being loaded first has no old value in its history)."""
    columns = [getattr(ChatMessage, f) for f in FIELDS]
    row = conn.execute(select(*columns).where(ChatMessage.id == target.id)).first()
    return None if row is None else dict(zip(FIELDS, row, strict=True))


def _changed(target: ChatMessage) -> bool:
    state = inspect(target)
    return any(state.attrs[f].history.has_changes() for f in FIELDS)


@event.listens_for(ChatMessage, "after_insert")
def _inserted(_mapper: Mapper[Any], conn: Connection, target: ChatMessage) -> None:
    apply(conn, _now(target), 1)


@event.listens_for(ChatMessage, "before_update")
def _updating(_mapper: Mapper[Any], conn: Connection, target: ChatMessage) -> None:
    if _changed(target) and (before := _stored(conn, target)) is not None:
        apply(conn, before, -1)


@event.listens_for(ChatMessage, "after_update")
def _updated(_mapper: Mapper[Any], conn: Connection, target: ChatMessage) -> None:
    if _changed(target):
        apply(conn, _now(target), 1)


@event.listens_for(ChatMessage, "before_delete")
def _deleting(_mapper: Mapper[Any], conn: Connection, target: ChatMessage) -> None:
    if (before := _stored(conn, target)) is not None:
        apply(conn, before, -1)


def answer_us(db: Session) -> ColumnElement[int]:
    """answered_at - created_at in whole microseconds, in SQL, exactly as `contribution`
    works it out (SQLite stores 'YYYY-MM-DD HH:MM:SS.ffffff' text)."""
    m = ChatMessage
    if db.get_bind().dialect.name == "postgresql":
        seconds = func.extract("epoch", m.answered_at - m.created_at)
        return cast(func.round(seconds * 1_000_000), BigInteger)
    # Whole seconds of the text cut at the second (SQLite keeps milliseconds only and would
    # round .9999995 up), then the microseconds.
    whole = func.strftime("%s", func.substr(m.answered_at, 1, 19)) - func.strftime(
        "%s", func.substr(m.created_at, 1, 19)
    )
    fraction = cast(func.substr(m.answered_at, 21, 6), Integer) - cast(
        func.substr(m.created_at, 21, 6), Integer
    )
    return whole * 1_000_000 + fraction


def rebuild(db: Session, seller_id: int | None = None) -> int:
    """Recompute `show_chat` from the messages (of one store's shows, or all) in one
    INSERT ... SELECT; returns how many messages were counted."""
    shows = select(Show.id)
    if seller_id is not None:
        shows = shows.where(Show.seller_id == seller_id)
    db.execute(delete(ShowChat).where(ShowChat.show_id.in_(shows)))
    m = ChatMessage
    question = m.is_question.is_(True)
    answered = question & m.answered_at.is_not(None)
    counted = (
        select(
            m.show_id,
            func.count(),
            func.sum(case((question, 1), else_=0)),
            func.sum(case((answered, 1), else_=0)),
            func.coalesce(func.sum(case((answered, answer_us(db)), else_=0)), 0),
        )
        .where(m.show_id.in_(shows), m.is_staff.is_(False))
        .group_by(m.show_id)
    )
    db.execute(insert(ShowChat).from_select(["show_id", *SUMS], counted))
    total = select(func.coalesce(func.sum(ShowChat.messages), 0)).where(ShowChat.show_id.in_(shows))
    return int(db.scalar(total) or 0)
