"""Who watched each show, kept so that the distinct viewers of a show (overall, or in one
market) are read from one row instead of counted over every session: distinct counts do not
add up, so each (show, market, viewer) is remembered with its number of sessions, and the
count of viewers moves only when a viewer's first session of that show and market is written
or their last one deleted.

- `show_viewers`: per show, market (EVERY_MARKET for all of them) and viewer (the session's
  viewer id, or its own key for a viewer without one), their sessions;
- `show_viewer_counts`: per show and market, the viewers with at least one session;
- `market_viewers` and `market_viewer_counts`: the same per store and market over all its
  shows (the conversion by market of a whole store).

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


class MarketViewer(Base):
    """Per store, market and viewer, their sessions over every show (the markets figures
    count a viewer once however many shows they watched)."""

    __tablename__ = "market_viewers"
    __table_args__ = (UniqueConstraint("seller_id", "market_code", "viewer"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"))
    market_code: Mapped[str] = mapped_column(String(8))
    viewer: Mapped[str] = mapped_column(String(64))
    sessions: Mapped[int] = mapped_column(Integer)


class MarketViewerCount(Base):
    __tablename__ = "market_viewer_counts"
    __table_args__ = (UniqueConstraint("seller_id", "market_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"))
    market_code: Mapped[str] = mapped_column(String(8))
    viewers: Mapped[int] = mapped_column(Integer)


def viewers(db: Session, show_ids: Collection[int], market: str | None) -> dict[int, int]:
    """Distinct viewers per show of SHOW_IDS with a session (in MARKET, or in any)."""
    c = ShowViewerCount
    stmt = select(c.show_id, c.viewers).where(
        c.show_id.in_(list(show_ids)), c.market_code == (market or EVERY_MARKET)
    )
    return {show_id: int(n) for show_id, n in db.execute(stmt)}


def market_viewers(db: Session, seller_id: int, market: str | None) -> dict[str, int]:
    """Distinct viewers per market (only MARKET's when given) over all the store's shows."""
    c = MarketViewerCount
    stmt = select(c.market_code, c.viewers).where(c.seller_id == seller_id, c.viewers > 0)
    if market is not None:
        stmt = stmt.where(c.market_code == market)
    return {code: int(n) for code, n in db.execute(stmt)}


def _key(v: dict[str, Any]) -> tuple[int, int, str, str]:
    return v["seller_id"], v["show_id"], v["market_code"] or "", v["viewer_id"] or v["viewer_key"]


def _move(conn: Connection, key: tuple[int, int, str, str], sign: int) -> None:
    """Add (SIGN 1) or take away (SIGN -1) one session of KEY's viewer: in the show, in its
    market and in EVERY_MARKET; and in the store's market."""
    seller_id, show_id, market, viewer = key
    for code in (market, EVERY_MARKET):
        where = {"seller_id": seller_id, "show_id": show_id, "market_code": code}
        _member(conn, ShowViewer, ShowViewerCount, ("show_id", "market_code"), where, viewer, sign)
    where = {"seller_id": seller_id, "market_code": market}
    _member(
        conn, MarketViewer, MarketViewerCount, ("seller_id", "market_code"), where, viewer, sign
    )


def _member(
    conn: Connection,
    members: type[Base],
    counts: type[Base],
    unique: tuple[str, ...],
    group: dict[str, Any],
    viewer: str,
    sign: int,
) -> None:
    """One more (or one less) session of VIEWER in GROUP; the group's count of viewers moves
    when it was their first session there (or their last)."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    table: Any = members.__table__
    stmt = dialect.insert(table).values(**group, viewer=viewer, sessions=sign)
    stmt = stmt.on_conflict_do_update(
        index_elements=[*unique, "viewer"],
        set_={"sessions": table.c.sessions + stmt.excluded.sessions},
    ).returning(table.c.sessions)
    now = conn.execute(stmt).scalar_one()
    if not (sign > 0 and now == 1) and not (sign < 0 and now <= 0):
        return
    if sign < 0:
        match = [table.c[k] == v for k, v in group.items()]
        conn.execute(delete(table).where(*match, table.c.viewer == viewer))
    total: Any = counts.__table__
    add = dialect.insert(total).values(**group, viewers=sign)
    conn.execute(
        add.on_conflict_do_update(
            index_elements=list(unique), set_={"viewers": total.c.viewers + add.excluded.viewers}
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
    for model in (ShowViewer, ShowViewerCount, MarketViewer, MarketViewerCount):
        stmt = delete(model)
        db.execute(stmt if seller_id is None else stmt.where(model.seller_id == seller_id))
    s = ViewerSession
    who = func.coalesce(s.viewer_id, s.viewer_key)
    mine = [] if seller_id is None else [s.seller_id == seller_id]
    names = ["seller_id", "show_id", "market_code", "viewer", "sessions"]
    for market, by in ((s.market_code, [s.market_code]), (literal(EVERY_MARKET), [])):
        each = select(s.seller_id, s.show_id, market, who, func.count()).where(*mine)
        each = each.group_by(s.seller_id, s.show_id, *by, who)
        db.execute(insert(ShowViewer).from_select(names, each))
    per_market = select(s.seller_id, s.market_code, who, func.count()).where(*mine)
    per_market = per_market.group_by(s.seller_id, s.market_code, who)
    db.execute(insert(MarketViewer).from_select(names[:1] + names[2:], per_market))
    for members, counts, group in (
        (ShowViewer, ShowViewerCount, ["seller_id", "show_id", "market_code"]),
        (MarketViewer, MarketViewerCount, ["seller_id", "market_code"]),
    ):
        cols = [getattr(members, name) for name in group]
        tally = select(*cols, func.count())
        if seller_id is not None:
            tally = tally.where(members.seller_id == seller_id)
        db.execute(insert(counts).from_select([*group, "viewers"], tally.group_by(*cols)))
    total = select(func.count()).select_from(ShowViewer)
    if seller_id is not None:
        total = total.where(ShowViewer.seller_id == seller_id)
    return int(db.scalar(total) or 0)
