"""Who watched each show, kept so that the distinct viewers of a show (overall, or in one
market) are read from one row instead of counted over every session: distinct counts do not
add up, so each (show, market, viewer) is remembered with its number of sessions, and the
count of viewers moves only when a viewer's first session of that show and market is written
or their last one deleted.

- `show_viewers`: per show, market (EVERY_MARKET for all of them) and viewer (the session's
  viewer id, or its own key for a viewer without one), their sessions;
- `show_viewer_counts`: per show and market, the viewers with at least one session.

The ORM hooks below follow every session insert, change of show, viewer or market, and
delete; bulk Core inserts (the benchmark) bypass them and call `rebuild`, as does
`crosslive insights rebuild`.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import (
    Connection,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    delete,
    event,
    func,
    insert,
    inspect,
    literal,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Mapper, Session, mapped_column

from crosslive.db import Base
from crosslive.media.models import ViewerSession

EVERY_MARKET = "*"
FIELDS = ("seller_id", "show_id", "market_code", "viewer_id", "viewer_key")


class ShowViewer(Base):
    __tablename__ = "show_viewers"
    __table_args__ = (UniqueConstraint("show_id", "market_code", "viewer"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"), index=True)
    show_id: Mapped[int] = mapped_column(ForeignKey("shows.id", ondelete="CASCADE"))
    market_code: Mapped[str] = mapped_column(String(8))
    viewer: Mapped[str] = mapped_column(String(64))
    sessions: Mapped[int] = mapped_column(Integer)


class ShowViewerCount(Base):
    __tablename__ = "show_viewer_counts"
    __table_args__ = (UniqueConstraint("show_id", "market_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"), index=True)
    show_id: Mapped[int] = mapped_column(ForeignKey("shows.id", ondelete="CASCADE"))
    market_code: Mapped[str] = mapped_column(String(8))
    viewers: Mapped[int] = mapped_column(Integer)


def viewers(db: Session, show_ids: Collection[int], market: str | None) -> dict[int, int]:
    """Distinct viewers per show of SHOW_IDS with a session (in MARKET, or in any)."""
    c = ShowViewerCount
    stmt = select(c.show_id, c.viewers).where(
        c.show_id.in_(list(show_ids)), c.market_code == (market or EVERY_MARKET)
    )
    return {show_id: int(n) for show_id, n in db.execute(stmt)}


def _key(v: dict[str, Any]) -> tuple[int, int, str, str]:
    return v["seller_id"], v["show_id"], v["market_code"] or "", v["viewer_id"] or v["viewer_key"]


def _move(conn: Connection, key: tuple[int, int, str, str], sign: int) -> None:
    """Add (SIGN 1) or take away (SIGN -1) one session of KEY's viewer, in its market and in
    EVERY_MARKET, moving the counts when the viewer comes or goes."""
    seller_id, show_id, market, viewer = key
    for code in (market, EVERY_MARKET):
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        table = ShowViewer.__table__
        stmt = dialect.insert(table).values(
            seller_id=seller_id, show_id=show_id, market_code=code, viewer=viewer, sessions=sign
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=["show_id", "market_code", "viewer"],
            set_={"sessions": table.c.sessions + stmt.excluded.sessions},
        ).returning(table.c.sessions)
        now = conn.execute(stmt).scalar_one()
        if sign > 0 and now == 1:
            _count(conn, seller_id, show_id, code, 1)
        elif sign < 0 and now <= 0:
            conn.execute(
                delete(table).where(
                    table.c.show_id == show_id,
                    table.c.market_code == code,
                    table.c.viewer == viewer,
                )
            )
            _count(conn, seller_id, show_id, code, -1)


def _count(conn: Connection, seller_id: int, show_id: int, market: str, sign: int) -> None:
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    table = ShowViewerCount.__table__
    stmt = dialect.insert(table).values(
        seller_id=seller_id, show_id=show_id, market_code=market, viewers=sign
    )
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=["show_id", "market_code"],
            set_={"viewers": table.c.viewers + stmt.excluded.viewers},
        )
    )


def _values(target: ViewerSession, before: bool) -> dict[str, Any]:
    state = inspect(target)
    found = {}
    for f in FIELDS:
        history = state.attrs[f].history
        found[f] = history.deleted[0] if before and history.deleted else getattr(target, f)
    return found


@event.listens_for(ViewerSession, "after_insert")
def _inserted(_mapper: Mapper[Any], conn: Connection, target: ViewerSession) -> None:
    _move(conn, _key(_values(target, before=False)), 1)


@event.listens_for(ViewerSession, "after_update")
def _updated(_mapper: Mapper[Any], conn: Connection, target: ViewerSession) -> None:
    before, now = _key(_values(target, before=True)), _key(_values(target, before=False))
    if before != now:
        _move(conn, before, -1)
        _move(conn, now, 1)


@event.listens_for(ViewerSession, "after_delete")
def _deleted(_mapper: Mapper[Any], conn: Connection, target: ViewerSession) -> None:
    _move(conn, _key(_values(target, before=True)), -1)


def rebuild(db: Session, seller_id: int | None = None) -> int:
    """Recompute who watched from the sessions (of one store, or all) in SQL; returns how
    many (show, market, viewer) rows there are."""
    for model in (ShowViewer, ShowViewerCount):
        stmt = delete(model)
        db.execute(stmt if seller_id is None else stmt.where(model.seller_id == seller_id))
    s = ViewerSession
    who = func.coalesce(s.viewer_id, s.viewer_key)
    names = ["seller_id", "show_id", "market_code", "viewer", "sessions"]
    for market, by in ((s.market_code, [s.market_code]), (literal(EVERY_MARKET), [])):
        each = select(s.seller_id, s.show_id, market, who, func.count())
        if seller_id is not None:
            each = each.where(s.seller_id == seller_id)
        each = each.group_by(s.seller_id, s.show_id, *by, who)
        db.execute(insert(ShowViewer).from_select(names, each))
    v = ShowViewer
    counts = select(v.seller_id, v.show_id, v.market_code, func.count())
    if seller_id is not None:
        counts = counts.where(v.seller_id == seller_id)
    counts = counts.group_by(v.seller_id, v.show_id, v.market_code)
    names = ["seller_id", "show_id", "market_code", "viewers"]
    db.execute(insert(ShowViewerCount).from_select(names, counts))
    total = select(func.count()).select_from(v)
    if seller_id is not None:
        total = total.where(v.seller_id == seller_id)
    return int(db.scalar(total) or 0)
