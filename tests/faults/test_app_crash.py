"""kill -9 an app process while viewers watch and chat: nothing accepted is lost, and the
viewers resume where they were, without a gap or a duplicate."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tests.faults.clients import Chatter, Viewer, caught_up, kept_events
from tests.faults.conftest import Apps, Store

pytestmark = pytest.mark.faults


async def test_kill_9_with_viewers_connected_loses_no_accepted_message(
    apps: Apps, store: Store
) -> None:
    app = await asyncio.to_thread(apps.start)
    viewers = [Viewer(app.ws_url, store.shop.show_slug) for _ in range(3)]
    for viewer in viewers:
        await viewer.start()
    chatter = Chatter(app.url, store.shop.show_slug)
    async with httpx.AsyncClient(timeout=5) as http:
        await chatter.join(http, "Kim")
        for n in range(10):
            await chatter.say(http, f"before {n}")
        # The crash: the process dies between two messages, with every viewer connected.
        sending = asyncio.create_task(_keep_saying(chatter, http, "around"))
        await asyncio.sleep(0.3)
        await asyncio.to_thread(app.kill)
        await asyncio.to_thread(app.start)  # same port, as a supervisor would restart it
        sending.cancel()
        for n in range(10):
            assert await chatter.say(http, f"after {n}") == 201
    log = kept_events(store.factory, store.shop.show_id)
    try:
        await caught_up(viewers, max(log))
    finally:
        for viewer in viewers:
            await viewer.stop()

    # Every message that got its 201 is in the log, with its text.
    assert {i: log[i] for i in chatter.accepted} == chatter.accepted
    assert sum(t.startswith("after") for t in chatter.accepted.values()) == 10
    for viewer in viewers:
        assert viewer.connects >= 2  # it was cut by the crash and came back
        assert viewer.ids == sorted(log)  # every kept event, once, in order
        assert viewer.resyncs == 0


async def _keep_saying(chatter: Chatter, http: httpx.AsyncClient, prefix: str) -> None:
    n = 0
    while True:
        await chatter.say(http, f"{prefix} {n}")
        n += 1
        await asyncio.sleep(0.01)
