"""Stand-ins for the Janus of each media node (origin and edges), for what a one-to-one call,
a show's forwarding and its viewers ask of them: rooms made and destroyed, handles attached,
publishers forwarded, publishers and subscribers joined. Each one names itself in the SDP it
sends back, so a test sees which node answered."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from crosslive.media.calls import CallRooms
from crosslive.media.errors import MediaUnavailable
from crosslive.media.janus_client import JanusError
from crosslive.media.regions import Regions
from crosslive.media.viewers import ViewerRegistry
from crosslive.settings import Settings

OFFER = "v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n"


@dataclass
class FakeJanus:
    """A node's Janus; `refuse` names requests it fails (as an unreachable Janus would)."""

    name: str
    refuse: set[str] = field(default_factory=set)
    requests: list[dict[str, Any]] = field(default_factory=list)
    lost: asyncio.Event = field(default_factory=asyncio.Event)
    handles: set[int] = field(default_factory=set)
    next_id: int = 100

    def _fail(self, what: str) -> None:
        if what in self.refuse:
            raise JanusError(f"unreachable: {self.name}")

    def asked(self, what: str) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["request"] == what]

    async def request(self, handle: int, body: dict[str, Any]) -> dict[str, Any]:
        self.requests.append(body)
        self._fail(body["request"])
        self.next_id += 1
        return {"id": self.next_id, "ip": "127.0.0.1", "port": 30000, "rtcp_port": 30001}

    async def attach(self, plugin: str = "janus.plugin.videoroom") -> int:
        self._fail("attach")
        self.next_id += 1
        self.handles.add(self.next_id)
        return self.next_id

    async def detach(self, handle: int) -> None:
        self.requests.append({"request": "detach", "handle": handle})
        self.handles.discard(handle)

    async def message(
        self, handle: int, body: dict[str, Any], jsep: dict[str, Any] | None = None
    ) -> tuple[dict[str, Any], dict[str, Any] | None]:
        self.requests.append(body | {"handle": handle})
        self._fail(body["request"])
        if body["request"] == "joinandconfigure":
            self.next_id += 1
            return {"id": self.next_id}, {"type": "answer", "sdp": f"answer from {self.name}"}
        if body["request"] == "join":
            return {}, {"type": "offer", "sdp": f"offer from {self.name}"}
        return {"started": "ok"}, None

    async def close(self) -> None:
        return None


@dataclass
class FakePublisher:
    """A publisher on the origin: WHIP, or RTP from the RTMP ingest (never forwarded)."""

    feed_id: int
    show_id: int
    rtp: bool = False
    dead: bool = False
    streams: list[dict[str, Any]] = field(default_factory=list)


class FakeOrigin:
    """The origin's gateway, as the call rooms, the regions and the app's routes use it."""

    rtmp = None

    def __init__(self) -> None:
        self.client = FakeJanus("origin")
        self.admin_handle = 1
        self.generation = 1
        self.publishers: dict[str, FakePublisher] = {}
        # Its viewers' registry (a real one): nodes_with makes it, with the settings.
        self.viewers: ViewerRegistry | None = None

    def janus(self) -> FakeJanus:
        if self.client.lost.is_set():
            raise MediaUnavailable("live video is not available right now")
        return self.client

    def room_secret(self, show_id: int) -> str:
        return f"secret-{show_id}"

    def stage_of(self, show_id: int) -> int:
        return 1

    def show_publishers(self, show_id: int) -> list[FakePublisher]:
        return [p for p in self.publishers.values() if p.show_id == show_id]


def janus_of(regions: Regions, name: str) -> FakeJanus:
    """The fake Janus of node NAME."""
    node = regions.edges[name].client if name in regions.edges else regions.origin.client
    assert isinstance(node, FakeJanus)
    return node


def nodes_with(
    settings: Settings, session_factory: sessionmaker[Session], regions: str = "DE=eu, US=us"
) -> tuple[Regions, CallRooms]:
    """An origin and two edges (eu for Germany, us for the US, unless REGIONS says otherwise),
    all up, and the call rooms placed on them."""
    configured = settings.model_copy(
        update={"media_nodes": "origin; eu<origin; us<origin", "media_regions": regions}
    )
    origin = FakeOrigin()
    origin.viewers = ViewerRegistry(origin, session_factory, configured)  # type: ignore[arg-type]
    nodes = Regions(origin, configured, session_factory)  # type: ignore[arg-type]
    for name, edge in nodes.edges.items():
        edge.client = FakeJanus(name)  # type: ignore[assignment]
        edge.admin_handle = 2
        edge.generation = 1
        edge.up = True
    return nodes, CallRooms(origin, nodes)  # type: ignore[arg-type]
