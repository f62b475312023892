"""The hook for a replay's subtitle track: whatever keeps the show's transcript (the live
captions) provides a CaptionSource in the app's state; the replay turns its timed lines
(wall-clock times) into a WebVTT track on the replay's own timeline (segments and trim).
Without a source, or without lines, a replay has no track."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from crosslive.replays.models import Replay
from crosslive.replays.moments import placed_of
from crosslive.replays.timeline import video_at


@dataclass(frozen=True)
class Cue:
    start: datetime
    end: datetime
    text: str


@dataclass(frozen=True)
class CaptionSource:
    """cues(db, show_id, language) -> the transcript's lines in LANGUAGE ('' for the host's
    own), oldest first; languages(db, show_id) -> the languages it is kept in, the host's
    first."""

    cues: Callable[[Session, int, str], list[Cue]]
    languages: Callable[[Session, int], list[str]]


def _stamp(seconds: float) -> str:
    ms = round(seconds * 1000)
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def webvtt(replay: Replay, cues: list[Cue]) -> str:
    """CUES as a WebVTT track of the trimmed replay; lines outside it are left out."""
    placed = placed_of(replay)
    end = replay.trim_out_s if replay.trim_out_s is not None else replay.duration_s
    lines = ["WEBVTT", ""]
    if replay.recorded_from is None:
        return "\n".join(lines)
    for cue in cues:
        wall = (cue.start - replay.recorded_from).total_seconds()
        if not any(seg.start <= wall <= seg.end for seg in placed):
            continue  # said while nothing was recorded: no picture to put it on
        a = video_at(placed, wall)
        b = video_at(placed, (cue.end - replay.recorded_from).total_seconds())
        if a is None or a >= end or a < replay.trim_in_s:
            continue
        b = min(end, b if b is not None and b > a else a + 2.0)
        text = cue.text.replace("-->", "→").strip()
        if text:
            start, stop = a - replay.trim_in_s, b - replay.trim_in_s
            lines += [f"{_stamp(start)} --> {_stamp(stop)}", text, ""]
    return "\n".join(lines)
