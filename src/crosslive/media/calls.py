"""Private two-person rooms for one-to-one video calls (crosslive.consultations): each call
gets a VideoRoom of its own that is not listed, needs a random pin to join, records nothing
and takes two publishers. Each side publishes with its offer (as over WHIP) and watches the
other with Janus's offer (the viewers' server-offer flow). Ending the call detaches both
sides and destroys the room. Rooms are numbered from CALL_ROOM_BASE so they never meet a
show's room (numbered by the show's id).

Where: on the media node of the VIEWER's region (regions.py: `?region=`, else their market's,
else their country's; kept with the request), or, while that node is down, on the nearest up
node above it, up to the origin. The viewer is the one far from the store: the host, next to
the origin, pays one hop more. The node is chosen when the first side joins and kept for the
call, so both sides meet there. A room whose node went down, or whose Janus restarted (a new
generation of the node), is let go: each page learns from its heartbeat (`joined`) that its
publisher is gone, gets a fresh pass and joins again; the first side back opens the room on
the node now chosen.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from crosslive.errors import Conflict, InvalidInput, NotFound
from crosslive.media.errors import MediaUnavailable
from crosslive.media.janus_client import JanusClient, JanusError
from crosslive.media.videoroom import join_publisher

if TYPE_CHECKING:
    from crosslive.media.gateway import MediaGateway
    from crosslive.media.regions import Regions

log = logging.getLogger(__name__)
CALL_ROOM_BASE = 1 << 40
ROOM_EXISTS = 427
SIDES = ("host", "viewer")
ORIGIN = "origin"  # the node's name with one media node (no regions)


class CallNode(Protocol):
    """A Janus a call can be held on: the origin's gateway or an edge (edges.EdgeNode)."""

    client: JanusClient | None
    admin_handle: int
    generation: int

    def janus(self) -> JanusClient: ...


@dataclass
class CallRoom:
    room: int
    pin: str
    secret: str
    # The node it is on and that node's Janus generation when it was made there.
    node: str = ORIGIN
    generation: int = 0
    # Side -> (handle, feed) of its publisher; resource id -> (side, handle) of a watcher.
    publishers: dict[str, tuple[int, int]] = field(default_factory=dict)
    watchers: dict[str, tuple[str, int]] = field(default_factory=dict)
    # Side -> the feed its newest watcher plays (stale once the other side publishes again).
    watching: dict[str, int] = field(default_factory=dict)


def other(side: str) -> str:
    return SIDES[1 - SIDES.index(side)]


async def _attach(client: JanusClient) -> int:
    try:
        return await client.attach()
    except JanusError as exc:  # the node died since it was last checked: the page tries again
        raise MediaUnavailable(f"the call's media server does not answer ({exc.reason})") from exc


