"""The ASGI application factory. Nothing is built at import time."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from crosslive import __version__
from crosslive.api import api_router
from crosslive.chat import room
from crosslive.db import make_engine, make_session_factory
from crosslive.errors import DomainError
from crosslive.mail.outbox import OutboxSender, SmtpConfig
from crosslive.orders.ratelimit import RequestLimiter
from crosslive.settings import Settings
from crosslive.web.routes import mount_web


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    settings.prepare_dirs()
    logging.basicConfig(level=settings.log_level)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The outbox sender and the live-room hub are owned here: started with the app,
        # stopped and awaited with it.
        smtp = SmtpConfig.from_settings(settings)
        sender = None
        if smtp is not None:
            sender = OutboxSender(
                app.state.session_factory,
                smtp,
                poll_seconds=settings.mail_poll_seconds,
                backoff_seconds=settings.mail_retry_seconds,
            )
            sender.start()
        try:
            # The live-room hub (broker connection, heartbeats) lives as long as the app.
            async with room.hub_of(app).running():
                yield
        finally:
            if sender is not None:
                await sender.stop()

    app = FastAPI(
        lifespan=lifespan,
        title="crosslive",
        version=__version__,
        description="Cross-border live selling: catalog, markets, trust, shows.",
        docs_url="/api/docs",
        openapi_url="/api/v1/openapi.json",
        redoc_url=None,
    )
    engine = make_engine(settings.resolved_database_url)
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)
    room.install(app, settings)
    app.state.request_limiter = RequestLimiter()

    @app.exception_handler(DomainError)
    async def _domain_error(request: Request, exc: DomainError) -> JSONResponse:
        return JSONResponse({"detail": exc.message}, status_code=exc.status_code)

    app.include_router(api_router)
    mount_web(app, settings)
    return app
