"""Per-viewer and per-IP request limits for the public cart and checkout API
(counted by the app's RequestLimiter, crosslive.ratelimit)."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from crosslive.orders.errors import TooManyRequests
from crosslive.ratelimit import client_ip, limiter_of


@dataclass(frozen=True)
class Limit:
    per_viewer: int
    per_ip: int
    window_seconds: float = 60.0


CART_LIMIT = Limit(per_viewer=120, per_ip=1200)
CHECKOUT_LIMIT = Limit(per_viewer=10, per_ip=120)
PAGE_LIMIT = Limit(per_viewer=120, per_ip=1200)


def enforce(request: Request, viewer_id: str, scope: str, limit: Limit) -> None:
    limiter = limiter_of(request)
    ip = client_ip(request)
    by_viewer = limiter.hit(f"{scope}:v:{viewer_id}", limit.per_viewer, limit.window_seconds)
    by_ip = limiter.hit(f"{scope}:ip:{ip}", limit.per_ip, limit.window_seconds)
    if not (by_viewer and by_ip):
        raise TooManyRequests("too many requests; wait a minute and try again")
