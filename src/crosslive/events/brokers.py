"""Fan-out backends behind one small Protocol: in-process (default) or Redis pub/sub.

A broker only moves bytes between app processes; each process's Hub writes them to its own
viewers. The backend is chosen by URL: empty for in-process, `redis://...` when several app
processes serve the same show (the `redis` package is imported only then). Through the same
broker each process reports how many viewers it holds per channel, so a show's audience is
counted across processes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Callable, Mapping
from typing import Any, Protocol

logger = logging.getLogger(__name__)

OnMessage = Callable[[str, bytes], None]
# A process's count is believed this long after it was reported (reports come every few s).
AUDIENCE_FRESH_S = 20.0


class Broker(Protocol):
    async def start(self, on_message: OnMessage) -> None:
        """Begin delivering messages of subscribed channels to on_message."""

    async def stop(self) -> None:
        """Stop delivering and release connections and tasks."""

    async def subscribe(self, channel: str) -> None: ...

    async def unsubscribe(self, channel: str) -> None: ...

    async def publish(self, channel: str, data: bytes) -> None: ...

    async def report_audience(self, counts: Mapping[str, int]) -> None:
        """Record this process's viewer count per channel (0 for a channel it left)."""

    async def other_audience(self, channel: str) -> int:
        """Viewers of the channel held by other processes, as they last reported."""


class MemoryBroker:
    """One process: a publish reaches this process's subscribers and nothing else."""

    def __init__(self) -> None:
        self._channels: set[str] = set()
        self._on_message: OnMessage | None = None

    async def start(self, on_message: OnMessage) -> None:
        self._on_message = on_message

    async def stop(self) -> None:
        self._on_message = None
        self._channels.clear()

    async def subscribe(self, channel: str) -> None:
        self._channels.add(channel)

    async def unsubscribe(self, channel: str) -> None:
        self._channels.discard(channel)

    async def publish(self, channel: str, data: bytes) -> None:
        if self._on_message is not None and channel in self._channels:
            self._on_message(channel, data)

    async def report_audience(self, counts: Mapping[str, int]) -> None:
        return None  # one process: nobody else to tell

    async def other_audience(self, channel: str) -> int:
        return 0


class RedisBroker:
    """Redis pub/sub; one reader task per process, owned and cancelled by stop()."""

    def __init__(
        self, url: str, prefix: str = "crosslive:", clock: Callable[[], float] = time.time
    ) -> None:
        self._url = url
        self._prefix = prefix
        self._clock = clock
        self._instance = uuid.uuid4().hex
        self._client: Any = None
        self._pubsub: Any = None
        self._reader: asyncio.Task[None] | None = None
        self._on_message: OnMessage | None = None

    async def start(self, on_message: OnMessage) -> None:
        import redis.asyncio as redis_asyncio  # lazy: only deployments that scale out need it

        self._on_message = on_message
        self._client = redis_asyncio.from_url(self._url)
        self._pubsub = self._client.pubsub(ignore_subscribe_messages=True)
        # A control channel keeps the pub/sub connection open while no show is watched.
        await self._pubsub.subscribe(f"{self._prefix}__control")
        self._reader = asyncio.create_task(self._read(), name="redis-broker-reader")

    async def _read(self) -> None:
        cut = len(self._prefix)
        while True:
            try:
                message = await self._pubsub.get_message(timeout=1.0)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("redis broker read failed; retrying")
                await asyncio.sleep(0.5)
                continue
            if message is None or message.get("type") != "message":
                continue
            channel = message["channel"]
            name = channel.decode() if isinstance(channel, bytes) else str(channel)
            if self._on_message is not None:
                self._on_message(name[cut:], message["data"])

    async def stop(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
            self._reader = None
        if self._pubsub is not None:
            await self._pubsub.aclose()
            self._pubsub = None
        if self._client is not None:
            await self._client.aclose()
            self._client = None
        self._on_message = None

    async def subscribe(self, channel: str) -> None:
        await self._pubsub.subscribe(self._prefix + channel)

    async def unsubscribe(self, channel: str) -> None:
        await self._pubsub.unsubscribe(self._prefix + channel)

    async def publish(self, channel: str, data: bytes) -> None:
        await self._client.publish(self._prefix + channel, data)

    def _audience_key(self, channel: str) -> str:
        return f"{self._prefix}audience:{channel}"

    async def report_audience(self, counts: Mapping[str, int]) -> None:
        """One hash per channel: field = process, value = "count:unix time"."""
        now = self._clock()
        async with self._client.pipeline(transaction=False) as pipe:
            for channel, count in counts.items():
                key = self._audience_key(channel)
                pipe.hset(key, self._instance, f"{count}:{now:.0f}")
                pipe.expire(key, int(AUDIENCE_FRESH_S * 3))
            await pipe.execute()

    async def other_audience(self, channel: str) -> int:
        entries = await self._client.hgetall(self._audience_key(channel))
        oldest = self._clock() - AUDIENCE_FRESH_S
        total = 0
        for field, value in entries.items():
            count, _, at = _text(value).partition(":")
            if _text(field) != self._instance and float(at or 0) >= oldest:
                total += int(count)
        return total


def _database(url: str) -> int:
    """The Redis database number URL selects. Pub/sub channels are not kept apart by
    database (a publish on db 2 reaches subscribers on db 1), so the number goes into the
    channel names: two stores sharing one Redis on two databases never see each other's shows.
    """
    from redis.connection import parse_url  # lazy, as in RedisBroker.start

    return int(parse_url(url).get("db") or 0)


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def make_broker(url: str, prefix: str = "crosslive:") -> Broker:
    if not url or url == "memory://":
        return MemoryBroker()
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisBroker(url, prefix=f"{prefix}{_database(url)}:")
    raise ValueError(f"unsupported broker URL {url!r}: use redis://host:port/db or leave empty")
