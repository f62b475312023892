"""Fan-out backends behind one small Protocol: in-process (default) or Redis pub/sub.

A broker only moves bytes between app processes; each process's Hub writes them to its own
viewers. The backend is chosen by URL: empty for in-process, `redis://...` when several app
processes serve the same show (the `redis` package is imported only then). Through the same
broker each process reports how many viewers it holds per channel, so a show's audience is
counted across processes.

A broker that can lose its link to the other processes (Redis restarted, network cut) says
so through `on_link`: False when messages may be going missing, True once it is connected and
subscribed again. The hub then catches its viewers up from the event log (`events.hub`).
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
# Told False when the link to the other processes is lost, True when it is back.
OnLink = Callable[[bool], None]
# A process's count is believed this long after it was reported (reports come every few s).
AUDIENCE_FRESH_S = 20.0


class Broker(Protocol):
    async def start(self, on_message: OnMessage, on_link: OnLink | None = None) -> None:
        """Begin delivering messages of subscribed channels to on_message; report the link's
        losses and recoveries to on_link (a broker that cannot lose one never calls it)."""

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

    async def start(self, on_message: OnMessage, on_link: OnLink | None = None) -> None:
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
    """Redis pub/sub; one reader task per process, owned and cancelled by stop().

    While Redis is unreachable, publish and subscribe raise and the reader retries; redis-py
    reconnects on the reader's next read and resubscribes what it had. A subscribe that failed
    meanwhile is not among those, so the broker keeps the channels it was asked for and
    subscribes them again itself before it reports the link back up.
    """

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
        self._on_link: OnLink | None = None
        self._wanted: set[str] = set()
        self._down = False
        self._reconnected = False

    async def start(self, on_message: OnMessage, on_link: OnLink | None = None) -> None:
        import redis.asyncio as redis_asyncio  # lazy: only deployments that scale out need it

        self._on_message = on_message
        self._on_link = on_link
        self._client = redis_asyncio.from_url(self._url, socket_connect_timeout=2.0)
        self._pubsub = self._client.pubsub(ignore_subscribe_messages=True)
        # A control channel keeps the pub/sub connection open while no show is watched.
        await self._pubsub.subscribe(f"{self._prefix}__control")
        # Called on every later (re)connect, including one redis-py makes without an error.
        self._pubsub.connection.register_connect_callback(self._connected)
        self._reader = asyncio.create_task(self._read(), name="redis-broker-reader")

    async def _connected(self, connection: Any) -> None:
        self._reconnected = True

    def _link(self, up: bool) -> None:
        if self._on_link is not None:
            self._on_link(up)

    async def _read(self) -> None:
        cut = len(self._prefix)
        while True:
            try:
                message = await self._pubsub.get_message(timeout=1.0)
                if self._reconnected:
                    await self._resubscribe()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if not self._down:
                    logger.warning("redis broker link lost (%s); reconnecting", exc)
                    self._down = True
                    self._link(False)
                await asyncio.sleep(0.5)
                continue
            if message is None or message.get("type") != "message":
                continue
            channel = message["channel"]
            name = channel.decode() if isinstance(channel, bytes) else str(channel)
            if self._on_message is not None:
                self._on_message(name[cut:], message["data"])

    async def _resubscribe(self) -> None:
        """After a reconnect: subscribe what was asked for while Redis was away, then say
        that the link is back (what was published meanwhile never reached us)."""
        missing = self._wanted - {_text(c)[len(self._prefix) :] for c in self._pubsub.channels}
        if missing:
            await self._pubsub.subscribe(*(self._prefix + channel for channel in missing))
        self._reconnected = False
        self._down = False
        logger.warning("redis broker link back")
        self._link(True)

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
        self._wanted.add(channel)
        await self._pubsub.subscribe(self._prefix + channel)

    async def unsubscribe(self, channel: str) -> None:
        self._wanted.discard(channel)
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
