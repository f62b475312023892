"""The viewer API beside an edge's Janus (`crosslive media edge-api`): a small stateless
service in the edge's region that takes an edge viewer's answer, trickled candidates and
leave, so those round trips cross the viewer's short link to the edge instead of going to
the origin's app and on from there to the edge (docs/media.md, "The viewer API beside each
edge").

The origin's app still makes the offer (it owns the viewer's Janus session and handle, its
seat, its layer and its records): with it, it hands the page this API's URL and a pass
(edge_token.py) naming the viewer's handle on this edge's Janus. This service checks the pass
and talks to its own Janus only; it keeps nothing. The page keeps sending its stats to the
origin (which picks the viewer's layer and records the session); a leave is also forwarded
to the origin, in the background, so the session's end is recorded at once.

Requests are CORS "simple" ones (POST, a JSON body sent as text/plain, the pass inside it),
so no preflight costs the viewer a round trip; only the store's origins may call it
(an Origin header naming another site is refused, and answers carry no CORS grant for it),
and each address is limited to `rate_per_minute` requests.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from crosslive.errors import (
    DomainError,
    InvalidInput,
    NotAuthenticated,
    PermissionDenied,
    RateLimited,
)
from crosslive.media import edge_token
from crosslive.ratelimit import RequestLimiter

log = logging.getLogger(__name__)

JANUS_TIMEOUT_S = 5.0
MAX_BODY = 64 * 1024
MAX_CANDIDATES = 50


# Where this edge's Janus answers now and its API secret: a Janus run as the app's child gets
# a new secret at every start, so an edge API run beside it in the app asks each time.
JanusTarget = Callable[[], tuple[str, str]]


class EdgeApiConfigError(ValueError):
    """The edge API cannot start: the message says what to set."""


@dataclass(frozen=True)
class EdgeApiConfig:
    edge: str
    janus_url: str
    janus_secret: str
    secret: str
    origin_url: str
    allowed_origins: tuple[str, ...]
    rate_per_minute: int = 240

    def check(self, *, janus_url: bool = True) -> None:
        """Refuse to start, saying why, on a configuration that cannot work or is unsafe
        (JANUS_URL false: the Janus URL is asked for at each request instead)."""
        if not self.edge:
            raise EdgeApiConfigError("name the edge this API serves (--edge, e.g. eu)")
        if not self.secret:
            raise EdgeApiConfigError(
                "an edge API needs the secret the origin signs viewer passes with: set "
                "CROSSLIVE_MEDIA_EDGE_API_SECRET to the origin's value"
            )
        if len(self.secret) < edge_token.MIN_SECRET_CHARS:
            raise EdgeApiConfigError(
                f"CROSSLIVE_MEDIA_EDGE_API_SECRET is too short: use at least "
                f"{edge_token.MIN_SECRET_CHARS} random characters"
            )
        if janus_url and not self.janus_url.startswith(("http://", "https://")):
            raise EdgeApiConfigError(
                f"--janus-url {self.janus_url!r} is not a Janus API URL like "
                "http://127.0.0.1:8088/janus"
            )
        if not self.origin_url.startswith(("http://", "https://")):
            raise EdgeApiConfigError(
                f"--origin-url {self.origin_url!r} is not the origin app's URL, like "
                "https://shop.example"
            )
        if not self.allowed_origins:
            raise EdgeApiConfigError(
                "no store origins allowed (--allow-origin https://shop.example): "
                "browsers could not call this API"
            )
        for origin in self.allowed_origins:
            if origin == "*" or not origin.startswith(("http://", "https://")):
                raise EdgeApiConfigError(
                    f"--allow-origin {origin!r}: name each store origin exactly "
                    "(scheme://host[:port]), never '*'"
                )


class EdgeApi:
    def __init__(
        self,
        config: EdgeApiConfig,
        http: httpx.AsyncClient | None = None,
        target: JanusTarget | None = None,
    ) -> None:
        config.check(janus_url=target is None)
        self.config = config
        self._target = target
        self.http = http or httpx.AsyncClient(timeout=JANUS_TIMEOUT_S)
        self.limiter = RequestLimiter()
        self._background: set[asyncio.Task[None]] = set()

    # --- what every request goes through -----------------------------------------------------

    def admit(self, request: Request) -> None:
        origin = request.headers.get("origin")
        if origin is not None and origin not in self.config.allowed_origins:
            raise PermissionDenied("this edge serves only its stores' pages")
        address = request.client.host if request.client else "unknown"
        if not self.limiter.hit(f"edge:{address}", self.config.rate_per_minute, 60.0):
            raise RateLimited("too many requests; wait a moment", retry_after_s=5.0)

    async def body_of(self, request: Request) -> dict[str, Any]:
        raw = await request.body()
        if len(raw) > MAX_BODY:
            raise InvalidInput("the request is too large")
        try:
            body = json.loads(raw or b"{}")
        except ValueError as exc:
            raise InvalidInput("send a JSON body") from exc
        if not isinstance(body, dict):
            raise InvalidInput("send a JSON object")
        return body

    def grant(self, body: dict[str, Any], viewer_id: str) -> edge_token.EdgeGrant:
        token = body.get("token")
        if not isinstance(token, str):
            raise NotAuthenticated(edge_token.REFUSED)
        return edge_token.verify(self.config.secret, token, edge=self.config.edge, viewer=viewer_id)

    # --- Janus -------------------------------------------------------------------------------

    def janus_target(self) -> tuple[str, str]:
        """This edge's Janus API URL (no trailing slash) and its API secret."""
        url, secret = (
            self._target() if self._target else (self.config.janus_url, self.config.janus_secret)
        )
        return url.rstrip("/"), secret

    async def janus(self, grant: edge_token.EdgeGrant, message: dict[str, Any]) -> dict[str, Any]:
        base, api_secret = self.janus_target()
        if not base:
            raise EdgeUnavailable("this edge's media server is not running")
        url = f"{base}/{grant.session}/{grant.handle}"
        body = {**message, "transaction": secrets.token_hex(8), "apisecret": api_secret}
        try:
            response = await self.http.post(url, json=body)
            reply: dict[str, Any] = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise EdgeUnavailable("this edge's media server does not answer") from exc
        if reply.get("janus") == "error":
            reason = reply.get("error", {}).get("reason", "unknown")
            raise InvalidInput(f"the media server refused it ({reason})")
        data = reply.get("plugindata", {}).get("data", {})
        if "error" in data:
            raise InvalidInput(f"the media server refused it ({data['error']})")
        return reply

    async def answer(self, grant: edge_token.EdgeGrant, sdp: str) -> None:
        # Janus applies the answer before it acks the message: once this returns, it checks
        # the viewer and starts DTLS (the subscriber's "started" event goes to the origin).
        await self.janus(
            grant,
            {
                "janus": "message",
                "body": {"request": "start"},
                "jsep": {"type": "answer", "sdp": sdp},
            },
        )

    async def trickle(self, grant: edge_token.EdgeGrant, candidates: list[Any]) -> None:
        sent = [c if c is not None else {"completed": True} for c in candidates]
        await self.janus(grant, {"janus": "trickle", "candidates": sent})

    async def leave(self, grant: edge_token.EdgeGrant) -> None:
        # Already gone or not: the origin's leave below still records the end.
        with contextlib.suppress(DomainError):
            await self.janus(grant, {"janus": "detach"})
        self.later(self._tell_origin(grant.viewer))

    async def _tell_origin(self, viewer_id: str) -> None:
        url = f"{self.config.origin_url.rstrip('/')}/api/v1/media/viewers/{viewer_id}"
        try:
            await self.http.delete(url)
        except httpx.HTTPError as exc:
            log.warning("could not tell the origin a viewer left: %s", exc)

    def later(self, work: Any) -> None:
        task = asyncio.create_task(work)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def drain(self) -> None:
        if self._background:
            await asyncio.gather(*self._background, return_exceptions=True)

    async def janus_answers(self) -> bool:
        base, _ = self.janus_target()
        if not base:
            return False
        try:
            response = await self.http.get(f"{base}/info")
        except httpx.HTTPError:
            return False
        return response.status_code == 200


