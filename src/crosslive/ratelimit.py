"""In-process request limits per key (viewer, address): one limiter per app, on app.state.

A sliding window per key: at most `limit` counted requests in any `window_seconds`; a
refused request is not counted. Behind several app processes each counts on its own.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

from fastapi import Request


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


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def limiter_of(request: Request) -> RequestLimiter:
    limiter: RequestLimiter = request.app.state.request_limiter
    return limiter
