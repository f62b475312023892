"""Turning a show's Janus recordings into one web-safe MP4: each segment's .mjr files
through janus-pp-rec (no transcoding: VP8 to WebM, Opus to .opus), then ffmpeg muxes audio
and video into H.264/AAC at one picture size and joins the segments (faststart, so playback
and seeking start before the whole file has arrived).

Janus writes one .mjr per stream of each publisher session, named
`videoroom-<room>-user-<id>-<time>-audio|video[-<n>].mjr`; the JSON header of each says its
kind, codec and the wall-clock time of its first packet (µs), which places it in the show."""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path

from crosslive.replays.timeline import Placed, place

# The publisher (room and user id) and the stream; the time Janus puts between them is per
# stream, so it does not pair a publisher's files: their headers' first-packet times do.
_NAME = re.compile(r"^(?P<user>.+)-\d+-(?P<kind>audio|video)(?:-\d+)?\.mjr$")
PAIR_S = 5.0
MAX_SIDE = 1280
# Each tool gets at most this long per step (a 2-hour show transcodes well inside it).
STEP_TIMEOUT_S = 4 * 3600


class ProcessingFailed(Exception):
    """The recording could not be made into a video; the message says why (for the seller)."""


@dataclass(frozen=True)
class Track:
    path: Path
    kind: str  # "audio" or "video"
    codec: str
    first_us: int  # wall-clock time of the first packet written


@dataclass
class Segment:
    key: str
    audio: Track | None = None
    video: Track | None = None
    # Filled by extract(): the playable files and the segment's length in seconds.
    audio_file: Path | None = None
    video_file: Path | None = None
    length: float = 0.0

    @property
    def first_us(self) -> int:
        return min(t.first_us for t in (self.audio, self.video) if t is not None)


def read_header(path: Path) -> Track | None:
    """The .mjr's header; None for a file with no media yet (or not an MJR v2)."""
    with path.open("rb") as f:
        magic = f.read(8)
        size = f.read(2)
        if magic != b"MJR00002" or len(size) < 2:
            return None
        try:
            info = json.loads(f.read(struct.unpack("!H", size)[0]))
        except ValueError:
            return None
    kind = {"a": "audio", "v": "video"}.get(info.get("t", ""))
    if kind is None or not isinstance(info.get("u"), int):
        return None
    return Track(path, kind, str(info.get("c", "")), int(info["u"]))


def find_segments(rec_dir: Path) -> list[Segment]:
    """The publisher sessions recorded in REC_DIR, earliest first: a publisher's audio and
    video files (each named with its own start time) that began within PAIR_S of each other."""
    tracks: list[tuple[str, str, Track]] = []
    for path in sorted(rec_dir.glob("*.mjr")):
        match = _NAME.match(path.name)
        track = read_header(path) if match else None
        if match is None or track is None:
            continue
        tracks.append((match["user"], path.name, track))
    segments: list[tuple[str, Segment]] = []
    for user, name, track in sorted(tracks, key=lambda t: t[2].first_us):
        home = next(
            (
                seg
                for owner, seg in segments
                if owner == user
                and getattr(seg, track.kind) is None
                and abs(seg.first_us - track.first_us) <= PAIR_S * 1e6
            ),
            None,
        )
        if home is None:
            home = Segment(name.rsplit(f"-{track.kind}", 1)[0])
            segments.append((user, home))
        setattr(home, track.kind, track)
    return sorted((seg for _, seg in segments), key=lambda s: s.first_us)


