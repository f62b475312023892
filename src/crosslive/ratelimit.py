"""Request limits per key (viewer, address): one limiter per app, in its AppState.

A sliding window per key: at most `limit` counted requests in any `window_seconds`; a
refused request is not counted. A limiter also tells how long until a key may be counted
again (so a refusal can say "try again in 37 s"), and takes back a counted request that
turned out not to count (a login that succeeded, where only failures are limited). One
process counts in memory; when app processes share Redis (`CROSSLIVE_BROKER_URL`), they
count together there, and fall back to counting on their own while Redis is unreachable.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limit:
    """At most COUNT requests of SCOPE per key (a viewer, an address) in any WINDOW_SECONDS;
    MESSAGE tells whoever went past it what happened and when to try again."""

    scope: str
    count: int
    window_seconds: float
    message: str


class Limiter(Protocol):
    def hit(self, key: str, limit: int, window_seconds: float) -> bool:
        """Count one request for KEY; False (and not counted) when it would exceed LIMIT."""

    def retry_after(self, key: str, limit: int, window_seconds: float) -> float:
        """Seconds until a hit for KEY would be counted again (0.0: now); counts nothing."""

    def undo(self, key: str) -> None:
        """Take back KEY's most recent counted hit (a request that turned out not to count)."""


class RequestLimiter:
    def __init__(self, clock: Callable[[], float] = time.monotonic, max_keys: int = 100_000):
        self._clock = clock
        self._max_keys = max_keys
        self._lock = threading.Lock()
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()

    def hit(self, key: str, limit: int, window_seconds: float) -> bool:
        """Count one request for KEY; False (and not counted) when it would exceed LIMIT."""
        now = self._clock()
        with self._lock:
            hits = self._hits.pop(key, None) or deque()
            while hits and hits[0] <= now - window_seconds:
                hits.popleft()
            allowed = len(hits) < limit
            if allowed:
                hits.append(now)
            self._hits[key] = hits  # most recently used last
            while len(self._hits) > self._max_keys:
                self._hits.popitem(last=False)
            return allowed

    def retry_after(self, key: str, limit: int, window_seconds: float) -> float:
        """Seconds until a hit for KEY would be counted again (0.0: now); counts nothing."""
        now = self._clock()
        with self._lock:
            hits = [t for t in self._hits.get(key, ()) if t > now - window_seconds]
            if len(hits) < limit:
                return 0.0
            # The hit whose leaving the window brings the count under LIMIT.
            return hits[len(hits) - limit] + window_seconds - now

    def undo(self, key: str) -> None:
        """Take back KEY's most recent counted hit (a request that turned out not to count)."""
        with self._lock:
            hits = self._hits.get(key)
            if hits:
                hits.pop()


# The same window in Redis, atomically: drop hits older than the window, refuse at the limit,
# else count this one. Redis's own clock, so processes on several hosts agree.
SLIDING_WINDOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return 0
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], math.ceil(window * 1000))
return 1
"""

# Milliseconds until the window would count one more hit (0: now), counting nothing.
RETRY_AFTER = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < limit then
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
return math.max(1, math.ceil((tonumber(oldest[2]) + window - now) * 1000))
"""


class SharedRequestLimiter:
    """Counts in Redis for every app process; in memory while Redis cannot be reached."""

    def __init__(self, url: str, prefix: str = "crosslive:limit:") -> None:
        import redis  # only deployments that scale out need it

        self._errors: tuple[type[Exception], ...] = (redis.RedisError, OSError)
        self._redis = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self._script: Any = self._redis.register_script(SLIDING_WINDOW)
        self._retry_script: Any = self._redis.register_script(RETRY_AFTER)
        self._prefix = prefix
        self._local = RequestLimiter()
        self._warned = False

    def hit(self, key: str, limit: int, window_seconds: float) -> bool:
        member = uuid.uuid4().hex
        try:
            allowed = self._script(keys=[self._prefix + key], args=[window_seconds, limit, member])
        except self._errors as exc:
            self._unreachable(exc)
            return self._local.hit(key, limit, window_seconds)
        self._warned = False
        return bool(allowed)

    def retry_after(self, key: str, limit: int, window_seconds: float) -> float:
        try:
            millis = self._retry_script(keys=[self._prefix + key], args=[window_seconds, limit])
        except self._errors as exc:
            self._unreachable(exc)
            return self._local.retry_after(key, limit, window_seconds)
        return int(millis) / 1000

    def undo(self, key: str) -> None:
        try:
            self._redis.zpopmax(self._prefix + key)
        except self._errors as exc:
            self._unreachable(exc)
            self._local.undo(key)

    def _unreachable(self, exc: Exception) -> None:
        if not self._warned:
            log.warning("request limits count per process: redis unreachable (%s)", exc)
            self._warned = True


def make_limiter(broker_url: str) -> Limiter:
    if broker_url.startswith(("redis://", "rediss://", "unix://")):
        return SharedRequestLimiter(broker_url)
    return RequestLimiter()
