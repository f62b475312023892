"""Every HTTP request counted and timed per route template (not per URL: a show's slug or an
order id never becomes a label), and logged as one structured line without personal data."""

from __future__ import annotations

import logging
import time
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("crosslive.requests")

# Heartbeats a publisher or page sends every half second or so (the WHIP `alive` check, a
# call's `ping`): answered, they are logged at DEBUG so they do not bury the other requests;
# refused or failed, at INFO like the rest. They are counted and timed like every request.
HEARTBEATS = ("/alive", "/ping")

# Seconds; the live room's API answers in milliseconds, uploads and imports take seconds.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class RequestMetrics:
    """Pure ASGI middleware (WebSockets pass through untouched: the hub counts viewers)."""

    def __init__(self, app: ASGIApp, registry: CollectorRegistry) -> None:
        self.app = app
        self.requests = Counter(
            "crosslive_http_requests",
            "HTTP requests answered, by method, route and status.",
            ["method", "route", "status"],
            registry=registry,
        )
        self.latency = Histogram(
            "crosslive_http_request_seconds",
            "Time to answer an HTTP request, by method and route.",
            ["method", "route"],
            buckets=BUCKETS,
            registry=registry,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            elapsed = time.perf_counter() - started
            route = route_of(scope)
            method = str(scope.get("method", ""))
            self.requests.labels(method, route, str(status)).inc()
            self.latency.labels(method, route).observe(elapsed)
            quiet = status < 400 and route.endswith(HEARTBEATS)
            log.log(
                logging.DEBUG if quiet else logging.INFO,
                "%s %s %s %.1f ms",
                method,
                route,
                status,
                elapsed * 1000,
                extra={"method": method, "route": route, "status": status, "ms": elapsed * 1000},
            )


def route_of(scope: Scope) -> str:
    """The route template that answered ('/api/v1/shows/{ref}'), a mount's '/static/{path}',
    or 'unmatched'. A route included under a router's prefix may know only its own part of
    the template; the segments before that part are the (literal) prefixes, read from the
    request's path."""
    route: Any = scope.get("route")
    template = getattr(route, "path", None)
    if not isinstance(template, str):
        mounted = str(scope.get("root_path") or "")
        return f"{mounted}/{{path}}" if mounted and scope.get("endpoint") else "unmatched"
    own = [part for part in template.split("/") if part]
    real = [part for part in str(scope.get("path", "")).split("/") if part]
    prefix = real[: max(0, len(real) - len(own))]
    return "/" + "/".join([*prefix, *own])
