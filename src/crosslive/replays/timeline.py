"""A recording's timeline: the segments Janus wrote (one per publisher session: a replaced
publisher or a restarted Janus starts a new one), where each lands in the replay's video,
the stretches of the show nothing recorded, and where a moment of the show plays.

All pure: seconds in, seconds out. "Wall" seconds count from the first segment's start
(`recorded_from`); "show" seconds from the moment the show went live; "video" seconds are
positions in the replay's one file, whose segments follow each other with no filler."""

from __future__ import annotations

from dataclasses import dataclass

# A hole shorter than this is a reconnect, not missing minutes worth telling viewers about.
MIN_GAP_S = 3.0


@dataclass(frozen=True)
class Placed:
    """The played part of one segment: from `skip` seconds into its own file, `length`
    seconds, which happened `start` wall seconds after recorded_from and play from `video`
    seconds into the replay's file."""

    index: int
    start: float
    skip: float
    length: float
    video: float

    @property
    def end(self) -> float:
        return self.start + self.length

    def as_dict(self) -> dict[str, float]:
        return {"start": self.start, "skip": self.skip, "length": self.length, "video": self.video}


def place(spans: list[tuple[float, float]]) -> list[Placed]:
    """SPANS are (wall start, length) of each segment, by index. The camera that was on first
    keeps the stage: a later segment (a co-host, or the new session of a replaced publisher)
    plays only from where the earlier ones end, and one wholly inside them adds nothing."""
    placed: list[Placed] = []
    covered = float("-inf")
    video = 0.0
    for index, (start, length) in sorted(enumerate(spans), key=lambda item: item[1][0]):
        end = start + length
        if length <= 0 or end <= covered:
            continue
        skip = max(0.0, covered - start)
        placed.append(Placed(index, start + skip, skip, length - skip, video))
        video += length - skip
        covered = end
    return placed


def missing(placed: list[Placed], show_from: float, show_to: float) -> list[list[float]]:
    """The stretches of the show (in show seconds, [from, to]) no segment covers. SHOW_FROM
    and SHOW_TO are the show's start and end in wall seconds (relative to recorded_from)."""
    holes: list[list[float]] = []
    cursor = show_from
    for seg in placed:
        if seg.start - cursor >= MIN_GAP_S:
            holes.append([round(cursor - show_from, 1), round(seg.start - show_from, 1)])
        cursor = max(cursor, seg.end)
    if show_to - cursor >= MIN_GAP_S:
        holes.append([round(cursor - show_from, 1), round(show_to - show_from, 1)])
    return holes


def video_at(placed: list[Placed], wall: float) -> float | None:
    """Where the moment WALL plays in the replay: inside a segment, its place; in a hole, the
    start of the next segment; after the last, None (it was never recorded)."""
    for seg in placed:
        if wall < seg.start:
            return seg.video
        if wall <= seg.end:
            return seg.video + (wall - seg.start)
    return None


def missing_minutes(holes: list[list[float]]) -> list[tuple[int, int]]:
    """The holes as whole minutes of the show, for the page: (first, last), counted from 0."""
    return [(int(a // 60), int(b // 60)) for a, b in holes]
