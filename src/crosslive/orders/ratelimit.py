"""Per-viewer and per-IP request limits for the public cart and checkout API.

A fixed-window counter per key, in process memory (one app process; behind several
processes each counts on its own). One RequestLimiter lives on app.state, made by
create_app; nothing is kept at module level.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Request

from crosslive.orders.errors import TooManyRequests


@dataclass(frozen=True)
class Limit:
    per_viewer: int
    per_ip: int
    window_seconds: float = 60.0


CART_LIMIT = Limit(per_viewer=120, per_ip=1200)
CHECKOUT_LIMIT = Limit(per_viewer=10, per_ip=120)
PAGE_LIMIT = Limit(per_viewer=120, per_ip=1200)


class RequestLimiter:
    def __init__(self, clock: Callable[[], float] = time.monotonic, max_keys: int = 100_000):
        self._clock = clock
        self._max_keys = max_keys
        self._lock = threading.Lock()
        self._windows: dict[str, tuple[float, int]] = {}

    def hit(self, key: str, limit: int, window_seconds: float) -> bool:
        """Count one request for KEY; False when it is over LIMIT in the current window."""
        now = self._clock()
        with self._lock:
            if len(self._windows) >= self._max_keys:
                self._prune(now, window_seconds)
            start, count = self._windows.get(key, (now, 0))
            if now - start >= window_seconds:
                start, count = now, 0
            count += 1
            self._windows[key] = (start, count)
            return count <= limit

    def _prune(self, now: float, window_seconds: float) -> None:
        self._windows = {k: v for k, v in self._windows.items() if now - v[0] < window_seconds}
        if len(self._windows) >= self._max_keys:
            self._windows.clear()


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def enforce(request: Request, viewer_id: str, scope: str, limit: Limit) -> None:
    limiter: RequestLimiter = request.app.state.request_limiter
    ip = client_ip(request)
    by_viewer = limiter.hit(f"{scope}:v:{viewer_id}", limit.per_viewer, limit.window_seconds)
    by_ip = limiter.hit(f"{scope}:ip:{ip}", limit.per_ip, limit.window_seconds)
    if not (by_viewer and by_ip):
        raise TooManyRequests("too many requests; wait a minute and try again")
