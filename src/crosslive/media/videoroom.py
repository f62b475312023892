"""What crosslive asks of Janus's VideoRoom plugin for a show's room, the same on the origin
and on every edge node."""

from __future__ import annotations

import logging
from typing import Any

from crosslive.errors import InvalidInput
from crosslive.media.errors import MediaUnavailable
from crosslive.media.janus_client import JanusClient, JanusError
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


async def join_publisher(
    client: JanusClient, handle: int, body: dict[str, Any], offer_sdp: str
) -> tuple[dict[str, Any], str]:
    """A publisher's `joinandconfigure` BODY sent on HANDLE with its OFFER_SDP: Janus's reply
    (with the publisher's feed `id`) and its answer's SDP. A refused offer (InvalidInput) or
    no answer (MediaUnavailable) detaches HANDLE first."""
    jsep = {"type": "offer", "sdp": offer_sdp, "trickle": False}
    try:
        data, answer = await client.message(handle, body, jsep)
    except JanusError as exc:
        await client.detach(handle)
        raise InvalidInput(f"the media server refused the offer ({exc.reason})") from exc
    if answer is None or "id" not in data:
        await client.detach(handle)
        raise MediaUnavailable("the media server sent no answer")
    return data, str(answer["sdp"])


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