def _run(args: list[str]) -> str:
    try:
        done = subprocess.run(
            args, capture_output=True, text=True, timeout=STEP_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ProcessingFailed(f"{Path(args[0]).name} could not run: {exc}") from exc
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or [""]
        raise ProcessingFailed(f"{Path(args[0]).name} failed: {tail[0][:300]}")
    return done.stdout


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise ProcessingFailed(f"{name} is not installed (Debian: janus-tools, ffmpeg)")
    return found


def duration(path: Path) -> float:
    probe = [tool("ffprobe"), "-v", "error", "-show_entries", "format=duration"]
    out = _run([*probe, "-of", "csv=p=0", str(path)])
    try:
        return float(out.strip() or 0)
    except ValueError:
        return 0.0


def picture_size(path: Path) -> tuple[int, int]:
    probe = [tool("ffprobe"), "-v", "error", "-select_streams", "v:0", "-show_entries"]
    out = _run([*probe, "stream=width,height", "-of", "csv=p=0:s=x", str(path)])
    try:
        w, h = (int(v) for v in out.strip().split("x")[:2])
    except ValueError:
        return 640, 360
    scale = min(1.0, MAX_SIDE / max(w, h))
    return int(w * scale) // 2 * 2, int(h * scale) // 2 * 2


_TARGET = {"vp8": "webm", "vp9": "webm", "h264": "mp4", "av1": "webm", "opus": "opus"}


def extract(segments: list[Segment], work: Path) -> None:
    """janus-pp-rec each track into a playable file; a track it cannot turn into media (no
    packets: the publisher left at once) is dropped."""
    pp_rec = tool("janus-pp-rec")
    for n, seg in enumerate(segments):
        for track in (seg.audio, seg.video):
            if track is None or track.codec not in _TARGET:
                continue
            out = work / f"{n}-{track.kind}.{_TARGET[track.codec]}"
            try:
                _run([pp_rec, str(track.path), str(out)])
            except ProcessingFailed:
                continue
            if out.exists() and out.stat().st_size > 0:
                setattr(seg, f"{track.kind}_file", out)
        files = [f for f in (seg.video_file, seg.audio_file) if f is not None]
        seg.length = max((duration(f) for f in files), default=0.0)


def _encode(seg: Segment, part: Placed, size: tuple[int, int], out: Path) -> None:
    w, h = size
    cut = ["-ss", f"{part.skip:.3f}", "-t", f"{part.length:.3f}"]
    args = [tool("ffmpeg"), "-y", "-v", "error"]
    if seg.video_file is not None:
        args += [*cut, "-i", str(seg.video_file)]
    else:
        args += ["-f", "lavfi", "-t", f"{part.length:.3f}", "-i", f"color=black:s={w}x{h}:r=30"]
    if seg.audio_file is not None:
        args += [*cut, "-i", str(seg.audio_file)]
    else:
        args += ["-f", "lavfi", "-t", f"{part.length:.3f}", "-i", "anullsrc=r=48000:cl=stereo"]
    fit = f"scale={w}:{h}:force_original_aspect_ratio=decrease,pad={w}:{h}:(ow-iw)/2:(oh-ih)/2"
    args += ["-map", "0:v:0", "-map", "1:a:0", "-vf", f"{fit},fps=30,format=yuv420p"]
    args += ["-c:v", "libx264", "-preset", "veryfast", "-crf", "26", "-g", "60"]
    args += ["-c:a", "aac", "-b:a", "96k", "-ar", "48000", "-ac", "2", "-shortest", str(out)]
    _run(args)


def render(rec_dir: Path, out: Path, work: Path) -> tuple[list[Segment], list[Placed]]:
    """Make OUT (an MP4) from REC_DIR's recordings, using WORK for intermediate files.
    Returns the segments and where each landed; ProcessingFailed when nothing plays."""
    segments = find_segments(rec_dir)
    if not segments:
        raise ProcessingFailed("nothing was recorded")
    work.mkdir(parents=True, exist_ok=True)
    extract(segments, work)
    segments = [s for s in segments if s.length > 0]
    if not segments:
        raise ProcessingFailed("the recording holds no playable media")
    base = segments[0].first_us
    placed = place([((s.first_us - base) / 1e6, s.length) for s in segments])
    first_video = next((s.video_file for s in segments if s.video_file is not None), None)
    size = picture_size(first_video) if first_video is not None else (640, 360)
    parts: list[Path] = []
    for part in placed:
        path = work / f"part-{len(parts)}.mp4"
        _encode(segments[part.index], part, size, path)
        parts.append(path)
    listing = work / "parts.txt"
    listing.write_text("".join(f"file '{p.name}'\n" for p in parts))
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_suffix(".partial.mp4")
    concat = [tool("ffmpeg"), "-y", "-v", "error", "-f", "concat", "-safe", "0"]
    _run([*concat, "-i", str(listing), "-c", "copy", "-movflags", "+faststart", str(partial)])
    partial.replace(out)
    return segments, placed
