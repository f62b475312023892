"""Who did each thing in each show, kept so that the funnel steps and the credential effects
read the distinct viewers of a step from one row instead of counting the raw actions:

- `show_action_viewers`: per show, market (EVERY_MARKET for all of them), kind, detail (the
  credential's type for credential_seen, else empty) and viewer, their actions;
- `show_action_counts`: per show, market, kind and detail, the viewers with at least one.

Viewer actions are only ever written by `crosslive.events.actions.record` (insert or ignore),
which passes the rows it really inserted to `add`; they go away only with their show or store,
which cascades here. Bulk loads (the benchmark) call `rebuild`, as does
`crosslive insights rebuild`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from typing import Any

from sqlalchemy import (
    Connection,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    case,
    delete,
    func,
    insert,
    literal,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from crosslive.db import Base
from crosslive.events.models import ViewerAction

EVERY_MARKET = "*"
CREDENTIAL_SEEN = "credential_seen"
GROUP = ("show_id", "market_code", "kind", "detail")


class ShowActionViewer(Base):
    __tablename__ = "show_action_viewers"
    __table_args__ = (UniqueConstraint("show_id", "market_code", "kind", "detail", "viewer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"), index=True)
    show_id: Mapped[int] = mapped_column(ForeignKey("shows.id", ondelete="CASCADE"))
    market_code: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(24))
    detail: Mapped[str] = mapped_column(String(32))
    viewer_id: Mapped[str] = mapped_column(String(64))
    actions: Mapped[int] = mapped_column(Integer)


class ShowActionCount(Base):
    __tablename__ = "show_action_counts"
    __table_args__ = (UniqueConstraint("show_id", "market_code", "kind", "detail"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"), index=True)
    show_id: Mapped[int] = mapped_column(ForeignKey("shows.id", ondelete="CASCADE"))
    market_code: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(24))
    detail: Mapped[str] = mapped_column(String(32))
    viewers: Mapped[int] = mapped_column(Integer)


def step_viewers(
    db: Session, show_ids: Collection[int], kinds: Collection[str], market: str | None
) -> dict[tuple[int, str], int]:
    """Distinct viewers per (show, kind) of SHOW_IDS who did KINDS (in MARKET, or in any)."""
    c = ShowActionCount
    stmt = select(c.show_id, c.kind, c.viewers).where(
        c.show_id.in_(list(show_ids)),
        c.kind.in_(list(kinds)),
        c.detail == "",
        c.market_code == (market or EVERY_MARKET),
        c.viewers > 0,
    )
    return {(show_id, kind): int(n) for show_id, kind, n in db.execute(stmt)}


def seen_types(db: Session, seller_id: int) -> list[str]:
    """The credential types any viewer of the store saw."""
    c = ShowActionCount
    stmt = select(c.detail).where(
        c.seller_id == seller_id,
        c.kind == CREDENTIAL_SEEN,
        c.market_code == EVERY_MARKET,
        c.viewers > 0,
    )
    return sorted(set(db.scalars(stmt.distinct())))


def _detail(kind: Any, detail: Any) -> Any:
    return case((kind == CREDENTIAL_SEEN, detail), else_="")


def add(conn: Connection, rows: Iterable[dict[str, Any]]) -> None:
    """Count the viewer actions ROWS, just inserted, in the summaries."""
    moved: Counter[tuple[Any, ...]] = Counter()
    for r in rows:
        detail = r["detail"] if r["kind"] == CREDENTIAL_SEEN else ""
        for market in (r["market_code"], EVERY_MARKET):
            key = (r["seller_id"], r["show_id"], market, r["kind"], detail, r["viewer_id"])
            moved[key] += 1
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    members: Any = ShowActionViewer.__table__
    counts: Any = ShowActionCount.__table__
    for (seller_id, show_id, market, kind, detail, viewer), n in sorted(moved.items()):
        group = {"show_id": show_id, "market_code": market, "kind": kind, "detail": detail}
        stmt = dialect.insert(members).values(
            seller_id=seller_id, **group, viewer_id=viewer, actions=n
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=[*GROUP, "viewer_id"],
            set_={"actions": members.c.actions + stmt.excluded.actions},
        ).returning(members.c.actions)
        if conn.execute(stmt).scalar_one() != n:
            continue  # not the viewer's first action there: the count of viewers stays
        more = dialect.insert(counts).values(seller_id=seller_id, **group, viewers=1)
        conn.execute(
            more.on_conflict_do_update(
                index_elements=list(GROUP), set_={"viewers": counts.c.viewers + 1}
            )
        )


def rebuild(db: Session, seller_id: int | None = None) -> int:
    """Recompute the summaries from the viewer actions (of one store, or all) in SQL; returns
    how many (show, market, kind, detail, viewer) rows there are."""
    for model in (ShowActionViewer, ShowActionCount):
        stmt = delete(model)
        db.execute(stmt if seller_id is None else stmt.where(model.seller_id == seller_id))
    a = ViewerAction
    mine = [] if seller_id is None else [a.seller_id == seller_id]
    detail = _detail(a.kind, a.detail)
    names = ["seller_id", "show_id", "market_code", "kind", "detail", "viewer_id", "actions"]
    for market, by in ((a.market_code, [a.market_code]), (literal(EVERY_MARKET), [])):
        each = select(a.seller_id, a.show_id, market, a.kind, detail, a.viewer_id, func.count())
        each = each.where(*mine).group_by(a.seller_id, a.show_id, *by, a.kind, detail, a.viewer_id)
        db.execute(insert(ShowActionViewer).from_select(names, each))
    m = ShowActionViewer
    cols = [m.seller_id, m.show_id, m.market_code, m.kind, m.detail]
    tally = select(*cols, func.count())
    if seller_id is not None:
        tally = tally.where(m.seller_id == seller_id)
    db.execute(insert(ShowActionCount).from_select([*names[:5], "viewers"], tally.group_by(*cols)))
    total = select(func.count()).select_from(m)
    if seller_id is not None:
        total = total.where(m.seller_id == seller_id)
    return int(db.scalar(total) or 0)
