"""The peak concurrent viewers of a show (overall, or of one market's sessions), remembered
once worked out and forgotten as soon as a session of the show is written: a running count
over every session start and end is the one video figure that does not add up across days,
so it is kept whole per show instead of summed."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    delete,
    event,
    func,
    literal,
    select,
    union_all,
)
from sqlalchemy import inspect as inspect_state
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Mapper, Session, mapped_column

from crosslive.db import Base
from crosslive.media.models import ViewerSession

EVERY_MARKET = "*"
# The fields of a session that move the running count of who is watching.
MOVES = ("show_id", "started_at", "ended_at", "market_code")


class ShowPeak(Base):
    __tablename__ = "show_peak_viewers"
    __table_args__ = (UniqueConstraint("show_id", "market_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"), index=True)
    show_id: Mapped[int] = mapped_column(ForeignKey("shows.id", ondelete="CASCADE"))
    # The market whose sessions were counted; EVERY_MARKET for all of them.
    market_code: Mapped[str] = mapped_column(String(8))
    peak: Mapped[int] = mapped_column(Integer)


def peaks(
    db: Session, seller_id: int, show_ids: Collection[int], market: str | None
) -> dict[int, int]:
    """Peak concurrent viewers per show of SHOW_IDS (of MARKET's sessions, or all): those
    remembered, the others worked out from their sessions' starts and ends (at the same
    moment an end before a start), then remembered."""
    found = known(db, show_ids, market)
    missing = [i for i in show_ids if i not in found]
    if not missing:
        return found
    where: list[ColumnElement[bool]] = [ViewerSession.show_id.in_(missing)]
    if market is not None:
        where.append(ViewerSession.market_code == market)
    moments = union_all(
        select(
            ViewerSession.show_id.label("show_id"),
            ViewerSession.started_at.label("t"),
            literal(1).label("d"),
        ).where(*where),
        select(ViewerSession.show_id, ViewerSession.ended_at, literal(-1)).where(
            *where, ViewerSession.ended_at.is_not(None)
        ),
    ).subquery("moments")
    running = select(
        moments.c.show_id,
        func.sum(moments.c.d)
        .over(partition_by=moments.c.show_id, order_by=(moments.c.t, moments.c.d), rows=(None, 0))
        .label("watching"),
    ).subquery("running")
    stmt = select(running.c.show_id, func.max(running.c.watching)).group_by(running.c.show_id)
    worked_out = {show_id: int(peak or 0) for show_id, peak in db.execute(stmt)}
    worked_out |= {i: 0 for i in missing if i not in worked_out}
    remember(db, seller_id, worked_out, market)
    return found | worked_out


def known(db: Session, show_ids: Collection[int], market: str | None) -> dict[int, int]:
    stmt = select(ShowPeak.show_id, ShowPeak.peak).where(
        ShowPeak.show_id.in_(list(show_ids)), ShowPeak.market_code == (market or EVERY_MARKET)
    )
    return {show_id: peak for show_id, peak in db.execute(stmt)}


def remember(db: Session, seller_id: int, peaks: dict[int, int], market: str | None) -> None:
    """Keep PEAKS (show id -> peak) until a session of the show is written."""
    if not peaks:
        return
    dialect = postgresql if db.get_bind().dialect.name == "postgresql" else sqlite
    rows = [
        {"seller_id": seller_id, "show_id": s, "market_code": market or EVERY_MARKET, "peak": p}
        for s, p in peaks.items()
    ]
    stmt = dialect.insert(ShowPeak.__table__).values(rows)
    db.execute(stmt.on_conflict_do_nothing(index_elements=["show_id", "market_code"]))


def forget(db: Session, seller_id: int) -> None:
    db.execute(delete(ShowPeak).where(ShowPeak.seller_id == seller_id))


def _forget_show(conn: Connection, show_ids: set[Any]) -> None:
    conn.execute(delete(ShowPeak).where(ShowPeak.show_id.in_(show_ids)))


@event.listens_for(ViewerSession, "after_insert")
@event.listens_for(ViewerSession, "after_delete")
def _written(_mapper: Mapper[Any], conn: Connection, target: ViewerSession) -> None:
    _forget_show(conn, {target.show_id})


@event.listens_for(ViewerSession, "after_update")
def _updated(_mapper: Mapper[Any], conn: Connection, target: ViewerSession) -> None:
    state = inspect_state(target)
    if any(state.attrs[f].history.has_changes() for f in MOVES):
        shows = {target.show_id, *state.attrs["show_id"].history.deleted}
        _forget_show(conn, shows)
