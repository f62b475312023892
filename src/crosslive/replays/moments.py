"""What happened when, in replay time: chapters at each pin and credential push, and which
products were pinned at each moment (the product card of the moment), from the show's event
log placed on the recording's timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.catalog.models import Product
from crosslive.events.models import ShowEvent
from crosslive.replays.models import Replay
from crosslive.replays.timeline import Placed, video_at
from crosslive.trust.models import Credential

KINDS = ("pinned", "unpinned", "credential_pushed")


@dataclass(frozen=True)
class Chapter:
    at: float  # seconds into the (trimmed) replay
    kind: str  # "product" or "credential"
    ref_id: int
    title: str


@dataclass(frozen=True)
class PinSpan:
    product_id: int
    start: float  # seconds into the (trimmed) replay
    end: float | None  # None: pinned until the end


def placed_of(replay: Replay) -> list[Placed]:
    return [
        Placed(i, float(s["start"]), float(s.get("skip", 0)), float(s["length"]), float(s["video"]))
        for i, s in enumerate(replay.segments or [])
    ]


def _replay_time(replay: Replay, placed: list[Placed], when: datetime) -> float | None:
    """WHEN as seconds into the trimmed replay; None when it falls after the recording or
    outside the seller's trim."""
    if replay.recorded_from is None:
        return None
    at = video_at(placed, (when - replay.recorded_from).total_seconds())
    if at is None:
        return None
    end = replay.trim_out_s if replay.trim_out_s is not None else replay.duration_s
    if at > end:
        return None
    return max(0.0, at - replay.trim_in_s)


def within(replay: Replay, moments: list[datetime]) -> list[float | None]:
    """Each of MOMENTS as seconds into the trimmed replay; None for one said while nothing
    recorded that plays before the trim's start, or after its end (a chat message, say)."""
    placed = placed_of(replay)
    found: list[float | None] = []
    for when in moments:
        at = _replay_time(replay, placed, when)
        raw = (
            None
            if replay.recorded_from is None
            else (video_at(placed, (when - replay.recorded_from).total_seconds()))
        )
        found.append(None if at is None or raw is None or raw < replay.trim_in_s else at)
    return found


def _events(db: Session, show_id: int) -> list[ShowEvent]:
    query = (
        select(ShowEvent)
        .where(ShowEvent.show_id == show_id, ShowEvent.kind.in_(KINDS))
        .order_by(ShowEvent.id)
    )
    return list(db.scalars(query))


def chapters(db: Session, replay: Replay) -> list[Chapter]:
    """A chapter at each pin and credential push the replay holds, in order."""
    placed = placed_of(replay)
    found: list[Chapter] = []
    for event in _events(db, replay.show_id):
        if event.kind == "unpinned":
            continue
        at = _replay_time(replay, placed, event.created_at)
        if at is None:
            continue
        if event.kind == "pinned":
            product = db.get(Product, int(event.payload.get("product_id", 0)))
            if product is not None:
                found.append(Chapter(round(at, 2), "product", product.id, product.title))
        else:
            credential = db.get(Credential, int(event.payload.get("credential_id", 0)))
            if credential is not None:
                found.append(Chapter(round(at, 2), "credential", credential.id, credential.claim))
    return found


def pin_spans(db: Session, replay: Replay) -> list[PinSpan]:
    """When each product was pinned, in replay time: a product pinned before the replay's
    start is pinned from 0; one still pinned at the end (or unpinned after the recording
    stopped), to the end."""
    placed = placed_of(replay)
    spans: list[PinSpan] = []
    open_pins: dict[int, float] = {}
    for event in _events(db, replay.show_id):
        product_id = int(event.payload.get("product_id", 0))
        if event.kind == "credential_pushed" or not product_id:
            continue
        moment = _replay_time(replay, placed, event.created_at)
        if event.kind == "pinned" and product_id not in open_pins and moment is not None:
            open_pins[product_id] = moment
        elif event.kind == "unpinned" and product_id in open_pins:
            start = open_pins.pop(product_id)
            end = moment
            if end is None or end > start:
                spans.append(PinSpan(product_id, start, end))
    spans += [PinSpan(pid, start, None) for pid, start in open_pins.items()]
    return sorted(spans, key=lambda s: (s.start, s.product_id))


@dataclass(frozen=True)
class Hole:
    start: float  # the stretch of the show nothing recorded, in show seconds
    end: float
    at: float  # where it falls in the (trimmed) replay: the video jumps over it there


def holes(replay: Replay, live_from: datetime | None) -> list[Hole]:
    """The stretches nothing recorded that fall inside the seller's trim (LIVE_FROM: when
    the show went live), each with its place on the trimmed replay's timeline."""
    if replay.recorded_from is None or live_from is None:
        return []
    placed = placed_of(replay)
    offset = (live_from - replay.recorded_from).total_seconds()
    end = replay.trim_out_s if replay.trim_out_s is not None else replay.duration_s
    found = []
    for a, b in replay.missing or []:
        at = video_at(placed, b + offset)
        at = replay.duration_s if at is None else at
        if replay.trim_in_s - 0.01 <= at <= end + 0.01 and (at > 0 or replay.trim_in_s <= 0):
            found.append(Hole(a, b, round(max(0.0, at - replay.trim_in_s), 2)))
    return found
