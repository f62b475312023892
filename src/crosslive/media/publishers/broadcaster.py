"""A non-browser WHIP publisher (aiortc): the demo show, and any synthetic test publisher.

`start_demo_broadcaster(settings, show_slug, token)` runs it on its own thread and event loop
(so a blocking CLI can call it) and returns a handle whose `stop()` ends it. It reconnects by
itself when the connection fails or the media server stops sending receiver reports (a
restarted Janus), by posting a new offer.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx
from aiortc import (
    MediaStreamTrack,
    RTCConfiguration,
    RTCPeerConnection,
    RTCSessionDescription,
)

from crosslive.media.publishers.synthetic import ShowPictureTrack, ToneTrack, spoken_script
from crosslive.settings import Settings

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 15.0
# The media server sends receiver reports (RTCP) about every second while it takes our
# media; none for this long means it is gone (a restarted Janus knows nothing of us), and we
# post a new offer rather than wait ~30 s for ICE consent to expire.
SERVER_SILENT_S = 2.0
# The first report may take longer (it waits for Janus's RTCP timer and our first packets).
FIRST_REPORT_S = 5.0
SILENCE_CHECK_S = 0.25
# How often, while on the air, it asks the app whether it still has this publish (the RTMP
# ingest's `alive` call): a restarted Janus is forgotten by the app at once, so a 404 here
# says so well before the receiver reports have been missing for SERVER_SILENT_S.
ALIVE_EVERY_S = 0.5
# The longest pause between tries: a restarted app answers within seconds.
MAX_BACKOFF_S = 2.0


async def _server_silent(pc: RTCPeerConnection) -> None:
    """Returns once the media server's receiver reports stop for SERVER_SILENT_S (or none
    came in the FIRST_REPORT_S after connecting)."""
    since = datetime.now(UTC)
    while True:
        await asyncio.sleep(SILENCE_CHECK_S)
        latest = None
        for sender in pc.getSenders():
            for stats in (await sender.getStats()).values():
                if stats.type == "remote-inbound-rtp":
                    latest = max(latest or stats.timestamp, stats.timestamp)
        limit = FIRST_REPORT_S if latest is None else SERVER_SILENT_S
        if (datetime.now(UTC) - (latest or since)).total_seconds() > limit:
            log.warning("no receiver reports from the media server; publishing again")
            return


async def _server_forgot(http: httpx.AsyncClient, location: str, headers: dict[str, str]) -> None:
    """Returns once the app answers this publish's `alive` check 404 (Janus restarted: the app
    forgot every publisher) or 409 (a newer publish of the same host replaced it)."""
    while True:
        await asyncio.sleep(ALIVE_EVERY_S)
        try:
            check = await http.post(f"{location}/alive", headers=headers)
        except httpx.HTTPError:
            continue  # no app at all: the receiver reports' silence says when to go again
        if check.status_code in {404, 409}:
            log.warning("the media server no longer has this publish; publishing again")
            return


class PublishRefused(Exception):
    """The WHIP endpoint refused the token, the show has ended, or a newer publish of the same
    host replaced this one (no point retrying)."""


@dataclass
class BroadcastStatus:
    connected: bool = False
    attempts: int = 0
    location: str = ""
    last_error: str = ""
    sessions: int = 0  # how many times it went on the air
    stop: asyncio.Event = field(default_factory=asyncio.Event)


TrackSource = Callable[[], list[MediaStreamTrack]]


def synthetic_tracks() -> list[MediaStreamTrack]:
    return [ToneTrack(spoken_script()), ShowPictureTrack()]


async def publish_once(
    whip_url: str, token: str, status: BroadcastStatus, tracks: TrackSource = synthetic_tracks
) -> None:
    """One WHIP session: publish `tracks()` until the connection fails or `status.stop`."""
    pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
    connected = asyncio.Event()
    failed = asyncio.Event()

    @pc.on("connectionstatechange")
    def _state() -> None:
        if pc.connectionState == "connected":
            connected.set()
        elif pc.connectionState in {"failed", "closed"}:
            failed.set()

    for track in tracks():
        pc.addTransceiver(track, direction="sendonly")
    headers = {"Content-Type": "application/sdp", "Authorization": f"Bearer {token}"}
    try:
        await pc.setLocalDescription(await pc.createOffer())
        async with httpx.AsyncClient(timeout=15) as http:
            response = await http.post(whip_url, content=pc.localDescription.sdp, headers=headers)
            if response.status_code in {401, 403, 409}:  # bad token, or the show has ended
                raise PublishRefused(response.text)
            response.raise_for_status()
            status.location = str(httpx.URL(whip_url).join(response.headers["location"]))
            await pc.setRemoteDescription(RTCSessionDescription(response.text, "answer"))
            await asyncio.wait_for(connected.wait(), CONNECT_TIMEOUT_S)
            status.connected = True
            status.sessions += 1
            stop = asyncio.create_task(status.stop.wait())
            fail = asyncio.create_task(failed.wait())
            silent = asyncio.create_task(_server_silent(pc))
            forgot = asyncio.create_task(_server_forgot(http, status.location, headers))
            watched = {stop, fail, silent, forgot}
            await asyncio.wait(watched, return_when=asyncio.FIRST_COMPLETED)
            for task in watched:
                task.cancel()
            if status.stop.is_set():
                with contextlib.suppress(httpx.HTTPError):
                    await http.delete(status.location, headers=headers)
                return
            # Our media went unanswered: a restarted server (publish again), or a newer
            # publish of the same host replaced us (stop, or the two would take turns).
            check = await http.post(f"{status.location}/alive", headers=headers)
            if check.status_code == 409:
                raise PublishRefused(check.text)
    finally:
        status.connected = False
        await pc.close()


async def broadcast(whip_url: str, token: str, status: BroadcastStatus) -> None:
    """Publish until `status.stop` is set, reconnecting with a growing pause on failure."""
    backoff = 0.5
    while not status.stop.is_set():
        status.attempts += 1
        sessions = status.sessions
        try:
            await publish_once(whip_url, token, status)
        except PublishRefused as exc:
            status.last_error = f"refused: {exc}"
            log.error("demo broadcaster refused by the WHIP endpoint: %s", exc)
            return
        except (httpx.HTTPError, TimeoutError, KeyError, ValueError) as exc:
            status.last_error = repr(exc)
            log.warning("demo broadcaster reconnecting: %r", exc)
        if status.sessions > sessions:
            # It was on the air: try again almost at once, even when the check that ended
            # it found no server at all (the app itself restarting: back within seconds).
            backoff = 0.2
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(status.stop.wait(), backoff)
        backoff = min(backoff * 2, MAX_BACKOFF_S)


class DemoBroadcaster:
    """The broadcaster on a daemon thread with its own event loop."""

    def __init__(self, whip_url: str, token: str) -> None:
        self.whip_url = whip_url
        self.token = token
        self.loop = asyncio.new_event_loop()
        self.status = BroadcastStatus()
        self.thread = threading.Thread(target=self._run, name="demo-broadcaster", daemon=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(broadcast(self.whip_url, self.token, self.status))
        self.loop.close()

    def start(self) -> DemoBroadcaster:
        self.thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        if self.thread.is_alive():
            self.loop.call_soon_threadsafe(self.status.stop.set)
            self.thread.join(timeout)


def start_demo_broadcaster(settings: Settings, show_slug: str, token: str) -> DemoBroadcaster:
    """Publish the synthetic demo show into SHOW_SLUG over this server's own WHIP endpoint."""
    whip_url = f"{settings.public_url}/whip/{show_slug}"
    return DemoBroadcaster(whip_url, token).start()
