"""Viewer-session records and the show look-ups the media endpoints need. Callers commit."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.auth.models import Seller, StaffUser
from crosslive.db import utcnow
from crosslive.errors import Conflict, NotFound
from crosslive.media.models import ViewerSession
from crosslive.shows.models import Show, ShowState


@dataclass(frozen=True)
class ShowRef:
    show_id: int
    seller_id: int


def find_watchable_show(db: Session, show_slug: str, store: str = "") -> ShowRef:
    """The show a viewer asks for by slug (and store slug when several stores share it)."""
    query = select(Show).where(Show.slug == show_slug, Show.state != ShowState.ENDED)
    if store:
        query = query.join(Seller, Seller.id == Show.seller_id).where(Seller.slug == store)
    shows = list(db.scalars(query.limit(2)))
    if not shows:
        raise NotFound("no such show")
    if len(shows) > 1:
        raise Conflict("several stores have a show with this name: give the store")
    return ShowRef(show_id=shows[0].id, seller_id=shows[0].seller_id)


def start_viewer_session(db: Session, show: ShowRef, viewer_key: str, layer: int) -> int:
    row = ViewerSession(
        seller_id=show.seller_id,
        show_id=show.show_id,
        viewer_key=viewer_key,
        start_layer=layer,
        final_layer=layer,
    )
    db.add(row)
    db.flush()
    return row.id


@dataclass(frozen=True)
class SessionFigures:
    first_frame_ms: int | None
    freezes: int
    freeze_s: float
    final_layer: int
    layer_ups: int
    layer_downs: int
    avg_kbps: float
    reports: int


def record_viewer_figures(
    db: Session, viewer_key: str, figures: SessionFigures, end_reason: str = ""
) -> None:
    row = db.scalar(select(ViewerSession).where(ViewerSession.viewer_key == viewer_key))
    if row is None:
        return
    row.first_frame_ms = figures.first_frame_ms
    row.freezes = figures.freezes
    row.freeze_s = round(figures.freeze_s, 3)
    row.final_layer = figures.final_layer
    row.layer_ups = figures.layer_ups
    row.layer_downs = figures.layer_downs
    row.avg_kbps = round(figures.avg_kbps, 1)
    row.reports = figures.reports
    if end_reason and row.ended_at is None:
        row.ended_at = utcnow()
        row.end_reason = end_reason
    db.flush()


def viewer_sessions(db: Session, seller_id: int, show_id: int) -> list[ViewerSession]:
    query = select(ViewerSession).where(
        ViewerSession.seller_id == seller_id, ViewerSession.show_id == show_id
    )
    return list(db.scalars(query.order_by(ViewerSession.id)))


def staff_show(db: Session, user: StaffUser, show_id: int) -> Show:
    """A show of the caller's own store; 404 for shows of other stores."""
    show = db.get(Show, show_id)
    if show is None or show.seller_id != user.seller_id:
        raise NotFound("no such show")
    return show
