"""The media gateway: one Janus session, a VideoRoom per show, the publishers in each.

Janus is the only source of media truth and loses everything when it restarts, so the
gateway keeps just enough state to rebuild: on every fresh Janus (or a lost session) it opens
a new session and forgets rooms, publishers and viewers; hosts and viewers reconnect by
themselves and rooms are created again on the next publish. A reaper task evicts publishers
whose media stopped (Janus 1.1.2 has no consent freshness, so dead browsers linger otherwise).
Each room is created with a secret of its own (an HMAC of the show id under a key this
gateway made), which the gateway's room administration (remote publishers) sends along.
Janus's events are routed to their publisher or viewer by handle id, through indexes kept in
step with every attach and detach.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from crosslive.errors import Conflict, InvalidInput, NotFound
from crosslive.media.errors import MediaUnavailable
from crosslive.media.janus_client import JanusClient, JanusError
from crosslive.media.janus_config import JanusLayout
from crosslive.media.publishers.rtmp_ingests import RtmpIngests
from crosslive.media.rtp_target import RTP_STREAMS, RtpPublisher
from crosslive.media.supervisor import JanusSupervisor
from crosslive.media.tokens import PublishGrant
from crosslive.media.videoroom import join_publisher, recording_dir, room_create
from crosslive.media.viewers import ViewerRegistry
from crosslive.settings import Settings

log = logging.getLogger(__name__)

# Told when a show's publishers change: (show id, publishers on air now, the stage's number).
StageListener = Callable[[int, int, int], Awaitable[None]]
# Told after a fresh Janus (or a new session) replaced one that had shows on it: (those
# shows, the new generation). Their pages rejoin at once instead of waiting for ICE to fail.
RestartListener = Callable[[set[int], int], Awaitable[None]]
ROOM_EXISTS = 427
REAP_EVERY_S = 1.0
CONNECT_DEADLINE_S = 20.0
REPLACED_KEPT = 1024
# An RTP publisher says it is alive at least this often, or it is evicted.
RTP_ALIVE_TIMEOUT_S = 10.0


@dataclass
class PublisherEntry:
    resource_id: str
    show_id: int
    user_id: int
    handle_id: int
    feed_id: int
    created: float
    connected: bool = False
    dead: bool = False
    silent_since: float | None = None
    receiving: dict[str, bool] = field(default_factory=dict)
    # An RTP publisher (Janus "remote publisher"): no handle of its own; alive while the
    # sender keeps saying so.
    rtp: bool = False
    alive_at: float = 0.0
    # What Janus said the publisher sends (type, mindex, mid, codec, simulcast), for edges.
    streams: list[dict[str, Any]] = field(default_factory=list)
    # A viewer on stage (crosslive.media.stage): their id; "" for the show's hosts.
    viewer_id: str = ""


class MediaGateway:
    def __init__(
        self,
        settings: Settings,
        session_factory: sessionmaker[Session],
        on_stage: StageListener | None = None,
        on_restart: RestartListener | None = None,
    ) -> None:
        self.settings = settings
        self._on_stage = on_stage
        self._on_restart = on_restart
        self.supervisor = JanusSupervisor(settings, self._on_ready)
        self.client: JanusClient | None = None
        self.layout: JanusLayout | None = None
        self.generation = 0
        self.rooms: set[int] = set()
        self.publishers: dict[str, PublisherEntry] = {}
        # Sessions a newer publish of the same host replaced (the newest REPLACED_KEPT): told
        # so, their publisher stops rather than take the stage back as after a restart.
        self.replaced: dict[str, None] = {}
        # WHIP publishers by Janus handle, for routing Janus's events (RTP ones have none).
        self._by_handle: dict[int, PublisherEntry] = {}
        # Rooms outlive a lost Janus session (not a restart), so their secrets must too.
        self._room_key = secrets.token_bytes(32)
        # Each change of a show's publishers numbers a new stage; a viewer knows its own.
        self.stages: dict[int, int] = {}
        self.viewers = ViewerRegistry(self, session_factory, settings)
        self.rtmp = RtmpIngests(settings) if settings.media_rtmp_port_range else None
        self.admin_handle = 0
        self._reaper: asyncio.Task[None] | None = None
        self._rebuild = asyncio.Lock()
        # Shows whose pages are still to hear that Janus restarted: kept until a rebuild has
        # a session to offer them, so one that fails does not lose them.
        self._unannounced: set[int] = set()

    async def start(self) -> None:
        # Every Janus request would otherwise be an INFO line from httpx.
        logging.getLogger("httpx").setLevel(logging.WARNING)
        await self.supervisor.start()
        self._reaper = asyncio.create_task(self._reap_forever(), name="media-reaper")

    async def stop(self) -> None:
        if self._reaper is not None:
            self._reaper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reaper
        if self.rtmp is not None:
            await self.rtmp.close_all()
        self.viewers.reset("shutdown")
        await self.viewers.records.close()
        await self._close_client()
        await self.supervisor.stop()

    async def _close_client(self) -> None:
        if self.client is not None:
            await self.client.close()
            self.client = None

    async def _on_ready(self, layout: JanusLayout) -> None:
        """A fresh Janus (or a lost session): new session, no rooms, no publishers."""
        async with self._rebuild:
            await self._close_client()
            # Every show that had a room, a publisher or a viewer on the Janus now gone.
            self._unannounced |= set(self.rooms) | {p.show_id for p in self.publishers.values()}
            self._unannounced |= {v.show.show_id for v in self.viewers.viewers.values()}
            self.layout = layout
            self.rooms.clear()
            self.publishers.clear()
            self._by_handle.clear()
            self.viewers.reset("server_restart")
            client = JanusClient(layout.base_url, layout.api_secret, on_event=self._on_event)
            try:
                await client.open()
                self.admin_handle = await client.attach()
            except BaseException:
                await client.close()
                raise
            self.client = client
            self.viewers.reserve.fill()  # for the viewers about to rejoin
            self.generation += 1
            shows, self._unannounced = self._unannounced, set()
            log.info("media session ready", extra={"generation": self.generation})
        if shows and self._on_restart is not None:
            try:
                await self._on_restart(shows, self.generation)
            except Exception:  # a broker hiccup must not stop the media plane coming back
                log.exception("could not announce the media restart")

    def janus(self) -> JanusClient:
        if self.client is None or self.client.lost.is_set():
            raise MediaUnavailable("the media server is restarting; try again in a moment")
        return self.client

    def room_secret(self, show_id: int) -> str:
        """The secret Janus asks for before it changes the show's room."""
        return hmac.new(self._room_key, str(show_id).encode(), hashlib.sha256).hexdigest()

    async def ensure_room(self, show_id: int) -> None:
        if show_id in self.rooms:
            return
        rec_dir = recording_dir(self.settings, show_id)
        body = room_create(show_id, self.room_secret(show_id), f"show {show_id}", rec_dir)
        try:
            await self.janus().request(self.admin_handle, body)
        except JanusError as exc:
            if exc.code != ROOM_EXISTS:
                raise MediaUnavailable(f"could not open the show's room ({exc.reason})") from exc
        self.rooms.add(show_id)

    def stage_of(self, show_id: int) -> int:
        return self.stages.get(show_id, 0)

    def show_publishers(self, show_id: int) -> list[PublisherEntry]:
        entries = [p for p in self.publishers.values() if p.show_id == show_id and not p.dead]
        return sorted(entries, key=lambda p: p.created)

    async def _open_publish(self, grant: PublishGrant) -> JanusClient:
        """A publish's opening steps, WHIP or RTP: the Janus client, the show's room, and the
        host's previous publisher evicted (a new publish replaces it)."""
        client = self.janus()
        await self.ensure_room(grant.show_id)
        for old in self.show_publishers(grant.show_id):
            if (old.user_id, old.viewer_id) == grant.owner:
                await self._evict(old, "replaced")
        return client

    async def publish(self, grant: PublishGrant, offer_sdp: str) -> tuple[str, str]:
        """WHIP: take a host's offer, return (resource id, answer). Replaces the host's last."""
        if "m=" not in offer_sdp:
            raise InvalidInput("the request body must be an SDP offer")
        client = await self._open_publish(grant)
        handle = await client.attach()
        body = {"request": "joinandconfigure", "ptype": "publisher", "room": grant.show_id}
        who = f"viewer-{secrets.token_hex(4)}" if grant.viewer_id else f"host-{grant.user_id}"
        body |= {"display": who}
        data, answer_sdp = await join_publisher(client, handle, body, offer_sdp)
        entry = PublisherEntry(
            resource_id=secrets.token_urlsafe(16),
            show_id=grant.show_id,
            user_id=grant.user_id,
            handle_id=handle,
            feed_id=int(data["id"]),
            created=time.monotonic(),
            streams=list(data.get("streams") or []),
            viewer_id=grant.viewer_id,
        )
        self.publishers[entry.resource_id] = entry
        self._by_handle[entry.handle_id] = entry
        await self._stage_changed(grant.show_id)
        log.info("publisher joined", extra={"show": grant.show_id, "feed": entry.feed_id})
        return entry.resource_id, answer_sdp

    async def publish_rtp(self, grant: PublishGrant) -> RtpPublisher:
        """Open an RTP publisher for a sender on this host (the RTMP ingest): Opus and three
        VP8 simulcast layers to a Janus port on 127.0.0.1; replaces the host's last one."""
        client = await self._open_publish(grant)
        body = {
            "request": "add_remote_publisher",
            "room": grant.show_id,
            "secret": self.room_secret(grant.show_id),
            "display": f"host-{grant.user_id}",
            "iface": "127.0.0.1",
            "streams": RTP_STREAMS,
        }
        try:
            data = await client.request(self.admin_handle, body)
        except JanusError as exc:
            raise MediaUnavailable(f"could not open an RTP publisher ({exc.reason})") from exc
        now = time.monotonic()
        entry = PublisherEntry(
            resource_id=secrets.token_urlsafe(16),
            show_id=grant.show_id,
            user_id=grant.user_id,
            handle_id=0,
            feed_id=int(data["id"]),
            created=now,
            connected=True,
            rtp=True,
            alive_at=now,
        )
        self.publishers[entry.resource_id] = entry
        await self._stage_changed(grant.show_id)
        self.viewers.warm(grant.show_id)
        log.info("RTP publisher joined", extra={"show": grant.show_id, "feed": entry.feed_id})
        return RtpPublisher(
            entry.resource_id, str(data["ip"]), int(data["port"]), int(data["rtcp_port"])
        )

    def alive(self, grant: PublishGrant, resource_id: str) -> None:
        """A publisher checks it is on the air (RTP ones must, every few seconds). Conflict:
        its host's newer publish replaced it; NotFound: unknown (ended, or a restart)."""
        if resource_id in self.replaced:
            raise Conflict("replaced by a newer publish from the same host")
        entry = self.publishers.get(resource_id)
        owner = (grant.show_id, *grant.owner)
        if entry is None or (entry.show_id, entry.user_id, entry.viewer_id) != owner:
            raise NotFound("no such publishing session")
        if entry.rtp:
            entry.alive_at = time.monotonic()

    async def unpublish(self, grant: PublishGrant, resource_id: str) -> None:
        entry = self.publishers.get(resource_id)
        owner = (grant.show_id, *grant.owner)
        if entry is None or (entry.show_id, entry.user_id, entry.viewer_id) != owner:
            raise NotFound("no such publishing session")
        await self._evict(entry, "ended")

    async def evict_viewer(self, show_id: int, viewer_id: str, reason: str = "removed") -> int:
        """Take a viewer off the show's stage at once (the host removed them, they left)."""
        gone = [p for p in self.show_publishers(show_id) if viewer_id and p.viewer_id == viewer_id]
        for entry in gone:
            await self._evict(entry, reason)
        return len(gone)

    async def _evict(self, entry: PublisherEntry, reason: str) -> None:
        if self.publishers.pop(entry.resource_id, None) is None:
            return
        if reason == "replaced":
            self.replaced[entry.resource_id] = None
            if len(self.replaced) > REPLACED_KEPT:
                del self.replaced[next(iter(self.replaced))]
        if not entry.rtp:
            self._by_handle.pop(entry.handle_id, None)
        log.info("publisher removed", extra={"show": entry.show_id, "reason": reason})
        if self.client is not None and not self.client.lost.is_set():
            if entry.rtp:
                body = {
                    "request": "remove_remote_publisher",
                    "room": entry.show_id,
                    "secret": self.room_secret(entry.show_id),
                    "id": entry.feed_id,
                }
                with contextlib.suppress(JanusError):
                    await self.client.request(self.admin_handle, body)
            else:
                await self.client.detach(entry.handle_id)
        await self._stage_changed(entry.show_id)

    async def _stage_changed(self, show_id: int) -> None:
        """Publishers came or went: viewers re-subscribe, and the show's pages are told
        (its event log gets a `stage` event with the number of publishers on air)."""
        stage = self.stages[show_id] = self.stages.get(show_id, 0) + 1
        await self.viewers.feeds_changed(show_id)
        if self._on_stage is not None:
            try:
                await self._on_stage(show_id, len(self.show_publishers(show_id)), stage)
            except Exception:  # a broker hiccup must not fail a publish
                log.exception("could not announce the stage change")

    def _on_event(self, handle_id: int, event: dict[str, Any]) -> None:
        entry = self._by_handle.get(handle_id)
        if entry is None:
            self.viewers.on_event(handle_id, event)
            return
        kind = event.get("janus")
        if kind in {"hangup", "detached"}:
            entry.dead = True
        elif kind == "webrtcup":
            entry.connected = True
            self.viewers.warm(entry.show_id)
        elif kind == "media":
            key = str(event.get("mid") or event.get("type"))
            entry.receiving[key] = bool(event.get("receiving"))
            silent = not any(entry.receiving.values())
            entry.silent_since = (entry.silent_since or time.monotonic()) if silent else None

    def _should_evict(self, entry: PublisherEntry, now: float) -> bool:
        if entry.dead:
            return True
        if entry.rtp:
            return now - entry.alive_at > RTP_ALIVE_TIMEOUT_S
        if not entry.connected and now - entry.created > CONNECT_DEADLINE_S:
            return True
        idle = self.settings.media_publisher_idle_s
        return entry.silent_since is not None and now - entry.silent_since >= idle

    async def reap_once(self) -> None:
        client = self.client
        if client is not None and client.lost.is_set() and self.supervisor.process is not None:
            # The session was lost on a Janus that still runs (a timeout): a new one there.
            # While the supervisor starts a new Janus (a new layout, a new API secret), the
            # rebuild is the supervisor's, once that Janus answers.
            running = self.supervisor.process.returncode is None
            if running and self.layout is not None and self.supervisor.layout is self.layout:
                await self._on_ready(self.layout)
            return
        now = time.monotonic()
        for entry in list(self.publishers.values()):
            if self._should_evict(entry, now):
                await self._evict(entry, "no media")
        await self.viewers.reap(now)

    async def _reap_forever(self) -> None:
        while True:
            await asyncio.sleep(REAP_EVERY_S)
            try:
                await self.reap_once()
            except (JanusError, MediaUnavailable) as exc:
                log.warning("media reaper: %s", exc)
            except Exception:  # the reaper must outlive a bug, or nobody is ever evicted
                log.exception("media reaper failed")
