"""The demo's video evidence: the sales-proof credential gets a 3-second clip (ffmpeg's
test pattern and a tone, made at seed time) with English subtitles, so the live stage's
first pushed card plays it picture-in-picture over the show."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy.orm import Session

from crosslive.errors import InvalidInput
from crosslive.settings import Settings
from crosslive.trust import service as trust_service
from crosslive.trust.models import CredentialType

SECONDS = 3
SUBTITLES = (
    "WEBVTT\n\n"
    "00:00:00.000 --> 00:00:01.500\nOur packing line in Hangzhou\n\n"
    "00:00:01.500 --> 00:00:03.000\nEvery parcel is scanned before it ships\n"
)


def make_clip(folder: Path) -> bytes:
    """A small MP4 from lavfi sources (well under a second to make)."""
    out = folder / "packing-line.mp4"
    args = ["ffmpeg", "-y", "-v", "error", "-nostdin", "-f", "lavfi", "-i"]
    args += [f"testsrc2=size=480x270:rate=15:duration={SECONDS}", "-f", "lavfi", "-i"]
    args += [f"sine=frequency=330:duration={SECONDS}", "-c:v", "libx264", "-preset"]
    args += ["ultrafast", "-c:a", "aac", "-shortest", "-f", "mp4", str(out)]
    subprocess.run(args, check=True, capture_output=True, timeout=60)
    return out.read_bytes()


def seed_clip(db: Session, settings: Settings, seller_id: int, written: list[Path]) -> bool:
    """Attach the clip to the store's sales-proof credential; False (nothing added) where
    ffmpeg is not installed."""
    if shutil.which("ffmpeg") is None or shutil.which("ffprobe") is None:
        return False
    credential = next(
        c
        for c in trust_service.list_credentials(db, seller_id)
        if c.type == CredentialType.SALES_PROOF
    )
    with tempfile.TemporaryDirectory() as work:
        try:
            data = make_clip(Path(work))
        except (OSError, subprocess.SubprocessError):
            return False
    try:
        trust_service.attach_clip(
            db,
            settings,
            seller_id,
            credential.id,
            original_name="packing-line.mp4",
            data=data,
            subtitle_data=SUBTITLES.encode(),
            subtitle_lang="en",
        )
    except InvalidInput:
        return False
    clip = credential.clip
    if clip is not None:
        names = (clip.video_name, clip.poster_name, clip.subtitles_name)
        written.extend(settings.clips_dir / n for n in names if n)
    return True
