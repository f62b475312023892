"""Viewer-session records and the watchable-show look-up. Callers commit."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from crosslive.db import utcnow
from crosslive.media import session_days, show_peaks, show_viewers  # noqa: F401  (their write hooks)
from crosslive.media.errors import NotLive
from crosslive.media.models import ViewerSession
from crosslive.shows import service as shows_service
from crosslive.shows.models import ShowState


@dataclass(frozen=True)
class ShowRef:
    show_id: int
    seller_id: int


@dataclass(frozen=True)
class Audience:
    """Where and on what a viewer watches (the insights' market, region and device)."""

    market_code: str = ""
    country: str = ""
    device: str = ""


def device_of(user_agent: str) -> str:
    """phone, tablet or desktop from a browser's User-Agent; '' when there is none."""
    ua = user_agent.lower()
    if not ua:
        return ""
    if "ipad" in ua or "tablet" in ua or ("android" in ua and "mobile" not in ua):
        return "tablet"
    if "mobi" in ua or "iphone" in ua or "android" in ua:
        return "phone"
    return "desktop"


def find_watchable_show(db: Session, show_slug: str, store: str = "") -> ShowRef:
    """The show a viewer asks to watch (shows.service.public_show's rules); an ended show has
    no video any more."""
    show = shows_service.public_show(db, show_slug, store or None)
    if show.state == ShowState.ENDED:
        raise NotLive("the show has ended")
    return ShowRef(show_id=show.id, seller_id=show.seller_id)


def start_viewer_session(
    db: Session,
    show: ShowRef,
    viewer_key: str,
    layer: int,
    viewer_id: str | None = None,
    audience: Audience = Audience(),
) -> int:
    row = ViewerSession(
        market_code=audience.market_code,
        country=audience.country,
        device=audience.device,
        seller_id=show.seller_id,
        show_id=show.show_id,
        viewer_key=viewer_key,
        viewer_id=viewer_id,
        start_layer=layer,
        final_layer=layer,
    )
    db.add(row)
    db.flush()
    return row.id


def identify_viewer_session(db: Session, viewer_key: str, viewer_id: str) -> None:
    """The viewer behind a session started before their identity was known (an offer handed
    out with the page: the page's navigation carries no identity, its answer does)."""
    db.execute(
        update(ViewerSession)
        .where(ViewerSession.viewer_key == viewer_key, ViewerSession.viewer_id.is_(None))
        .values(viewer_id=viewer_id)
    )


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
        row.watch_s = round(max(0.0, (row.ended_at - row.started_at).total_seconds()), 1)
    db.flush()


def viewer_sessions(db: Session, seller_id: int, show_id: int) -> list[ViewerSession]:
    query = select(ViewerSession).where(
        ViewerSession.seller_id == seller_id, ViewerSession.show_id == show_id
    )
    return list(db.scalars(query.order_by(ViewerSession.id)))
