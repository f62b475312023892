"""The hub with its in-process broker; viewers' transports are stand-ins for sockets."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

from crosslive.events.brokers import MemoryBroker, RedisBroker
from crosslive.events.frames import RawWriter, text_frame
from crosslive.events.hub import Hub, Subscriber

REDIS_URL = "redis://127.0.0.1:6379/0"


class Transport:
    """What the hub touches of a socket: write, buffer size, abort."""

    def __init__(self, backlog: int = 0) -> None:
        self.frames: list[bytes] = []
        self.backlog = backlog
        self.aborted = False

    def write(self, data: bytes) -> None:
        self.frames.append(data)

    def get_write_buffer_size(self) -> int:
        return self.backlog

    def is_closing(self) -> bool:
        return self.aborted

    def abort(self) -> None:
        self.aborted = True


class Protocol:
    def __init__(self, transport: Transport) -> None:
        self.transport = transport
        self.close_sent = False
        self.disconnected = False


def _viewer(transport: Transport) -> Subscriber:
    return Subscriber(websocket=None, writer=RawWriter(Protocol(transport), max_buffer=1000))  # type: ignore[arg-type]


def _event(event_id: int, body: str) -> dict[str, Any]:
    return {"id": event_id, "kind": "message", "data": {"body": body}}


def _frame(event: dict[str, Any]) -> bytes:
    return text_frame(json.dumps(event, separators=(",", ":")).encode())


async def test_one_frame_reaches_every_viewer_and_a_slow_one_is_cut() -> None:
    hub = Hub(MemoryBroker(), heartbeat_seconds=60, idle_seconds=60)
    fast, slow = Transport(), Transport(backlog=5000)
    async with hub.running():
        a, b = _viewer(fast), _viewer(slow)
        for sub in (a, b):
            await hub.join(7, sub)
            hub.go_live(sub, 0)
        await hub.publish(7, _event(1, "hi"))
        await hub.publish(7, _event(2, "again"))
        assert fast.frames == [_frame(_event(1, "hi")), _frame(_event(2, "again"))]
        assert slow.frames == [] and slow.aborted
        assert hub.viewers(7) == 1 and hub.cut_count == 1


async def test_events_during_backlog_are_held_and_deduplicated() -> None:
    hub = Hub(MemoryBroker(), heartbeat_seconds=60, idle_seconds=60)
    transport = Transport()
    async with hub.running():
        sub = _viewer(transport)
        await hub.join(3, sub)
        await hub.publish(3, _event(10, "already in backlog"))
        await hub.publish(3, _event(11, "new"))
        assert transport.frames == []
        hub.go_live(sub, after_id=10)
    assert transport.frames == [_frame(_event(11, "new"))]
    assert hub.delivered == 1  # the held event counts once it is written, the backlog's never


async def test_tick_sends_heartbeats_and_reaps_idle_viewers() -> None:
    hub = Hub(MemoryBroker(), heartbeat_seconds=60, idle_seconds=30)
    active, idle = Transport(), Transport()
    async with hub.running():
        a, b = _viewer(active), _viewer(idle)
        for sub in (a, b):
            await hub.join(5, sub)
            hub.go_live(sub, 0)
        a.last_seen, b.last_seen = 100.0, 50.0
        hub.tick(now=110.0)
        assert active.frames == [_frame({"id": None, "kind": "heartbeat", "data": {}})]
        assert idle.frames == [] and idle.aborted
        assert hub.viewers(5) == 1


async def test_stopping_the_hub_disconnects_everyone() -> None:
    hub = Hub(MemoryBroker(), heartbeat_seconds=60, idle_seconds=60)
    transport = Transport()
    async with hub.running():
        sub = _viewer(transport)
        await hub.join(1, sub)
    assert transport.aborted and hub.viewers(1) == 0


async def test_hubs_in_two_processes_share_a_show_through_redis() -> None:
    prefix = f"test-{uuid.uuid4().hex}:"
    first = Hub(RedisBroker(REDIS_URL, prefix=prefix), heartbeat_seconds=60, idle_seconds=60)
    second = Hub(RedisBroker(REDIS_URL, prefix=prefix), heartbeat_seconds=60, idle_seconds=60)
    here, there = Transport(), Transport()
    async with first.running(), second.running():
        a, b = _viewer(here), _viewer(there)
        await first.join(4, a)
        await second.join(4, b)
        first.go_live(a, 0)
        second.go_live(b, 0)
        await asyncio.sleep(0.1)  # Redis confirms subscriptions asynchronously
        await first.publish(4, _event(1, "from process one"))
        for _ in range(100):
            if here.frames and there.frames:
                break
            await asyncio.sleep(0.02)
    assert here.frames == there.frames == [_frame(_event(1, "from process one"))]


async def test_the_hub_leaves_no_task_behind() -> None:
    before = asyncio.all_tasks()
    for broker in (MemoryBroker(), RedisBroker(REDIS_URL, prefix=f"test-{uuid.uuid4().hex}:")):
        hub = Hub(broker, heartbeat_seconds=0.01, idle_seconds=60)
        async with hub.running():
            await asyncio.sleep(0.05)
            assert len(asyncio.all_tasks()) > len(before)
        assert asyncio.all_tasks() == before


async def test_the_audience_adds_up_viewers_of_every_process_sharing_redis() -> None:
    prefix = f"test-{uuid.uuid4().hex}:"
    first = Hub(RedisBroker(REDIS_URL, prefix=prefix), heartbeat_seconds=60, idle_seconds=60)
    second = Hub(RedisBroker(REDIS_URL, prefix=prefix), heartbeat_seconds=60, idle_seconds=60)
    async with first.running(), second.running():
        viewers = [_viewer(Transport()) for _ in range(3)]
        await first.join(7, viewers[0])
        await first.join(7, viewers[1])
        await second.join(7, viewers[2])
        await first.report_audience()
        await second.report_audience()
        assert (await first.audience(7), await second.audience(7)) == (3, 3)
        assert first.viewers(7) == 2  # this process's own
        # Leaving is reported as zero, not left to go stale.
        await first.leave(7, viewers[0])
        await first.leave(7, viewers[1])
        await first.report_audience()
        assert await second.audience(7) == 1
