"""Headers every page and response gets unless its route set its own."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response

from crosslive.live.embed import CSP


def install_frame_policy(app: FastAPI) -> None:
    """Pages that did not set their own policy may only be framed by this site (the embed
    page sends the seller's allow list instead)."""

    @app.middleware("http")
    async def frame_policy(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        if CSP not in response.headers:
            response.headers[CSP] = "frame-ancestors 'self'"
        return response