class EdgeUnavailable(DomainError):
    status_code = 503


def create_edge_app(
    config: EdgeApiConfig,
    http: httpx.AsyncClient | None = None,
    target: JanusTarget | None = None,
) -> FastAPI:
    """The edge API's ASGI app (checked: raises EdgeApiConfigError on a bad CONFIG). TARGET,
    when given, says where the edge's Janus is at each request instead of CONFIG."""
    api = EdgeApi(config, http, target)
    app = FastAPI(title=f"crosslive edge API ({config.edge})", docs_url=None, redoc_url=None)
    app.state.edge_api = api

    @app.exception_handler(DomainError)
    async def _error(request: Request, exc: DomainError) -> JSONResponse:
        response = JSONResponse(exc.body(), status_code=exc.status_code)
        _grant_origin(request, response, config)
        return response

    @app.middleware("http")
    async def _cors(request: Request, call_next: Any) -> Response:
        if request.method == "OPTIONS":
            response = Response(status_code=204)
            if request.headers.get("origin") in config.allowed_origins:
                response.headers["Access-Control-Allow-Methods"] = "POST, GET"
                response.headers["Access-Control-Allow-Headers"] = "Content-Type"
                response.headers["Access-Control-Max-Age"] = "600"
        else:
            response = await call_next(request)
        _grant_origin(request, response, config)
        return response

    async def _work(request: Request, viewer_id: str) -> tuple[dict[str, Any], Any]:
        api.admit(request)
        body = await api.body_of(request)
        return body, api.grant(body, viewer_id)

    @app.post("/viewers/{viewer_id}/answer", status_code=204)
    async def answer(viewer_id: str, request: Request) -> Response:
        body, grant = await _work(request, viewer_id)
        sdp = body.get("sdp")
        if not isinstance(sdp, str) or not sdp.startswith("v=0"):
            raise InvalidInput("send the answer's SDP as `sdp`")
        await api.answer(grant, sdp)
        return Response(status_code=204)

    @app.post("/viewers/{viewer_id}/candidates", status_code=204)
    async def candidates(viewer_id: str, request: Request) -> Response:
        body, grant = await _work(request, viewer_id)
        given = body.get("candidates")
        if not isinstance(given, list) or not 0 < len(given) <= MAX_CANDIDATES:
            raise InvalidInput(f"send 1-{MAX_CANDIDATES} `candidates`")
        if not all(c is None or isinstance(c, dict) for c in given):
            raise InvalidInput("each candidate is an object, or null for the end")
        await api.trickle(grant, given)
        return Response(status_code=204)

    @app.post("/viewers/{viewer_id}/leave", status_code=204)
    async def leave(viewer_id: str, request: Request) -> Response:
        _, grant = await _work(request, viewer_id)
        await api.leave(grant)
        return Response(status_code=204)

    @app.get("/health")
    async def health() -> JSONResponse:
        up = await api.janus_answers()
        return JSONResponse({"edge": config.edge, "janus": up}, status_code=200 if up else 503)

    return app


def _grant_origin(request: Request, response: Response, config: EdgeApiConfig) -> None:
    origin = request.headers.get("origin")
    if origin in config.allowed_origins:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Vary"] = "Origin"
