"""Replays in and out of the JSON API."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from crosslive.replays.models import Replay
from crosslive.replays.moments import Chapter, PinSpan


class ReplayOut(BaseModel):
    show_id: int
    status: str
    visibility: str
    duration_s: float
    trim_in_s: float
    trim_out_s: float | None
    missing: list[list[float]]
    error: str
    ready_at: datetime | None

    @classmethod
    def of(cls, replay: Replay) -> ReplayOut:
        return cls(
            show_id=replay.show_id,
            status=replay.status.value,
            visibility=replay.visibility.value,
            duration_s=replay.duration_s,
            trim_in_s=replay.trim_in_s,
            trim_out_s=replay.trim_out_s,
            missing=replay.missing or [],
            error=replay.error,
            ready_at=replay.ready_at,
        )


class ReplayChange(BaseModel):
    """Any of: the trim (seconds into the recording; trim_out_s null plays to the end) and
    whether the replay is listed (linked from the show's room) or unlisted (link only)."""

    trim_in_s: float | None = Field(default=None, ge=0)
    trim_out_s: float | None = Field(default=None, gt=0)
    listed: bool | None = None


class ChapterOut(BaseModel):
    at: float
    kind: str
    ref_id: int
    title: str

    @classmethod
    def of(cls, chapter: Chapter) -> ChapterOut:
        return cls(at=chapter.at, kind=chapter.kind, ref_id=chapter.ref_id, title=chapter.title)


class PinSpanOut(BaseModel):
    product_id: int
    start: float
    end: float | None

    @classmethod
    def of(cls, span: PinSpan) -> PinSpanOut:
        return cls(product_id=span.product_id, start=span.start, end=span.end)


class MissingOut(BaseModel):
    start: str
    end: str
    at: float


class TrackOut(BaseModel):
    """A subtitle track of the replay: one language of the show's kept transcript."""

    lang: str
    label: str  # the language's name in that language
    src: str
    default: bool


class ReplayMoments(BaseModel):
    """What a replay's page plays: times in seconds of the trimmed replay."""

    video: str
    start: float
    end: float
    chapters: list[ChapterOut]
    pins: list[PinSpanOut]
    # Each stretch nothing recorded inside the trim, as (from, to) clock times of the show
    # ("3:10") and where the replay jumps over it (seconds of the trimmed replay).
    missing: list[MissingOut]
    # Where a subtitle track (WebVTT) of the show's transcript is served, once one exists.
    captions: str | None = None
    # Every kept language's track (the viewer's, else the host's, on by default).
    tracks: list[TrackOut] = []
