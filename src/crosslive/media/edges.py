"""An edge media node: a Janus that gets every live show by RTP forwarding from its upstream
(the origin, or another edge) and serves the viewers of its region.

Forwarding uses the VideoRoom's remote publishers (Janus 1.1): on the edge,
`add_remote_publisher` opens a publisher fed by plain RTP and says where to send it; on the
upstream, `publish_remotely` sends the publisher's streams there, every simulcast layer on an
SSRC of its own, and takes the edge's keyframe requests back over RTCP. So an edge's
publisher has the layers of the host's, and each viewer's layer choice works there as on the
origin. An edge run as a child has its own supervised Janus; a remote one is reached by URL.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from typing import Any, Protocol

import httpx
from sqlalchemy.orm import Session, sessionmaker

from crosslive.media.errors import MediaUnavailable
from crosslive.media.gateway import ROOM_EXISTS
from crosslive.media.janus_client import JanusClient, JanusError
from crosslive.media.janus_config import JanusLayout
from crosslive.media.rtp_target import RTP_STREAMS
from crosslive.media.supervisor import JanusSupervisor
from crosslive.media.videoroom import room_create
from crosslive.media.viewers import ViewerRegistry
from crosslive.settings import Settings
from crosslive.settings.media_nodes import NodeSpec

log = logging.getLogger(__name__)

LOCAL_IFACE = "127.0.0.1"
INFO_TIMEOUT_S = 2.0


@dataclass(frozen=True)
class Feed:
    """A publisher a node can forward: its id there and the streams it sends."""

    feed_id: int
    streams: list[dict[str, Any]]


class Upstream(Protocol):
    """What an edge needs of the node it is fed from (the origin's gateway or an edge)."""

    def janus(self) -> JanusClient: ...

    def room_secret(self, show_id: int) -> str: ...

    def feeds(self, show_id: int) -> list[Feed]: ...

    @property
    def admin_handle(self) -> int: ...


@dataclass
class Forward:
    """One upstream publisher forwarded into this edge: its id upstream, its id here."""

    source_feed: int
    feed_id: int
    remote_id: str
    streams: list[dict[str, Any]]


class EdgeNode:
    def __init__(
        self,
        spec: NodeSpec,
        settings: Settings,
        session_factory: sessionmaker[Session],
        stage_of: Any,
    ) -> None:
        self.spec = spec
        self.name = spec.name
        self.settings = settings
        self._stage_of = stage_of
        self.supervisor = None if spec.url else JanusSupervisor(settings, self._on_ready, spec.name)
        self.client: JanusClient | None = None
        self.admin_handle = 0
        self.up = False
        self.reason = "starting"
        self.misses = 0  # health checks in a row its Janus did not answer
        # The viewer API beside it (edge_api.py), where its viewers answer and trickle.
        self.api_url = settings.media_edge_api_map.get(spec.name, "")
        self.api_misses = 0
        self.rooms: set[int] = set()
        self.forwards: dict[int, dict[int, Forward]] = {}
        # Forwards a restart of this edge's Janus lost: its upstream still sends them.
        self.orphans: list[tuple[int, Forward]] = []
        self._room_key = secrets.token_bytes(32)
        self.generation = 0
        self.viewers = ViewerRegistry(self, session_factory, settings)

    # --- the node's Janus -------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        if self.spec.url:
            return self.spec.url.rstrip("/")
        layout = self.supervisor.layout if self.supervisor else None
        return layout.base_url if layout else ""

    @property
    def iface(self) -> str:
        """Where this edge takes forwarded RTP (and where its upstream sends it)."""
        return self.spec.remote_host or LOCAL_IFACE

    async def start(self) -> None:
        if self.supervisor is not None:
            await self.supervisor.start()
        else:
            with contextlib.suppress(httpx.HTTPError, JanusError, MediaUnavailable):
                await self._connect(self.settings.media_node_api_secret)

    async def stop(self) -> None:
        self.viewers.reset("shutdown")
        await self.viewers.records.close()
        await self._close_client()
        if self.supervisor is not None:
            await self.supervisor.stop()

    async def _close_client(self) -> None:
        client, self.client = self.client, None
        if client is not None:
            await client.close()

    async def _on_ready(self, layout: JanusLayout) -> None:
        await self._connect(layout.api_secret, layout.base_url)

    async def _connect(self, api_secret: str, base_url: str = "") -> None:
        """A fresh session on the node's Janus: nothing forwarded, no rooms, no viewers."""
        await self._close_client()
        self.rooms.clear()
        self.orphans += [(s, f) for s, forwards in self.forwards.items() for f in forwards.values()]
        self.forwards.clear()
        self.viewers.reset("server_restart")
        client = JanusClient(base_url or self.base_url, api_secret, on_event=self._on_event)
        await client.open()
        self.admin_handle = await client.attach()
        self.client = client
        self.generation += 1
        log.info("edge node connected", extra={"node": self.name})

    async def reconnect(self) -> None:
        """A node whose Janus session was lost (or never opened) gets a new one."""
        layout = self.supervisor.layout if self.supervisor else None
        if layout is not None:
            await self._connect(layout.api_secret, layout.base_url)
        else:
            await self._connect(self.settings.media_node_api_secret)

    async def answers(self) -> bool:
        """Whether the node's Janus answers its info request now."""
        if not self.base_url:
            return False
        try:
            async with httpx.AsyncClient(timeout=INFO_TIMEOUT_S) as http:
                response = await http.get(f"{self.base_url}/info")
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    async def api_answers(self) -> bool:
        """Whether the viewer API beside it answers (True when it has none)."""
        if not self.api_url:
            return True
        try:
            async with httpx.AsyncClient(timeout=INFO_TIMEOUT_S) as http:
                response = await http.get(f"{self.api_url}/health")
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    def session_alive(self) -> bool:
        return self.client is not None and not self.client.lost.is_set()

    def _on_event(self, handle_id: int, event: dict[str, Any]) -> None:
        self.viewers.on_event(handle_id, event)

    # --- what viewers and downstream edges see (RoomSource, Upstream) -------------------------

    def janus(self) -> JanusClient:
        if not self.up or self.client is None or self.client.lost.is_set():
            raise MediaUnavailable(f"the media node {self.name!r} is down")
        return self.client

    def room_secret(self, show_id: int) -> str:
        return hmac.new(self._room_key, str(show_id).encode(), hashlib.sha256).hexdigest()

    def show_publishers(self, show_id: int) -> list[Forward]:
        return list(self.forwards.get(show_id, {}).values())

    def feeds(self, show_id: int) -> list[Feed]:
        return [Feed(f.feed_id, f.streams) for f in self.show_publishers(show_id)]

    def stage_of(self, show_id: int) -> int:
        stage: int = self._stage_of(show_id)
        return stage

    # --- forwarding --------------------------------------------------------------------------

    async def _ensure_room(self, client: JanusClient, show_id: int) -> None:
        if show_id in self.rooms:
            return
        description = f"show {show_id} (edge {self.name})"
        body = room_create(show_id, self.room_secret(show_id), description)
        try:
            await client.request(self.admin_handle, body)
        except JanusError as exc:
            if exc.code != ROOM_EXISTS:
                raise
        self.rooms.add(show_id)

    async def sync(self, show_id: int, upstream: Upstream) -> bool:
        """Forward exactly the upstream's publishers of the show here, in their order; True
        when that changed what this edge has (its viewers then re-subscribe). A publisher the
        upstream refuses to forward is left out; raises when this edge's Janus fails."""
        client = self.janus()
        want = upstream.feeds(show_id)
        have = self.forwards.setdefault(show_id, {})
        wanted = {feed.feed_id for feed in want}
        changed = False
        for forward in [f for f in have.values() if f.source_feed not in wanted]:
            await self._drop(show_id, forward, upstream)
            changed = True
        for feed in want:
            if feed.feed_id not in have:
                await self._forward(client, show_id, feed, upstream)
                changed = True
        ordered = {feed.feed_id: have[feed.feed_id] for feed in want if feed.feed_id in have}
        self.forwards[show_id] = ordered
        if not ordered:
            self.forwards.pop(show_id, None)
        if changed:
            await self.viewers.feeds_changed(show_id)
            self.viewers.warm(show_id)
        return changed

    async def _forward(
        self, client: JanusClient, show_id: int, feed: Feed, upstream: Upstream
    ) -> None:
        await self._ensure_room(client, show_id)
        streams = feed.streams or RTP_STREAMS
        body = {
            "request": "add_remote_publisher",
            "room": show_id,
            "secret": self.room_secret(show_id),
            "display": f"forwarded-{feed.feed_id}",
            "iface": self.iface,
            "streams": [_stream_of(stream) for stream in streams],
        }
        data = await client.request(self.admin_handle, body)
        remote_id = f"{self.name}-{secrets.token_hex(6)}"
        forward = Forward(feed.feed_id, int(data["id"]), remote_id, streams)
        remotely = {
            "request": "publish_remotely",
            "room": show_id,
            "publisher_id": feed.feed_id,
            "remote_id": forward.remote_id,
            "secret": upstream.room_secret(show_id),
            "host": self.iface if self.spec.url else str(data.get("ip") or LOCAL_IFACE),
            "port": int(data["port"]),
            "rtcp_port": int(data["rtcp_port"]),
        }
        try:
            await upstream.janus().request(upstream.admin_handle, remotely)
        except JanusError as exc:
            # The publisher left meanwhile, or cannot be forwarded: this show's viewers in
            # the region play from the origin; the edge itself is fine.
            log.warning("not forwarding to %s: %s", self.name, exc.reason)
            await self._remove_here(show_id, forward.feed_id)
            return
        except MediaUnavailable:
            await self._remove_here(show_id, forward.feed_id)
            raise
        self.forwards.setdefault(show_id, {})[feed.feed_id] = forward
        log.info("forwarding to edge", extra={"node": self.name, "show": show_id})

    async def _drop(self, show_id: int, forward: Forward, upstream: Upstream | None) -> None:
        self.forwards.get(show_id, {}).pop(forward.source_feed, None)
        if upstream is not None:
            await self._unpublish(show_id, forward, upstream)
        await self._remove_here(show_id, forward.feed_id)

    async def _remove_here(self, show_id: int, feed_id: int) -> None:
        body = {
            "request": "remove_remote_publisher",
            "room": show_id,
            "secret": self.room_secret(show_id),
            "id": feed_id,
        }
        with contextlib.suppress(JanusError, MediaUnavailable):
            await self.janus().request(self.admin_handle, body)

    async def drop_orphans(self, upstream: Upstream) -> None:
        """Stop the upstream sending what this edge's previous Janus took."""
        orphans, self.orphans = self.orphans, []
        for show_id, forward in orphans:
            await self._unpublish(show_id, forward, upstream)

    async def _unpublish(self, show_id: int, forward: Forward, upstream: Upstream) -> None:
        body = {
            "request": "unpublish_remotely",
            "room": show_id,
            "publisher_id": forward.source_feed,
            "remote_id": forward.remote_id,
            "secret": upstream.room_secret(show_id),
        }
        with contextlib.suppress(JanusError, MediaUnavailable):
            await upstream.janus().request(upstream.admin_handle, body)

    async def forget_upstream(self, upstream: Upstream | None) -> None:
        """The upstream restarted (its forwarders are gone) or this edge went down: drop
        every forwarded publisher; viewers here re-subscribe (or go elsewhere)."""
        for show_id, forwards in list(self.forwards.items()):
            for forward in list(forwards.values()):
                await self._drop(show_id, forward, upstream)
            await self.viewers.feeds_changed(show_id)
        self.forwards.clear()


def _stream_of(stream: dict[str, Any]) -> dict[str, Any]:
    """The fields of a publisher's stream a remote publisher is described by."""
    keep = ("type", "mindex", "mid", "codec", "simulcast", "disabled", "fec", "stereo", "dtx")
    return {key: stream[key] for key in keep if key in stream}
