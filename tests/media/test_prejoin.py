"""Waiting subscriptions: handed out only for the line-up and layer they were joined on,
refilled after a take, thrown away (and detached) when the line-up changes or they age, and
forgotten when Janus restarts. A stand-in Janus client records what is asked of it."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

from crosslive.media import prejoin
from crosslive.media.janus_client import JanusError
from crosslive.media.prejoin import PrejoinPool
from tests.media.conftest import run_async


class FakeJanus:
    def __init__(self, fail_joins: bool = False) -> None:
        self.next_handle = 100
        self.joins: list[dict[str, Any]] = []
        self.detached: list[int] = []
        self.fail_joins = fail_joins
        self.gate: asyncio.Event | None = None

    async def attach(self) -> int:
        self.next_handle += 1
        return self.next_handle

    async def detach(self, handle_id: int) -> None:
        self.detached.append(handle_id)

    async def message(
        self, handle_id: int, body: dict[str, Any]
    ) -> tuple[dict[str, Any], dict[str, Any] | None]:
        if self.gate is not None:
            await self.gate.wait()
        if self.fail_joins:
            raise JanusError("No such feed", 428)
        self.joins.append({"handle": handle_id, **body})
        first = body["streams"][0]["feed"]
        streams = [{"type": "audio", "mid": "0"}, {"type": "video", "mid": "1", "feed_id": first}]
        return {"streams": streams}, {"type": "offer", "sdp": f"v=0 handle {handle_id}"}


class Rooms:
    """The gateway as the viewer registry sees it: each show has one publisher, feed 55, and no
    one on stage; its Janus is JANUS."""

    def __init__(self, janus: FakeJanus) -> None:
        self.client = janus

    def janus(self) -> FakeJanus:
        return self.client

    def show_publishers(self, show_id: int) -> list[Any]:
        return [SimpleNamespace(feed_id=55)]

    def stage_of(self, show_id: int) -> int:
        return 0


async def settle(pool: PrejoinPool, show_id: int) -> None:
    task = pool._filling.get(show_id)
    if task is not None:
        await task


def test_a_take_hands_out_a_joined_offer_for_that_line_up_and_layer_and_refills(
    monkeypatch: Any,
) -> None:
    monkeypatch.setattr(prejoin, "REFILL_DELAY_S", 0.0)

    async def scenario() -> None:
        janus = FakeJanus()
        pool = PrejoinPool(lambda: janus, depth=2, layer=1)  # type: ignore[arg-type,return-value]
        pool.fill(7, (55,))
        await settle(pool, 7)
        assert pool.waiting(7) == 2
        assert [j["streams"] for j in janus.joins] == [[{"feed": 55, "substream": 1}]] * 2
        assert all(j["ptype"] == "subscriber" and j["room"] == 7 for j in janus.joins)

        taken = pool.take(7, (55,), 1)
        assert taken is not None
        assert taken.offer_sdp == f"v=0 handle {taken.handle_id}"
        assert taken.main_mid == "1"
        await settle(pool, 7)
        assert pool.waiting(7) == 2  # refilled
        assert taken.handle_id not in [j.handle_id for j in pool._ready[7]]

        # Another layer, another line-up or another show: nothing waiting fits.
        assert pool.take(7, (55,), 0) is None
        assert pool.take(7, (55, 56), 1) is None
        assert pool.take(8, (55,), 1) is None

    run_async(scenario)


def test_a_changed_line_up_or_old_age_throws_waiting_ones_away_and_detaches_them(
    monkeypatch: Any,
) -> None:
    async def scenario() -> None:
        janus = FakeJanus()
        pool = PrejoinPool(lambda: janus, depth=2, layer=1)  # type: ignore[arg-type,return-value]
        pool.fill(7, (55,))
        await settle(pool, 7)
        waiting = [j.handle_id for j in pool._ready[7]]
        await pool.flush(7)
        assert pool.waiting(7) == 0
        assert sorted(janus.detached) == sorted(waiting)

        pool.fill(7, (55, 56))
        await settle(pool, 7)
        assert pool.waiting(7) == 2
        made = max(j.made for j in pool._ready[7])
        await pool.expire(made + prejoin.MAX_AGE_S + 1)
        assert len(janus.detached) == 4
        await settle(pool, 7)
        assert pool.waiting(7) == 2  # renewed

    run_async(scenario)


def test_a_join_finished_after_a_flush_is_detached_not_handed_out() -> None:
    async def scenario() -> None:
        janus = FakeJanus()
        janus.gate = asyncio.Event()
        pool = PrejoinPool(lambda: janus, depth=1, layer=1)  # type: ignore[arg-type,return-value]
        pool.fill(7, (55,))
        await asyncio.sleep(0.01)  # the join is waiting for Janus's offer
        filling = pool._filling[7]
        await pool.flush(7)
        janus.gate.set()
        await filling
        assert pool.waiting(7) == 0
        assert janus.detached == [janus.next_handle]

    run_async(scenario)


def test_janus_errors_leave_nothing_waiting_and_a_restart_forgets_everything() -> None:
    async def scenario() -> None:
        janus = FakeJanus(fail_joins=True)
        pool = PrejoinPool(lambda: janus, depth=2, layer=1)  # type: ignore[arg-type,return-value]
        pool.fill(7, (55,))
        await settle(pool, 7)
        assert pool.waiting(7) == 0
        assert janus.detached == [janus.next_handle]  # the failed join's handle

        janus.fail_joins = False
        pool.fill(7, (55,))
        await settle(pool, 7)
        assert pool.waiting(7) == 2
        pool.reset()
        assert pool.waiting(7) == 0
        assert len(janus.detached) == 1  # a restarted Janus has no handles to detach

    run_async(scenario)


def test_depth_zero_joins_nothing() -> None:
    async def scenario() -> None:
        janus = FakeJanus()
        pool = PrejoinPool(lambda: janus, depth=0, layer=1)  # type: ignore[arg-type,return-value]
        pool.fill(7, (55,))
        assert pool.take(7, (55,), 1) is None
        await asyncio.sleep(0.01)
        assert janus.joins == []

    run_async(scenario)
