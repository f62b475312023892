"""What crosslive asks of Janus's VideoRoom plugin for a show's room, the same on the origin
and on every edge node."""

from __future__ import annotations

from typing import Any

# How many publishers a show's room accepts at once (its hosts' cameras and ingests).
MAX_PUBLISHERS = 6


def room_create(show_id: int, secret: str, description: str) -> dict[str, Any]:
    """VideoRoom's `create` for a show's room, the same on the origin and on every edge:
    VP8 and Opus, a keyframe asked for every 10 s, no joining notices."""
    return {
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
