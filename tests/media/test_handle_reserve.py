"""Handles attached ahead for the rejoins after a Janus restart: as many as there were
viewers, attached once the new session is open, each taken by one join (which then attaches
nothing), forgotten on the next restart and detached when nobody took them in time."""

from __future__ import annotations

from typing import Any

from crosslive.media import handle_reserve
from crosslive.media.handle_reserve import HandleReserve
from crosslive.media.prejoin import join_subscriber
from tests.media.conftest import run_async
from tests.media.test_prejoin import FakeJanus


class CountingJanus(FakeJanus):
    def __init__(self) -> None:
        super().__init__()
        self.attached = 0

    async def attach(self) -> int:
        self.attached += 1
        return await super().attach()


def test_handles_for_the_viewers_that_watched_are_attached_and_each_join_takes_one() -> None:
    async def scenario() -> None:
        janus = CountingJanus()
        reserve = HandleReserve(lambda: janus)  # type: ignore[arg-type,return-value]
        reserve.reset(wanted=11)  # Janus went away with 11 viewers watching
        assert janus.attached == 0 and len(reserve) == 0  # no session yet: nothing attached
        reserve.fill()
        assert reserve._filling is not None
        await reserve._filling
        assert janus.attached == 11 and len(reserve) == 11
        joined = await join_subscriber(janus, 7, (55,), 1, reserve.take())  # type: ignore[arg-type]
        assert janus.attached == 11  # the join attached nothing of its own
        assert janus.joins[-1]["handle"] == joined.handle_id
        assert len(reserve) == 10
        reserve.fill()  # a second fill without a restart attaches nothing more
        assert janus.attached == 11

    run_async(scenario)


def test_a_restart_forgets_the_handles_and_old_ones_are_detached(monkeypatch: Any) -> None:
    async def scenario() -> None:
        janus = CountingJanus()
        reserve = HandleReserve(lambda: janus)  # type: ignore[arg-type,return-value]
        reserve.reset(wanted=3)
        reserve.fill()
        assert reserve._filling is not None
        await reserve._filling
        reserve.reset(wanted=0)  # a restart: the handles died with Janus, none detached
        assert len(reserve) == 0 and janus.detached == []
        assert reserve.take() is None
        monkeypatch.setattr(handle_reserve, "RESERVE_TTL_S", 0.0)
        reserve.reset(wanted=2)
        reserve.fill()
        assert reserve._filling is not None
        await reserve._filling
        await reserve.expire(now=10**9)  # nobody took them in time
        assert len(reserve) == 0 and len(janus.detached) == 2

    run_async(scenario)
