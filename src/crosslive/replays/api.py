"""Replays JSON API: the store's staff (the show's hosts, the owner) trim, unlist or delete
a show's replay; anyone with the link reads what a replay's page plays."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Response

from crosslive.auth.deps import CurrentStaff
from crosslive.deps import SessionDep, SettingsDep
from crosslive.replays import service
from crosslive.replays.moments import chapters, holes, pin_spans
from crosslive.replays.schemas import (
    ChapterOut,
    MissingOut,
    PinSpanOut,
    ReplayChange,
    ReplayMoments,
    ReplayOut,
)
from crosslive.shows.models import Show

router = APIRouter(tags=["replays"])


@router.get("/shows/{ref}/replay", response_model=ReplayOut)
def get_replay(ref: str, db: SessionDep, user: CurrentStaff) -> ReplayOut:
    _, replay = service.staff_replay(db, user, ref)
    return ReplayOut.of(replay)


@router.patch("/shows/{ref}/replay", response_model=ReplayOut)
def change_replay(
    ref: str, body: ReplayChange, db: SessionDep, user: CurrentStaff, settings: SettingsDep
) -> ReplayOut:
    """Trim (both ends at once: a field left out keeps its value) and list or unlist."""
    _, replay = service.staff_replay(db, user, ref)
    if body.trim_in_s is not None or "trim_out_s" in body.model_fields_set:
        trim_in = replay.trim_in_s if body.trim_in_s is None else body.trim_in_s
        trim_out = body.trim_out_s if "trim_out_s" in body.model_fields_set else replay.trim_out_s
        service.set_trim(db, replay, trim_in, trim_out, settings.replays_dir)
    if body.listed is not None:
        service.set_listed(db, replay, body.listed)
    return ReplayOut.of(replay)


@router.delete("/shows/{ref}/replay", status_code=204)
def delete_replay(ref: str, db: SessionDep, user: CurrentStaff, settings: SettingsDep) -> Response:
    _, replay = service.staff_replay(db, user, ref)
    service.delete(db, replay, settings.replays_dir)
    return Response(status_code=204)


@router.get("/replays/{slug}", response_model=ReplayMoments)
def replay_moments(slug: str, db: SessionDep, store: str | None = None) -> ReplayMoments:
    """The replay's video, chapters, pinned products over time and missing minutes."""
    show, replay = service.public_replay(db, slug, store)
    return moments_of(db, show, replay, store)


def moments_of(
    db: SessionDep, show: Show, replay: service.Replay, store: str | None
) -> ReplayMoments:
    span = service.playable(replay)
    # The file's name in the address: a trim makes a new file, which no cache holds yet.
    query = {"store": store} if store else {}
    query["v"] = Path(replay.file_name).stem
    return ReplayMoments(
        video=f"/replay/{quote(show.slug)}/video?{urlencode(query)}",
        start=span["start"],
        end=span["end"],
        chapters=[ChapterOut.of(c) for c in chapters(db, replay)],
        pins=[PinSpanOut.of(p) for p in pin_spans(db, replay)],
        missing=[
            MissingOut(start=service.clock(h.start), end=service.clock(h.end), at=h.at)
            for h in holes(replay, show.started_at)
        ],
        captions=None,
    )
