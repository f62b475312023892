"""Origin and edge nodes: which edges get which shows, which are up, where a viewer goes.

The origin is the gateway's own Janus (hosts publish there); each edge (edges.py) is fed
from its upstream. Every change of a show's publishers is forwarded down the tree, nearest
edges first. A health check every `media_node_check_s` marks an edge down when its Janus
does not answer, its session is gone, forwarding to it failed, or its upstream is down (then
it cannot reach the origin either): a down edge's viewers are told to reconnect, and no
viewer is sent there until it is up again and has the show. A viewer goes to the node of
their region (`?region=`, else their market's, else their country's), else, while that is
down, to the nearest node above it that is up: its upstream, and so on to the origin.
A one-to-one call's room (calls.py) goes by the same rules, for the call's viewer.
When an edge goes down or comes back up, `on_change` hears which shows are live, so their
host consoles show each node's state (`show_nodes`) at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from sqlalchemy.orm import Session, sessionmaker

from crosslive.errors import NotFound
from crosslive.media import edge_token
from crosslive.media.edges import EdgeNode, Feed, Upstream
from crosslive.media.errors import MediaUnavailable
from crosslive.media.gateway import MediaGateway
from crosslive.media.janus_client import JanusClient, JanusError
from crosslive.media.rtp_target import RTP_STREAMS
from crosslive.media.schemas import EdgeApiPass, ShowNodeOut
from crosslive.media.viewers import ViewerRegistry
from crosslive.settings import Settings

log = logging.getLogger(__name__)

# Health checks in a row an edge's Janus must fail to answer before the edge is down.
MISSES_DOWN = 2

# Told the live shows when an edge went down or came back up.
NodesChanged = Callable[[set[int]], Awaitable[None]]


def country_in_languages(header: str) -> str:
    """The first country in an Accept-Language header: 'de-AT,de;q=0.9' -> 'AT'; '' if none."""
    for item in header.split(","):
        for subtag in item.split(";")[0].strip().split("-")[1:]:
            if len(subtag) == 2 and subtag.isalpha():
                return subtag.upper()
    return ""


class OriginUpstream:
    """The origin's gateway seen as an edge's upstream."""

    def __init__(self, gateway: MediaGateway) -> None:
        self.gateway = gateway

    def janus(self) -> JanusClient:
        return self.gateway.janus()

    def room_secret(self, show_id: int) -> str:
        return self.gateway.room_secret(show_id)

    def feeds(self, show_id: int) -> list[Feed]:
        """The show's publishers, WHIP ones only: Janus 1.1 does not forward a remote (RTP)
        publisher, so a show from the RTMP ingest plays from the origin everywhere."""
        publishers = self.gateway.show_publishers(show_id)
        return [Feed(p.feed_id, p.streams or RTP_STREAMS) for p in publishers if not p.rtp]

    @property
    def admin_handle(self) -> int:
        return self.gateway.admin_handle


class Regions:
    def __init__(
        self,
        origin: MediaGateway,
        settings: Settings,
        session_factory: sessionmaker[Session],
        on_change: NodesChanged | None = None,
    ) -> None:
        specs = settings.media_node_specs
        self.origin = origin
        self.origin_name = next(spec.name for spec in specs if spec.is_origin)
        self.edges = {
            spec.name: EdgeNode(spec, settings, session_factory, origin.stage_of)
            for spec in specs
            if not spec.is_origin
        }
        self.region_of = settings.media_region_map
        self.check_every_s = settings.media_node_check_s
        self.edge_api_secret = settings.media_edge_api_secret
        self.edge_api_ttl_s = settings.media_edge_api_ttl_s
        self._origin = OriginUpstream(origin)
        self.on_change = on_change
        self._synced: dict[str, int] = {}
        self._lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None

    # --- the tree ----------------------------------------------------------------------------

    def chain(self, name: str) -> list[str]:
        """NAME, its upstream, that one's upstream ... ending with the origin."""
        path = [name]
        while path[-1] != self.origin_name:
            path.append(self.edges[path[-1]].spec.upstream)
        return path

    def ordered(self) -> list[EdgeNode]:
        """Edges nearest the origin first: an upstream is synced before its downstreams."""
        return sorted(self.edges.values(), key=lambda edge: len(self.chain(edge.name)))

    def upstream_of(self, edge: EdgeNode) -> Upstream | None:
        if edge.spec.upstream == self.origin_name:
            return self._origin
        upstream = self.edges[edge.spec.upstream]
        return upstream if upstream.up else None

    def live_shows(self) -> set[int]:
        return {p.show_id for p in self.origin.publishers.values() if not p.dead}

    # --- start, stop, health -----------------------------------------------------------------

    async def start(self) -> None:
        for edge in self.ordered():
            try:
                await edge.start()
            except Exception as exc:  # a broken edge must not keep the app from starting
                log.error("edge node %s did not start: %s", edge.name, exc)
        await self.check_once()
        self._task = asyncio.create_task(self._check_forever(), name="media-edges")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        for edge in reversed(self.ordered()):
            await edge.stop()

    async def _check_forever(self) -> None:
        while True:
            await asyncio.sleep(self.check_every_s)
            try:
                await self.check_once()
            except Exception:
                log.exception("edge health check failed")

    async def _problem(self, edge: EdgeNode) -> str:
        """Why the edge cannot serve viewers now; empty when it can."""
        if edge.spec.upstream != self.origin_name and not self.edges[edge.spec.upstream].up:
            return (
                f"its upstream {edge.spec.upstream!r} is down: the origin's media cannot reach it"
            )
        process = edge.supervisor.process if edge.supervisor else None
        if edge.supervisor is not None and (process is None or process.returncode is not None):
            return "its Janus is not running"
        if not await edge.answers():
            # One slow answer on a busy machine is not an outage: two in a row are.
            edge.misses += 1
            if edge.misses >= MISSES_DOWN or not edge.up:
                return "its Janus does not answer"
            return ""
        edge.misses = 0
        if not await edge.api_answers():
            # Its viewers could not answer there: a dead edge API is a dead edge.
            edge.api_misses += 1
            if edge.api_misses >= MISSES_DOWN or not edge.up:
                return "its viewer API does not answer"
            return ""
        edge.api_misses = 0
        if not edge.session_alive():
            try:
                await edge.reconnect()
            except (OSError, JanusError, MediaUnavailable, KeyError) as exc:
                return f"no session on its Janus ({exc})"
        return ""

    async def check_once(self) -> None:
        before = self._ups()
        async with self._lock:
            for edge in self.ordered():
                problem = await self._problem(edge)
                if problem:
                    await self._mark_down(edge, problem)
                    continue
                if not edge.up or self._synced.get(edge.name) != edge.generation:
                    edge.up, edge.reason = True, ""
                    await self._resync(edge)
        await self._tell_if_changed(before)

    def _ups(self) -> dict[str, bool]:
        return {name: edge.up for name, edge in self.edges.items()}

    async def _tell_if_changed(self, before: dict[str, bool]) -> None:
        if self.on_change is not None and self._ups() != before:
            await self.on_change(self.live_shows())

    async def _mark_down(self, edge: EdgeNode, reason: str) -> None:
        if not edge.up and edge.reason == reason:
            return
        log.warning("edge node %s is down: %s", edge.name, reason)
        was_up, edge.up, edge.reason = edge.up, False, reason
        self._synced.pop(edge.name, None)
        if was_up:
            # Its viewers rejoin (elsewhere); its upstream stops sending to it.
            await edge.forget_upstream(self.upstream_of(edge))

    async def _resync(self, edge: EdgeNode) -> None:
        """The edge is (back) up, or its Janus restarted: forward every live show to it."""
        upstream = self.upstream_of(edge)
        if upstream is None:
            return
        await edge.drop_orphans(upstream)
        try:
            for show_id in sorted(self.live_shows() | set(edge.forwards)):
                await edge.sync(show_id, upstream)
        except (JanusError, MediaUnavailable, KeyError, ValueError) as exc:
            await self._mark_down(edge, f"forwarding to it failed ({exc})")
            return
        self._synced[edge.name] = edge.generation
        log.info("edge node %s is up", edge.name)

    # --- what the gateway tells us -----------------------------------------------------------

    async def stage_changed(self, show_id: int) -> None:
        """The show's publishers on the origin changed: forward the change down the tree."""
        before = self._ups()
        async with self._lock:
            for edge in self.ordered():
                upstream = self.upstream_of(edge)
                if not edge.up or upstream is None:
                    continue
                try:
                    await edge.sync(show_id, upstream)
                except (JanusError, MediaUnavailable, KeyError, ValueError) as exc:
                    await self._mark_down(edge, f"forwarding to it failed ({exc})")
        await self._tell_if_changed(before)

    async def origin_restarted(self) -> None:
        """A fresh origin Janus: its forwarders died with it; the edges drop what they had."""
        async with self._lock:
            for edge in self.ordered():
                await edge.forget_upstream(None)

    # --- viewers -----------------------------------------------------------------------------

    def home_of(
        self, region: str = "", market: str = "", country: str = "", languages: str = ""
    ) -> str:
        """The node a viewer belongs to: a region named outright, else the market's, else the
        country's (given, or else the first one in the browser's Accept-Language, LANGUAGES),
        else the origin."""
        country = country or country_in_languages(languages)
        if region:
            if region not in self.edges and region != self.origin_name:
                raise NotFound(f"no media region {region!r}")
            return region
        for key in (market, country):
            if key and key.upper() in self.region_of:
                return self.region_of[key.upper()]
        return self.origin_name

    def serving(self, home: str, show_id: int) -> tuple[str, ViewerRegistry]:
        """The node that serves a viewer whose home is HOME: the first up node on the way
        from HOME to the origin that has every publisher of the show."""
        publishers = len(self.origin.show_publishers(show_id))
        for name in self.chain(home):
            if name == self.origin_name:
                return name, self.origin.viewers
            edge = self.edges[name]
            if edge.up and len(edge.forwards.get(show_id, {})) == publishers:
                return name, edge.viewers
        return self.origin_name, self.origin.viewers

    # --- one-to-one calls (calls.py) -----------------------------------------------------------

    def node_up(self, name: str) -> bool:
        """Whether NAME can hold a call now: the origin always; an edge while it is up."""
        edge = self.edges.get(name)
        return edge is None or (edge.up and edge.session_alive())

    def call_nodes(self, home: str) -> list[str]:
        """Where a call whose viewer belongs to HOME may be held, best first: the up nodes on
        the way from HOME to the origin. A call needs no show forwarded, only a Janus; a HOME
        no longer configured is the origin's."""
        path = self.chain(home) if home in self.edges else [self.origin_name]
        return [name for name in path if self.node_up(name)]

    def edge_pass(self, node: str, show_id: int, viewer_id: str) -> EdgeApiPass | None:
        """Where and with what pass the viewer VIEWER_ID, played by NODE, answers and trickles:
        the viewer API beside that edge (edge_api.py); None where it has none."""
        edge = self.edges.get(node)
        if edge is None or not edge.api_url or edge.client is None:
            return None
        entry = edge.viewers.viewers.get(viewer_id)
        if entry is None:
            return None
        token = edge_token.issue(
            self.edge_api_secret,
            show=show_id,
            viewer=viewer_id,
            edge=node,
            session=edge.client.session_id,
            handle=entry.handle_id,
            ttl_s=self.edge_api_ttl_s,
        )
        return EdgeApiPass(url=edge.api_url, token=token, ttl_s=self.edge_api_ttl_s)

    def registry_of(self, viewer_id: str) -> ViewerRegistry:
        for edge in self.edges.values():
            if viewer_id in edge.viewers.viewers:
                return edge.viewers
        return self.origin.viewers

    def origin_up(self) -> bool:
        """Whether the origin's Janus holds a session now (not while it restarts)."""
        try:
            self.origin.janus()
        except MediaUnavailable:
            return False
        return True

    def show_nodes(self, show_id: int) -> list[ShowNodeOut]:
        """Each node, the origin first: whether it is up, and how many viewers of the show it
        plays to now (the seats its viewer sessions of the show hold, from offer to leave)."""
        registries = [(self.origin_name, "origin", self.origin_up(), self.origin.viewers)]
        registries += [(edge.name, "edge", edge.up, edge.viewers) for edge in self.ordered()]
        return [
            ShowNodeOut(name=name, role=role, up=up, viewers=viewers.seats.in_show(show_id))
            for name, role, up, viewers in registries
        ]

    def status(self) -> list[dict[str, object]]:
        up = self.origin_up()
        reason = "" if up else "no session on its Janus (it is restarting)"
        origin = {"name": self.origin_name, "role": "origin", "up": up, "reason": reason}
        nodes: list[dict[str, object]] = [origin | {"viewers": len(self.origin.viewers.viewers)}]
        for edge in self.ordered():
            nodes.append(
                {
                    "name": edge.name,
                    "role": "edge",
                    "upstream": edge.spec.upstream,
                    "up": edge.up,
                    "reason": edge.reason,
                    "viewers": len(edge.viewers.viewers),
                    "shows": sorted(edge.forwards),
                }
            )
        return nodes
