"""What crosslive asks of Janus's VideoRoom plugin for a show's room, the same on the origin
and on every edge node."""

from __future__ import annotations

import logging
from typing import Any

from crosslive.settings import Settings

log = logging.getLogger(__name__)

# How many publishers a show's room accepts at once (its hosts' cameras and ingests).
MAX_PUBLISHERS = 6


def room_create(
    show_id: int, secret: str, description: str, rec_dir: str | None = None
) -> dict[str, Any]:
    """VideoRoom's `create` for a show's room, the same on the origin and on every edge:
    VP8 and Opus, a keyframe asked for every 10 s, no joining notices. With REC_DIR (the
    origin, when replays are on) Janus records every publisher into it: one .mjr per stream
    of each publisher session, so a replaced publisher or a restarted Janus starts a new
    segment, and a recording that fails (disk full) never stops the publisher."""
    recording = {"record": True, "rec_dir": rec_dir} if rec_dir else {}
    return {
        **recording,
        "request": "create",
        "room": show_id,
        "secret": secret,
        "description": description,
        "publishers": MAX_PUBLISHERS,
        "videocodec": "vp8",
        "audiocodec": "opus",
        "fir_freq": 10,
        "notify_joining": False,
    }


def recording_dir(settings: Settings, show_id: int) -> str | None:
    """Where Janus records the show (None: replays are off, or the folder cannot be made:
    the show goes on unrecorded and its replay says which minutes are missing)."""
    if not settings.replays_enabled:
        return None
    folder = (settings.recordings_dir / str(show_id)).resolve()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        log.warning("cannot record show %s: no recordings folder", show_id, exc_info=True)
        return None
    return str(folder)
