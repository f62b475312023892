"""Replays: opened when a show that was recorded ends, made by the worker, then trimmed,
unlisted or deleted by the store's staff, and watched by anyone with the link.

Services flush, never commit; what happens goes into the show's event log (replay_ready,
replay_failed)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from crosslive.auth.models import StaffUser
from crosslive.db import utcnow
from crosslive.errors import InvalidInput, NotFound
from crosslive.events import service as events
from crosslive.replays import cutting
from crosslive.replays.models import Replay, ReplayStatus, ReplayVisibility
from crosslive.replays.processing import ProcessingFailed
from crosslive.replays.timeline import Placed, missing
from crosslive.shows import service as shows_service
from crosslive.shows.models import Show, ShowState

READY = "replay_ready"
FAILED = "replay_failed"
# Shows that ended longer ago than this are not looked at again for a replay.
LOOK_BACK = timedelta(days=2)
MIN_LENGTH_S = 1.0


def open_replay(db: Session, show: Show) -> Replay:
    """The show's replay, opened (processing) if it has none yet."""
    existing = db.scalar(select(Replay).where(Replay.show_id == show.id))
    if existing is not None:
        return existing
    replay = Replay(seller_id=show.seller_id, show_id=show.id)
    db.add(replay)
    db.flush()
    return replay


def open_ended(db: Session, recordings: Path, now: datetime, settle: float) -> list[int]:
    """Open a replay for each show that ended (SETTLE seconds ago at least) with a recording
    folder and no replay yet; their ids."""
    query = (
        select(Show)
        .outerjoin(Replay, Replay.show_id == Show.id)
        .where(
            Show.state == ShowState.ENDED,
            Show.ended_at >= now - LOOK_BACK,
            Show.ended_at <= now - timedelta(seconds=settle),
            Replay.id.is_(None),
        )
    )
    opened = []
    for show in db.scalars(query):
        if (recordings / str(show.id)).is_dir():
            opened.append(open_replay(db, show).id)
    return opened


def claim(db: Session, now: datetime, lease: timedelta) -> Replay | None:
    """A replay waiting to be made, now this worker's until NOW + LEASE (a conditional
    update: two workers never make the same one)."""
    waiting = select(Replay.id).where(
        Replay.status == ReplayStatus.PROCESSING,
        or_(Replay.lease_until.is_(None), Replay.lease_until < now),
    )
    for replay_id in db.scalars(waiting.order_by(Replay.id).limit(5)).all():
        taken = db.execute(
            update(Replay)
            .where(
                Replay.id == replay_id,
                Replay.status == ReplayStatus.PROCESSING,
                or_(Replay.lease_until.is_(None), Replay.lease_until < now),
            )
            .values(lease_until=now + lease)
        )
        if getattr(taken, "rowcount", 0) == 1:
            return db.get(Replay, replay_id)
    return None


def _wall(show_time: datetime | None, base: datetime) -> float | None:
    return None if show_time is None else (show_time - base).total_seconds()


def finish(
    db: Session, replay_id: int, *, file_name: str, recorded_from: datetime, placed: list[Placed]
) -> Replay:
    """The video is made: keep where its segments landed and the minutes nothing recorded."""
    replay = _row(db, replay_id)
    show = db.get(Show, replay.show_id)
    assert show is not None  # the replay goes with its show
    length = sum(p.length for p in placed)
    live_from = _wall(show.started_at, recorded_from)
    live_to = _wall(show.ended_at, recorded_from)
    replay.file_name = file_name
    replay.recorded_from = recorded_from
    replay.duration_s = round(length, 3)
    replay.segments = [p.as_dict() for p in placed]
    replay.missing = (
        missing(placed, live_from, live_to) if live_from is not None and live_to is not None else []
    )
    replay.status = ReplayStatus.READY
    replay.ready_at = utcnow()
    replay.lease_until = None
    replay.error = ""
    db.flush()
    events.record(db, show.id, READY, {"replay_id": replay.id, "duration_s": replay.duration_s})
    return replay


def fail(db: Session, replay_id: int, error: str) -> Replay:
    """Nothing could be played: the replay says so (to the seller) and the show goes on."""
    replay = _row(db, replay_id)
    show = db.get(Show, replay.show_id)
    replay.status = ReplayStatus.FAILED
    replay.error = error[:1000]
    replay.lease_until = None
    if show is not None and show.started_at and show.ended_at:
        replay.missing = [[0.0, round((show.ended_at - show.started_at).total_seconds(), 1)]]
    db.flush()
    events.record(db, replay.show_id, FAILED, {"replay_id": replay.id, "error": replay.error})
    return replay


def _row(db: Session, replay_id: int) -> Replay:
    replay = db.get(Replay, replay_id)
    if replay is None:
        raise NotFound(f"no replay {replay_id}")
    return replay


# --- the store's staff ----------------------------------------------------------------------


