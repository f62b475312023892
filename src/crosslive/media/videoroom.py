"""What crosslive asks of Janus's VideoRoom plugin for a show's room, the same on the origin
and on every edge node."""

from __future__ import annotations

from typing import Any

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
