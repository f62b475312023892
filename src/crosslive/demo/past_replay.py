"""The replay of the demo store's latest past show: a video made at seed time from ffmpeg's
test pattern (low frame rate: a few seconds of work for the whole show), recorded in two
segments as if Janus restarted once (40 seconds missing), with the host's pins and one
credential push in the show's event log, so its chapters and product cards work."""

from __future__ import annotations

import logging
import shutil
import subprocess
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.events.models import ShowEvent
from crosslive.replays import service as replays
from crosslive.replays.timeline import place
from crosslive.settings import Settings
from crosslive.shows.models import Show
from crosslive.trust.models import Credential

log = logging.getLogger(__name__)
RESTART_AT_S = 14 * 60  # Janus restarted here ...
RESTART_GAP_S = 40  # ... and recording resumed this much later


def _video(settings: Settings, name: str, seconds: int) -> bool:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        log.warning("ffmpeg is not installed: the demo show has no replay")
        return False
    settings.replays_dir.mkdir(parents=True, exist_ok=True)
    args = [ffmpeg, "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc=s=320x180:r=1:d={seconds}"]
    args += ["-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", str(seconds)]
    args += ["-c:v", "libx264", "-preset", "ultrafast", "-crf", "38", "-pix_fmt", "yuv420p"]
    args += ["-g", "10", "-c:a", "aac", "-b:a", "8k", "-ar", "8000", "-movflags", "+faststart"]
    done = subprocess.run([*args, str(settings.replays_dir / name)], check=False, timeout=300)
    return done.returncode == 0


def add_replay(db: Session, settings: Settings, show: Show) -> None:
    """SHOW's replay, ready and listed, with pins and a credential push at known minutes."""
    assert show.started_at is not None and show.ended_at is not None
    length = int((show.ended_at - show.started_at).total_seconds())
    spans = [
        (0.0, float(RESTART_AT_S)),
        (RESTART_AT_S + RESTART_GAP_S, length - RESTART_AT_S - RESTART_GAP_S),
    ]
    replay = replays.open_replay(db, show)
    name = f"show-{show.id}-{replay.id}.mp4"
    if not _video(settings, name, int(sum(n for _, n in spans))):
        replays.fail(db, replay.id, "ffmpeg could not make the demo video")
        return
    products = [item.product_id for item in show.lineup]
    credential = db.scalar(
        select(Credential).where(Credential.seller_id == show.seller_id).order_by(Credential.id)
    )
    moments: list[tuple[int, str, dict[str, int]]] = []
    for n, product_id in enumerate(products[:3]):
        start = 60 + n * (length // 3)
        moments.append((start, "pinned", {"product_id": product_id}))
        moments.append((start + length // 3 - 120, "unpinned", {"product_id": product_id}))
    if credential is not None:
        moments.append((5 * 60, "credential_pushed", {"credential_id": credential.id}))
    for at, kind, data in sorted(moments, key=lambda m: m[0]):
        when = show.started_at + timedelta(seconds=at)
        db.add(ShowEvent(show_id=show.id, kind=kind, payload=data, created_at=when))
    db.flush()
    replays.finish(
        db, replay.id, file_name=name, recorded_from=show.started_at, placed=place(spans)
    )
