"""Cutting a replay's video to the seller's trim, by stream copy from the uncut video.

Stream copy, not re-encoding: the cut starts at the last keyframe at or before the asked
start (the replay's encoder puts one every 2 s: `-g 60` at 30 fps, see processing._encode)
and ends at the asked end. Re-encoding would land on the exact frame, but it costs minutes
of both cores for an hour of video on a machine that may be running a live show, and loses
quality each time a seller trims again; stream copy takes seconds of disk reads and is
lossless. The start actually used is returned, so chapters and captions line up with the
cut file to the frame."""

from __future__ import annotations

from pathlib import Path

from crosslive.replays.processing import ProcessingFailed, _run, duration, tool


def keyframes(path: Path) -> list[float]:
    """The times (s) of the video's keyframes, from its packets (nothing is decoded)."""
    probe = [tool("ffprobe"), "-v", "error", "-select_streams", "v:0"]
    out = _run([*probe, "-show_entries", "packet=pts_time,flags", "-of", "csv=p=0", str(path)])
    found = []
    for line in out.splitlines():
        time, _, flags = line.partition(",")
        if "K" in flags:
            try:
                found.append(float(time))
            except ValueError:
                continue
    return sorted(found)


def cut(source: Path, out: Path, start: float, end: float) -> tuple[float, float]:
    """Write OUT: SOURCE from the keyframe at or before START to END (seconds of SOURCE).
    Returns (the start used, OUT's duration). OUT is written whole or not at all."""
    frames = keyframes(source)
    at = max((k for k in frames if k <= start + 0.001), default=0.0)
    partial = out.with_name(out.stem + ".partial.mp4")
    args = [tool("ffmpeg"), "-y", "-v", "error", "-ss", f"{at:.3f}", "-i", str(source)]
    args += ["-t", f"{end - at:.3f}", "-map", "0", "-c", "copy"]
    args += ["-avoid_negative_ts", "make_zero", "-movflags", "+faststart", str(partial)]
    try:
        _run(args)
        length = duration(partial)
        if length <= 0:
            raise ProcessingFailed("ffmpeg made an empty video")
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    return round(at, 3), length
