"""Kill Redis mid-show while viewers on two app processes chat: no request fails, every
accepted message reaches every viewer once and in order (caught up from the event log), and
fan-out through Redis resumes once it is back."""

from __future__ import annotations

import asyncio

import httpx
import pytest
import redis

from tests.faults.clients import Chatter, Viewer, caught_up, kept_events
from tests.faults.conftest import Apps, Store
from tests.faults.servers import RedisServer, wait_until

pytestmark = pytest.mark.faults


def _subscribers(server: RedisServer, show_id: int) -> int:
    """App processes subscribed to the show's channel in Redis."""
    try:
        with redis.Redis.from_url(server.url, socket_timeout=1) as client:
            # The broker names channels by the URL's database number (here /0).
            counts = client.pubsub_numsub(f"crosslive:0:show.{show_id}")
    except redis.RedisError:
        return 0
    return int(counts[0][1])


async def test_redis_killed_mid_show_with_two_app_processes(
    apps: Apps, store: Store, redis_server: RedisServer
) -> None:
    first, second = [
        await asyncio.to_thread(apps.start, broker_url=redis_server.url) for _ in range(2)
    ]
    slug, show_id = store.shop.show_slug, store.shop.show_id
    viewers = [Viewer(app.ws_url, slug) for app in (first, second, first, second)]
    for viewer in viewers:
        await viewer.start()
    await asyncio.to_thread(wait_until, lambda: _subscribers(redis_server, show_id) == 2, "subs")
    chatters = [Chatter(first.url, slug), Chatter(second.url, slug)]
    async with httpx.AsyncClient(timeout=5) as http:
        for n, chatter in enumerate(chatters):
            await chatter.join(http, f"Viewer {n}")

        async def round_of(label: str) -> None:
            for n in range(5):
                for chatter in chatters:
                    assert await chatter.say(http, f"{label} {n}") == 201

        await round_of("up")
        await caught_up(viewers, max(kept_events(store.factory, show_id)))
        await asyncio.to_thread(redis_server.kill)
        await round_of("down")  # limits count per process; publishing fails quietly
        # While Redis is away each process polls the log: the room keeps working.
        await caught_up(viewers, max(kept_events(store.factory, show_id)))
        await asyncio.to_thread(redis_server.start)
        # Both processes resubscribe on their own (the connection comes back, not a restart).
        await asyncio.to_thread(wait_until, lambda: _subscribers(redis_server, show_id) == 2, "")
        await round_of("back")
    log = kept_events(store.factory, show_id)
    try:
        await caught_up(viewers, max(log))
    finally:
        for viewer in viewers:
            await viewer.stop()

    accepted = {**chatters[0].accepted, **chatters[1].accepted}
    assert len(accepted) == 30
    assert {i: log[i] for i in accepted} == accepted
    for viewer in viewers:
        assert viewer.ids == sorted(log)  # every kept event, once, in order
        assert (viewer.connects, viewer.resyncs) == (1, 0)  # caught up without reconnecting
    assert [s for c in chatters for s in c.statuses] == [201] * 30