class CallRooms:
    def __init__(self, gateway: MediaGateway, regions: Regions | None = None) -> None:
        self.gateway = gateway
        self.regions = regions
        self.origin_name = regions.origin_name if regions is not None else ORIGIN
        self.rooms: dict[int, CallRoom] = {}
        # Rooms a call left on a node that went down without restarting: destroyed with it.
        self.left: dict[int, list[CallRoom]] = {}
        # Both sides of a call join at about the same time: one of them creates the room.
        self._creating = asyncio.Lock()
        # Pins and secrets derive from a key of this process, so a room that outlived a lost
        # Janus session (not a restart) is joined again with the same pin.
        self._key = secrets.token_bytes(32)

    def _derive(self, what: str, call_id: int) -> str:
        return hmac.new(self._key, f"{what}:{call_id}".encode(), hashlib.sha256).hexdigest()[:32]

    # --- where the call's room is -------------------------------------------------------------

    def node(self, name: str) -> CallNode:
        if self.regions is not None and name in self.regions.edges:
            return self.regions.edges[name]
        return self.gateway

    def _usable(self, room: CallRoom) -> bool:
        """Whether ROOM is still there and its node can hold the call."""
        if self.node(room.node).generation != room.generation:
            return False  # a fresh Janus (or Janus session) has none of the rooms and handles
        return self.regions is None or self.regions.node_up(room.node)

    def _current(self, call_id: int) -> CallRoom | None:
        """The call's room while it can be used; one whose node went down is let go."""
        room = self.rooms.get(call_id)
        if room is None or self._usable(room):
            return room
        del self.rooms[call_id]
        if self.node(room.node).generation == room.generation:
            self.left.setdefault(call_id, []).append(room)
        log.warning("call room lost with its node", extra={"call": call_id, "node": room.node})
        return None

    def placed(self, call_id: int) -> str:
        """The node the call's room is on now; empty before either side joined."""
        room = self._current(call_id)
        return room.node if room is not None else ""

    def _candidates(self, home: str) -> list[str]:
        if self.regions is None:
            return [self.origin_name]
        return self.regions.call_nodes(home)

    async def _room(self, call_id: int, home: str) -> CallRoom:
        async with self._creating:
            found = self._current(call_id)
            return found if found is not None else await self._place(call_id, home)

    async def _place(self, call_id: int, home: str) -> CallRoom:
        """A room for the call on the first node that takes it, from the viewer's region's
        node up to the origin (a node marked up may still fail: then the next one)."""
        nodes = self._candidates(home)
        for name in nodes:
            try:
                return await self._create(call_id, name)
            except MediaUnavailable as exc:
                if name == nodes[-1]:
                    raise
                log.warning("call room not opened on %s (%s): next node up", name, exc)
        raise MediaUnavailable("no media node can hold the call")

    async def _create(self, call_id: int, name: str) -> CallRoom:
        node = self.node(name)
        pin, secret = self._derive("pin", call_id), self._derive("secret", call_id)
        room = CallRoom(CALL_ROOM_BASE + call_id, pin, secret, name, node.generation)
        body = {
            "request": "create",
            "room": room.room,
            "secret": room.secret,
            "pin": room.pin,
            "is_private": True,
            "record": False,
            "description": f"call {call_id}",
            "publishers": 2,
            "videocodec": "vp8",
            "audiocodec": "opus",
            "fir_freq": 10,
            "notify_joining": False,
        }
        try:
            await node.janus().request(node.admin_handle, body)
        except JanusError as exc:
            if exc.code != ROOM_EXISTS:
                raise MediaUnavailable(f"could not open the call's room ({exc.reason})") from exc
        self.rooms[call_id] = room
        if call_id in self.left:  # a room it left here before is this one again
            self.left[call_id] = [left for left in self.left[call_id] if left.node != name]
        log.info("call room opened", extra={"call": call_id, "node": name})
        return room

    # --- the two sides ------------------------------------------------------------------------

    def publishing(self, call_id: int) -> list[str]:
        room = self._current(call_id)
        return sorted(room.publishers) if room else []

    def joined(self, call_id: int, side: str) -> tuple[bool, bool]:
        """Whether SIDE publishes into the call's room, and whether SIDE watches the other
        side's current publisher. Both are False after a Janus (or app) restart, or once the
        room's node went down (the room is let go): the page joins again; a page that
        publishes but no longer watches watches again."""
        room = self._current(call_id)
        if room is None:
            return False, False
        peer = room.publishers.get(other(side))
        return side in room.publishers, peer is not None and room.watching.get(side) == peer[1]

    async def publish(self, call_id: int, side: str, offer_sdp: str, home: str = "") -> str:
        """SIDE's offer in, Janus's answer out; replaces SIDE's previous publisher. HOME is
        the viewer's region: the room is opened there when this is the call's first join."""
        if "m=" not in offer_sdp:
            raise InvalidInput("the request body must be an SDP offer")
        room = await self._room(call_id, home)
        client = self.node(room.node).janus()
        old = room.publishers.pop(side, None)
        if old is not None:
            await client.detach(old[0])
        handle = await _attach(client)
        body = {
            "request": "joinandconfigure",
            "ptype": "publisher",
            "room": room.room,
            "pin": room.pin,
            "display": side,
        }
        data, answer_sdp = await join_publisher(client, handle, body, offer_sdp)
        room.publishers[side] = (handle, int(data["id"]))
        log.info("call publisher joined", extra={"call": call_id, "side": side, "node": room.node})
        return answer_sdp

    async def watch(self, call_id: int, side: str) -> tuple[str, str]:
        """SIDE subscribes to the other side: (resource id, Janus's offer). Conflict while
        the other side is not publishing yet (the page asks again)."""
        room = self._current(call_id)
        peer = room.publishers.get(other(side)) if room else None
        if room is None or peer is None:
            raise Conflict("the other side has not joined yet")
        client = self.node(room.node).janus()
        handle = await _attach(client)
        body = {
            "request": "join",
            "ptype": "subscriber",
            "room": room.room,
            "pin": room.pin,
            "streams": [{"feed": peer[1]}],
        }
        try:
            _, offer = await client.message(handle, body)
        except JanusError as exc:
            await client.detach(handle)
            raise Conflict(f"the other side is not ready ({exc.reason})") from exc
        if offer is None:
            await client.detach(handle)
            raise MediaUnavailable("the media server sent no offer")
        # The side's earlier watchers (a page that watches again) play nothing any more.
        for old in [r for r, (s, _) in room.watchers.items() if s == side]:
            await client.detach(room.watchers.pop(old)[1])
        resource = secrets.token_urlsafe(16)
        room.watchers[resource] = (side, handle)
        room.watching[side] = peer[1]
        return resource, str(offer["sdp"])

    async def answer(self, call_id: int, side: str, resource: str, answer_sdp: str) -> None:
        room = self._current(call_id)
        watcher = room.watchers.get(resource) if room else None
        if room is None or watcher is None or watcher[0] != side:
            raise NotFound("no such call subscription")
        jsep = {"type": "answer", "sdp": answer_sdp}
        try:
            await self.node(room.node).janus().message(watcher[1], {"request": "start"}, jsep)
        except JanusError as exc:
            raise InvalidInput(f"the media server refused the answer ({exc.reason})") from exc

    async def close(self, call_id: int) -> None:
        """The call ended: both sides are cut off at once and the room is gone (and any room
        it left behind on a node that went down, if that node answers again)."""
        room = self._current(call_id)
        self.rooms.pop(call_id, None)
        for left in self.left.pop(call_id, []):
            if self._usable(left):  # its node is back; a node still down is not waited for
                await self._destroy(call_id, left)
        if room is not None:
            await self._destroy(call_id, room)
            log.info("call closed", extra={"call": call_id, "node": room.node})

    async def _destroy(self, call_id: int, room: CallRoom) -> None:
        node = self.node(room.node)
        client = node.client
        if client is None or client.lost.is_set() or node.generation != room.generation:
            return
        handles = [h for h, _ in room.publishers.values()] + [h for _, h in room.watchers.values()]
        with contextlib.suppress(JanusError):
            for handle in handles:
                await client.detach(handle)
        body = {"request": "destroy", "room": room.room, "secret": room.secret}
        try:
            await client.request(node.admin_handle, body)
        except JanusError:
            log.warning("could not destroy a call's room", extra={"call": call_id})
