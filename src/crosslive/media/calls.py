"""Private two-person rooms on the origin's Janus, for one-to-one video calls
(crosslive.consultations): each call gets a VideoRoom of its own that is not listed, needs a
random pin to join, records nothing and takes two publishers. Each side publishes with its
offer (as over WHIP) and watches the other with Janus's offer (the viewers' server-offer
flow). Ending the call detaches both sides and destroys the room. Rooms are numbered from
CALL_ROOM_BASE so they never meet a show's room (numbered by the show's id). A Janus
restart forgets them (a new gateway generation empties the list): each page learns from its
heartbeat (`joined`) that its publisher is gone, gets a fresh pass and joins again.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from crosslive.errors import Conflict, InvalidInput, NotFound
from crosslive.media.errors import MediaUnavailable
from crosslive.media.janus_client import JanusError

if TYPE_CHECKING:
    from crosslive.media.gateway import MediaGateway

log = logging.getLogger(__name__)
CALL_ROOM_BASE = 1 << 40
ROOM_EXISTS = 427
SIDES = ("host", "viewer")


@dataclass
class CallRoom:
    room: int
    pin: str
    secret: str
    # Side -> (handle, feed) of its publisher; resource id -> (side, handle) of a watcher.
    publishers: dict[str, tuple[int, int]] = field(default_factory=dict)
    watchers: dict[str, tuple[str, int]] = field(default_factory=dict)
    # Side -> the feed its newest watcher plays (stale once the other side publishes again).
    watching: dict[str, int] = field(default_factory=dict)


def other(side: str) -> str:
    return SIDES[1 - SIDES.index(side)]


class CallRooms:
    def __init__(self, gateway: MediaGateway) -> None:
        self.gateway = gateway
        self.rooms: dict[int, CallRoom] = {}
        self.generation = gateway.generation
        # Both sides of a call join at about the same time: one of them creates the room.
        self._creating = asyncio.Lock()
        # Pins and secrets derive from a key of this process, so a room that outlived a lost
        # Janus session (not a restart) is joined again with the same pin.
        self._key = secrets.token_bytes(32)

    def _derive(self, what: str, call_id: int) -> str:
        return hmac.new(self._key, f"{what}:{call_id}".encode(), hashlib.sha256).hexdigest()[:32]

    def _fresh(self) -> None:
        """A fresh Janus (or Janus session) has none of the rooms and handles."""
        if self.generation != self.gateway.generation:
            self.rooms.clear()
            self.generation = self.gateway.generation

    async def _room(self, call_id: int) -> CallRoom:
        async with self._creating:
            self._fresh()
            found = self.rooms.get(call_id)
            return found if found is not None else await self._create(call_id)

    async def _create(self, call_id: int) -> CallRoom:
        pin, secret = self._derive("pin", call_id), self._derive("secret", call_id)
        room = CallRoom(CALL_ROOM_BASE + call_id, pin, secret)
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
            await self.gateway.janus().request(self.gateway.admin_handle, body)
        except JanusError as exc:
            if exc.code != ROOM_EXISTS:
                raise MediaUnavailable(f"could not open the call's room ({exc.reason})") from exc
        self.rooms[call_id] = room
        return room

    def publishing(self, call_id: int) -> list[str]:
        self._fresh()
        room = self.rooms.get(call_id)
        return sorted(room.publishers) if room else []

    def joined(self, call_id: int, side: str) -> tuple[bool, bool]:
        """Whether SIDE publishes into the call's room on this Janus, and whether SIDE watches
        the other side's current publisher. Both are False after a Janus (or app) restart:
        the page joins again; a page that publishes but no longer watches watches again."""
        self._fresh()
        room = self.rooms.get(call_id)
        if room is None:
            return False, False
        peer = room.publishers.get(other(side))
        return side in room.publishers, peer is not None and room.watching.get(side) == peer[1]

    async def publish(self, call_id: int, side: str, offer_sdp: str) -> str:
        """SIDE's offer in, Janus's answer out; replaces SIDE's previous publisher."""
        if "m=" not in offer_sdp:
            raise InvalidInput("the request body must be an SDP offer")
        client = self.gateway.janus()
        room = await self._room(call_id)
        old = room.publishers.pop(side, None)
        if old is not None:
            await client.detach(old[0])
        handle = await client.attach()
        body = {
            "request": "joinandconfigure",
            "ptype": "publisher",
            "room": room.room,
            "pin": room.pin,
            "display": side,
        }
        jsep = {"type": "offer", "sdp": offer_sdp, "trickle": False}
        try:
            data, answer = await client.message(handle, body, jsep)
        except JanusError as exc:
            await client.detach(handle)
            raise InvalidInput(f"the media server refused the offer ({exc.reason})") from exc
        if answer is None or "id" not in data:
            await client.detach(handle)
            raise MediaUnavailable("the media server sent no answer")
        room.publishers[side] = (handle, int(data["id"]))
        log.info("call publisher joined", extra={"call": call_id, "side": side})
        return str(answer["sdp"])

    async def watch(self, call_id: int, side: str) -> tuple[str, str]:
        """SIDE subscribes to the other side: (resource id, Janus's offer). Conflict while
        the other side is not publishing yet (the page asks again)."""
        self._fresh()
        room = self.rooms.get(call_id)
        peer = room.publishers.get(other(side)) if room else None
        if room is None or peer is None:
            raise Conflict("the other side has not joined yet")
        client = self.gateway.janus()
        handle = await client.attach()
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
        room = self.rooms.get(call_id)
        watcher = room.watchers.get(resource) if room else None
        if watcher is None or watcher[0] != side:
            raise NotFound("no such call subscription")
        jsep = {"type": "answer", "sdp": answer_sdp}
        try:
            await self.gateway.janus().message(watcher[1], {"request": "start"}, jsep)
        except JanusError as exc:
            raise InvalidInput(f"the media server refused the answer ({exc.reason})") from exc

    async def close(self, call_id: int) -> None:
        """The call ended: both sides are cut off at once and the room is gone."""
        self._fresh()
        room = self.rooms.pop(call_id, None)
        client = self.gateway.client
        if room is None or client is None or client.lost.is_set():
            return
        handles = [h for h, _ in room.publishers.values()] + [h for _, h in room.watchers.values()]
        for handle in handles:
            await client.detach(handle)
        body = {"request": "destroy", "room": room.room, "secret": room.secret}
        try:
            await client.request(self.gateway.admin_handle, body)
        except JanusError:
            log.warning("could not destroy a call's room", extra={"call": call_id})
        log.info("call closed", extra={"call": call_id})