def staff_replay(db: Session, user: StaffUser, show_ref: int | str) -> tuple[Show, Replay]:
    """The replay of a show of USER's store that USER runs (its hosts, the owner); other
    stores' replays do not exist for them, and other staff may not change it."""
    show = shows_service.staff_show(db, user, show_ref)
    shows_service.require_host(show, user)
    replay = db.scalar(select(Replay).where(Replay.show_id == show.id))
    if replay is None or replay.visibility is ReplayVisibility.DELETED:
        raise NotFound(f"the show {show.slug!r} has no replay")
    return show, replay


def staff_replays(db: Session, seller_id: int) -> list[tuple[Show, Replay]]:
    query = (
        select(Show, Replay)
        .join(Replay, Replay.show_id == Show.id)
        .where(Replay.seller_id == seller_id, Replay.visibility != ReplayVisibility.DELETED)
        .order_by(Show.ended_at.desc(), Replay.id.desc())
    )
    return [(show, replay) for show, replay in db.execute(query).all()]


def set_trim(
    db: Session, replay: Replay, trim_in: float, trim_out: float | None, replays_dir: Path
) -> Replay:
    """Cut the video to TRIM_IN..TRIM_OUT seconds of the uncut video (None: to its end),
    always from the uncut one, which is kept until the replay is deleted (so the seller can
    trim again, wider too). The start moves back to the keyframe before it (cutting.cut).
    A trim outside the video, ending before it starts or leaving less than a second is
    refused and changes nothing; so is one the video cannot be cut to."""
    if replay.status is not ReplayStatus.READY:
        raise InvalidInput("the replay is not ready yet; trim it once it is")
    end = replay.duration_s if trim_out is None else trim_out
    if trim_in < 0 or end > replay.duration_s + 0.5 or end - trim_in < MIN_LENGTH_S:
        raise InvalidInput(
            "a trim must keep at least one second between 0 and {length} s",
            length=round(replay.duration_s, 1),
        )
    source_name = replay.source_name or replay.file_name
    source = replays_dir / source_name
    if not source_name or not source.is_file():
        raise InvalidInput("the replay's video is missing; it cannot be trimmed")
    end = min(end, replay.duration_s)
    previous = replay.file_name if replay.source_name else ""
    if trim_in <= 0 and end >= replay.duration_s:  # the whole video again: nothing to cut
        replay.file_name, replay.source_name = source_name, ""
        replay.trim_in_s, replay.trim_out_s = 0.0, None
    else:
        name = f"{Path(source_name).stem}-trim-{uuid.uuid4().hex[:8]}.mp4"
        try:
            start, _ = cutting.cut(source, replays_dir / name, trim_in, end)
        except ProcessingFailed as exc:
            raise InvalidInput("the video could not be cut: {why}", why=str(exc)) from exc
        replay.file_name, replay.source_name = name, source_name
        replay.trim_in_s = start
        replay.trim_out_s = None if trim_out is None else round(end, 2)
    db.flush()
    if previous and previous != replay.file_name:
        (replays_dir / previous).unlink(missing_ok=True)
    return replay


def set_listed(db: Session, replay: Replay, listed: bool) -> Replay:
    replay.visibility = ReplayVisibility.LISTED if listed else ReplayVisibility.UNLISTED
    db.flush()
    return replay


def delete(db: Session, replay: Replay, replays_dir: Path) -> None:
    """The video goes for good; the row stays (deleted) so the show is not made again."""
    names = [n for n in (replay.file_name, replay.source_name) if n]
    replay.visibility = ReplayVisibility.DELETED
    replay.file_name = replay.source_name = ""
    db.flush()
    for name in names:
        (replays_dir / name).unlink(missing_ok=True)


# --- viewers --------------------------------------------------------------------------------


def public_replay(db: Session, slug: str, store: str | None = None) -> tuple[Show, Replay]:
    """A replay anyone with its link watches: ready and not deleted (unlisted ones too)."""
    show = shows_service.public_show(db, slug, store)
    replay = db.scalar(select(Replay).where(Replay.show_id == show.id))
    if (
        replay is None
        or replay.status is not ReplayStatus.READY
        or replay.visibility is ReplayVisibility.DELETED
        or not replay.file_name
    ):
        raise NotFound(f"the show {slug!r} has no replay")
    return show, replay


def listed_replay(db: Session, show_id: int) -> Replay | None:
    """The replay the ended show's room links to (listed and ready), if any."""
    return db.scalar(
        select(Replay).where(
            Replay.show_id == show_id,
            Replay.status == ReplayStatus.READY,
            Replay.visibility == ReplayVisibility.LISTED,
        )
    )


def playable(replay: Replay) -> dict[str, Any]:
    """The span of the served file the player plays and the missing minutes it names. A
    cut video plays whole; a replay trimmed before videos were cut plays its trim."""
    end = replay.trim_out_s if replay.trim_out_s is not None else replay.duration_s
    length = round(end - replay.trim_in_s, 2)
    start = 0.0 if replay.source_name else replay.trim_in_s
    return {
        "start": start,
        "end": round(start + length, 2),
        "length": length,
        "missing": [(clock(a), clock(b)) for a, b in replay.missing or []],
    }


def clock(seconds: float) -> str:
    """SECONDS of the show as m:ss (h:mm:ss past an hour)."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
