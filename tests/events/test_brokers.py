"""One contract suite for every fan-out backend (in-process and Redis)."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Callable

import pytest

from crosslive.events.brokers import Broker, MemoryBroker, RedisBroker, make_broker

REDIS_URL = "redis://127.0.0.1:6379/0"
Received = asyncio.Queue[tuple[str, bytes]]


def _memory(prefix: str) -> Broker:
    return MemoryBroker()


def _redis(prefix: str) -> Broker:
    return RedisBroker(REDIS_URL, prefix=prefix)


@pytest.fixture(params=[_memory, _redis], ids=["memory", "redis"])
def make(request: pytest.FixtureRequest) -> Callable[[str], Broker]:
    factory: Callable[[str], Broker] = request.param
    return factory


@pytest.fixture
async def started(make: Callable[[str], Broker]) -> AsyncIterator[tuple[Broker, Received]]:
    received: Received = asyncio.Queue()
    broker = make(f"test-{uuid.uuid4().hex}:")
    await broker.start(lambda channel, data: received.put_nowait((channel, data)))
    yield broker, received
    await broker.stop()


async def _next(received: Received) -> tuple[str, bytes]:
    return await asyncio.wait_for(received.get(), timeout=5)


async def _settle(broker: Broker) -> None:
    # Redis confirms a subscription asynchronously; a round trip through it settles it.
    await broker.publish("settle", b"")
    await asyncio.sleep(0.05)


async def test_a_subscribed_channel_receives_in_order(started: tuple[Broker, Received]) -> None:
    broker, received = started
    await broker.subscribe("show.1")
    await _settle(broker)
    for index in range(5):
        await broker.publish("show.1", f"m{index}".encode())
    got = [await _next(received) for _ in range(5)]
    assert got == [("show.1", f"m{i}".encode()) for i in range(5)]


async def test_other_channels_are_not_delivered(started: tuple[Broker, Received]) -> None:
    broker, received = started
    await broker.subscribe("show.1")
    await _settle(broker)
    await broker.publish("show.2", b"not for you")
    await broker.publish("show.1", b"for you")
    assert await _next(received) == ("show.1", b"for you")
    assert received.empty()


async def test_unsubscribed_channel_stops_delivery(started: tuple[Broker, Received]) -> None:
    broker, received = started
    await broker.subscribe("show.1")
    await broker.subscribe("show.3")
    await _settle(broker)
    await broker.unsubscribe("show.1")
    await _settle(broker)
    await broker.publish("show.1", b"gone")
    await broker.publish("show.3", b"still here")
    assert await _next(received) == ("show.3", b"still here")
    assert received.empty()


async def test_redis_reaches_another_process_sharing_the_prefix() -> None:
    prefix = f"test-{uuid.uuid4().hex}:"
    first: Received = asyncio.Queue()
    second: Received = asyncio.Queue()
    a, b = RedisBroker(REDIS_URL, prefix=prefix), RedisBroker(REDIS_URL, prefix=prefix)
    await a.start(lambda c, d: first.put_nowait((c, d)))
    await b.start(lambda c, d: second.put_nowait((c, d)))
    try:
        await a.subscribe("show.9")
        await b.subscribe("show.9")
        await _settle(a)
        await a.publish("show.9", b"hello")
        assert await _next(first) == ("show.9", b"hello")
        assert await _next(second) == ("show.9", b"hello")
    finally:
        await a.stop()
        await b.stop()


def test_backend_is_chosen_by_url() -> None:
    assert isinstance(make_broker(""), MemoryBroker)
    assert isinstance(make_broker("redis://127.0.0.1:6379/0"), RedisBroker)
    with pytest.raises(ValueError, match="unsupported broker URL"):
        make_broker("amqp://127.0.0.1")


async def test_stores_on_two_redis_databases_never_see_each_others_shows() -> None:
    """Redis delivers a publish to subscribers of every database; make_broker keeps them
    apart (show 1 of one store is not show 1 of the other)."""
    got: dict[str, Received] = {"db1": asyncio.Queue(), "db2": asyncio.Queue()}
    one, two = make_broker("redis://127.0.0.1:6379/1"), make_broker("redis://127.0.0.1:6379/2")
    await one.start(lambda c, d: got["db1"].put_nowait((c, d)))
    await two.start(lambda c, d: got["db2"].put_nowait((c, d)))
    channel = f"show.{uuid.uuid4().hex}"
    try:
        await one.subscribe(channel)
        await two.subscribe(channel)
        await _settle(one)
        await _settle(two)
        await one.publish(channel, b"store one")
        await two.publish(channel, b"store two")
        assert await _next(got["db1"]) == (channel, b"store one")
        assert await _next(got["db2"]) == (channel, b"store two")
        await _settle(one)
        assert got["db1"].empty() and got["db2"].empty()
    finally:
        await one.stop()
        await two.stop()


async def test_audience_reports_count_other_processes_only_while_fresh() -> None:
    prefix = f"test-{uuid.uuid4().hex}:"
    noop: Callable[[str, bytes], None] = lambda c, d: None  # noqa: E731
    a, b = RedisBroker(REDIS_URL, prefix=prefix), RedisBroker(REDIS_URL, prefix=prefix)
    late = RedisBroker(REDIS_URL, prefix=prefix, clock=lambda: time.time() - 60)
    for broker in (a, b, late):
        await broker.start(noop)
    try:
        await a.report_audience({"show.1": 3, "show.2": 1})
        await late.report_audience({"show.1": 50})  # a process that stopped reporting
        assert await b.other_audience("show.1") == 3
        assert await b.other_audience("show.2") == 1
        assert await a.other_audience("show.1") == 0  # its own viewers it counts itself
        await b.report_audience({"show.1": 2})
        assert await a.other_audience("show.1") == 2
        await a.report_audience({"show.1": 0})
        assert await b.other_audience("show.1") == 0
    finally:
        for broker in (a, b, late):
            await broker.stop()


async def test_one_process_has_no_other_audience() -> None:
    broker = MemoryBroker()
    await broker.start(lambda c, d: None)
    await broker.report_audience({"show.1": 4})
    assert await broker.other_audience("show.1") == 0
