"""The server side of a call that comes back after a Janus restart, on a real Janus: the
heartbeat's `joined` says each side publishes and watches the other; after the kill (a new
gateway generation) it says neither, and a fresh publish from each side recreates the room
and both watch each other again. A side whose peer published anew is told to watch again,
and watching again lets go of its earlier watcher."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
from concurrent.futures import ThreadPoolExecutor

import pytest
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription, VideoStreamTrack
from sqlalchemy.orm import Session, sessionmaker

from crosslive.errors import Conflict
from crosslive.media.calls import CALL_ROOM_BASE, CallRooms
from crosslive.media.gateway import MediaGateway
from crosslive.settings import Settings

CALL = 7


class Side:
    """One side's camera: an aiortc publisher of a synthetic picture over loopback."""

    def __init__(self, calls: CallRooms, side: str) -> None:
        self.calls, self.side = calls, side
        self.pcs: list[RTCPeerConnection] = []

    async def publish(self) -> None:
        pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        self.pcs.append(pc)
        pc.addTrack(VideoStreamTrack())
        await pc.setLocalDescription(await pc.createOffer())
        answer = await self.calls.publish(CALL, self.side, pc.localDescription.sdp)
        await pc.setRemoteDescription(RTCSessionDescription(answer, "answer"))
        # Janus lets others watch a publisher once its media flows.
        for _ in range(200):
            if pc.connectionState == "connected":
                break
            await asyncio.sleep(0.05)
        assert pc.connectionState == "connected"

    async def close(self) -> None:
        for pc in self.pcs:
            await pc.close()


async def _watch(calls: CallRooms, side: str) -> None:
    # The other side's publisher may take a moment to be watchable after it connected.
    for _ in range(100):
        try:
            _, offer = await calls.watch(CALL, side)
        except Conflict:
            await asyncio.sleep(0.1)
            continue
        assert "m=video" in offer
        return
    raise AssertionError(f"the {side} could not watch the other side")


async def _room_exists(gateway: MediaGateway) -> bool:
    """Whether Janus has the call's room (private: `list` does not show it)."""
    body = {"request": "exists", "room": CALL_ROOM_BASE + CALL}
    data = await gateway.janus().request(gateway.admin_handle, body)
    return bool(data["exists"])


def _joined(calls: CallRooms) -> list[tuple[bool, bool]]:
    return [calls.joined(CALL, side) for side in ("host", "viewer")]


async def _scenario(settings: Settings, factory: sessionmaker[Session]) -> None:
    gateway = MediaGateway(settings.model_copy(update={"media_enabled": True}), factory)
    await gateway.start()
    calls = CallRooms(gateway)
    host, viewer = Side(calls, "host"), Side(calls, "viewer")
    try:
        assert _joined(calls) == [(False, False)] * 2
        await host.publish()
        await viewer.publish()
        assert _joined(calls) == [(True, False)] * 2
        await _watch(calls, "host")
        await _watch(calls, "viewer")
        assert _joined(calls) == [(True, True)] * 2
        assert await _room_exists(gateway)

        # The viewer publishes anew (a page that joined again): the host's watcher plays a
        # feed that is gone, so the host is told to watch again; the viewer still watches.
        await viewer.publish()
        assert _joined(calls) == [(True, False), (True, True)]
        await _watch(calls, "host")
        assert _joined(calls) == [(True, True)] * 2
        # Watching again let go of the host's first watcher: one watcher a side.
        watchers = calls.rooms[CALL].watchers.values()
        assert sorted(side for side, _ in watchers) == ["host", "viewer"]

        first_pid = gateway.supervisor.pid
        assert first_pid is not None
        os.kill(first_pid, signal.SIGKILL)
        for _ in range(200):
            if gateway.generation == 2:
                break
            await asyncio.sleep(0.05)
        assert gateway.generation == 2
        # The new Janus has no call room: each page's next heartbeat says to join again...
        assert _joined(calls) == [(False, False)] * 2
        assert calls.rooms == {}
        assert not await _room_exists(gateway)
        # ...and until the other side is back, its watch is refused (the page asks again).
        await host.publish()
        assert _joined(calls) == [(True, False), (False, False)]
        with pytest.raises(Conflict):
            await calls.watch(CALL, "host")
        await viewer.publish()
        await _watch(calls, "host")
        await _watch(calls, "viewer")
        assert _joined(calls) == [(True, True)] * 2
        assert await _room_exists(gateway)
        await calls.close(CALL)
        assert _joined(calls) == [(False, False)] * 2
        assert not await _room_exists(gateway)
    finally:
        await host.close()
        await viewer.close()
        await gateway.stop()


@pytest.mark.skipif(shutil.which("janus") is None, reason="Janus is not installed")
def test_after_a_janus_restart_the_heartbeat_says_join_again_and_the_call_comes_back(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    # On its own thread: a browser test's Playwright may already run a loop on this one.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, _scenario(settings, session_factory)).result()
