"""`GET /metrics`: Prometheus's text format. With CROSSLIVE_METRICS_TOKEN set, the scraper
sends it as a bearer token; without one, only clients on this machine may read it."""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from crosslive.deps import client_ip
from crosslive.errors import NotAuthenticated, PermissionDenied
from crosslive.state import state_of

router = APIRouter(include_in_schema=False)
LOOPBACK = frozenset({"127.0.0.1", "::1"})


def _from_this_machine(request: Request) -> bool:
    """A loopback client that no proxy forwarded: behind a proxy on this machine that is
    not named in CROSSLIVE_TRUSTED_PROXIES, every visitor arrives from 127.0.0.1, but with
    the proxy's X-Forwarded-For."""
    return client_ip(request) in LOOPBACK and "x-forwarded-for" not in request.headers


def _allowed(request: Request) -> None:
    token = state_of(request.app).settings.metrics_token
    if not token:
        if not _from_this_machine(request):
            raise PermissionDenied("metrics are served to this machine only; set a metrics token")
        return
    header = request.headers.get("authorization", "")
    given = header[7:].strip() if header.lower().startswith("bearer ") else ""
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise NotAuthenticated("send the metrics token as a bearer token")


@router.get("/metrics")
def metrics(request: Request) -> Response:
    _allowed(request)
    registry = state_of(request.app).get(CollectorRegistry)
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
