"""A credential's video clip: what the uploaded bytes really are (ffprobe, from the content,
never the name or the browser's MIME type), and one web-safe MP4 made from them (ffmpeg:
H.264/AAC, at most 1280 px on the long side and ~2 Mbit/s, faststart) with a poster frame.
The same tools and patterns as the replays' processing (crosslive.replays.processing)."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from crosslive.errors import InvalidInput
from crosslive.i18n import A_

# Containers a phone, a camera or an editor writes; anything else (playlists, images,
# raw streams) is refused before ffmpeg looks further. Also passed to ffmpeg as
# -format_whitelist, so a file cannot make either tool open another demuxer (HLS reading
# local files, concat lists ...).
CONTAINERS = "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,avi,mpegts"
VIDEO_CODECS = {"h264", "hevc", "vp8", "vp9", "av1", "mpeg4", "mpeg2video", "prores"}
MAX_SIDE = 1280
MAX_SOURCE_SIDE = 8192
# A 30-second 1080p clip took 53 s on a machine at load 20 (docs/trust.md); this stops a
# pathological file, not a slow machine.
STEP_TIMEOUT_S = 300
# Two encoder threads: uploads share the app's machine with live shows.
THREADS = "2"


@dataclass(frozen=True)
class Probe:
    container: str
    duration_s: float
    width: int
    height: int
    video_codec: str
    has_audio: bool


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise InvalidInput(
            A_("video clips cannot be processed here: {tool} is not installed"), tool=name
        )
    return found


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            args, capture_output=True, text=True, timeout=STEP_TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise InvalidInput(A_("the video took too long to process")) from exc


def probe(path: Path) -> Probe:
    """What PATH holds, read by ffprobe; InvalidInput if it is not a video we accept."""
    args = [tool("ffprobe"), "-v", "error", "-format_whitelist", CONTAINERS]
    args += ["-show_entries", "format=format_name,duration:stream=codec_type,codec_name,width,"]
    args[-1] += "height:stream_disposition=attached_pic"
    done = _run([*args, "-of", "json", str(path)])
    try:
        info = json.loads(done.stdout or "{}")
    except ValueError:
        info = {}
    fmt = info.get("format") or {}
    if done.returncode != 0 or not fmt.get("format_name"):
        raise InvalidInput(
            A_(
                "the clip must be a video file (MP4, MOV, WebM, MKV, AVI or MPEG-TS); "
                "this one could not be read as a video"
            )
        )
    video = next(
        (
            s
            for s in info.get("streams", [])
            if s.get("codec_type") == "video"
            and not (s.get("disposition") or {}).get("attached_pic")
        ),
        None,
    )
    if video is None or video.get("codec_name") not in VIDEO_CODECS:
        found = video.get("codec_name") if video else A_("no picture")
        raise InvalidInput(
            A_(
                "the clip must be a video file (MP4, MOV, WebM, MKV, AVI or MPEG-TS); "
                "this one has {found}"
            ),
            found=found,
        )
    width, height = int(video.get("width") or 0), int(video.get("height") or 0)
    if not (min(width, height) >= 16 and max(width, height) <= MAX_SOURCE_SIDE):
        raise InvalidInput(
            A_("the clip's picture size {width}x{height} is not supported"),
            width=width,
            height=height,
        )
    try:
        duration = float(fmt.get("duration") or 0)
    except ValueError:
        duration = 0.0
    if duration <= 0:
        raise InvalidInput(A_("the clip has no length"))
    return Probe(
        container=str(fmt["format_name"]),
        duration_s=duration,
        width=width,
        height=height,
        video_codec=str(video["codec_name"]),
        has_audio=any(s.get("codec_type") == "audio" for s in info.get("streams", [])),
    )


def output_size(width: int, height: int) -> tuple[int, int]:
    """At most MAX_SIDE on the long side, never enlarged, even numbers (H.264 4:2:0)."""
    scale = min(1.0, MAX_SIDE / max(width, height))
    return max(2, int(width * scale) // 2 * 2), max(2, int(height * scale) // 2 * 2)


def transcode(source: Path, found: Probe, video_out: Path, poster_out: Path) -> None:
    """SOURCE as an H.264 (high, yuv420p, 30 fps max, ~2 Mbit/s cap) / AAC (96 kbit/s
    stereo, silent when the source has none) MP4 with the index first, no metadata (a
    phone's location stays home), and a JPEG poster from its first second."""
    w, h = output_size(found.width, found.height)
    args = [tool("ffmpeg"), "-y", "-v", "error", "-nostdin", "-threads", THREADS]
    args += ["-format_whitelist", CONTAINERS, "-i", str(source)]
    if not found.has_audio:
        args += ["-f", "lavfi", "-i", "anullsrc=r=48000:cl=stereo"]
    audio = "0:a:0" if found.has_audio else "1:a:0"
    args += ["-map", "0:v:0", "-map", audio, "-t", f"{found.duration_s:.3f}"]
    args += ["-vf", f"scale={w}:{h},fps=fps='min(30,source_fps)',format=yuv420p"]
    args += ["-c:v", "libx264", "-preset", "veryfast", "-crf", "26", "-profile:v", "high"]
    args += ["-maxrate", "2M", "-bufsize", "4M", "-g", "60"]
    args += ["-c:a", "aac", "-b:a", "96k", "-ar", "48000", "-ac", "2"]
    args += ["-map_metadata", "-1", "-sn", "-dn", "-movflags", "+faststart", "-f", "mp4"]
    done = _run([*args, str(video_out)])
    if done.returncode != 0 or not video_out.exists():
        tail = (done.stderr or "").strip().splitlines()[-1:] or ["unknown error"]
        raise InvalidInput(A_("the clip could not be converted: {reason}"), reason=tail[0][:200])
    at = f"{min(1.0, found.duration_s / 2):.3f}"
    poster = [tool("ffmpeg"), "-y", "-v", "error", "-nostdin", "-ss", at, "-i", str(video_out)]
    done = _run([*poster, "-frames:v", "1", "-q:v", "4", "-f", "image2", str(poster_out)])
    if done.returncode != 0 or not poster_out.exists():
        raise InvalidInput(A_("the clip's poster frame could not be made"))
