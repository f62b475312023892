"""Runs the media gateway for as long as the app runs (when media is enabled)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from crosslive.media.gateway import MediaGateway
from crosslive.settings import Settings


@asynccontextmanager
async def media_lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    app.state.media = None
    if not settings.media_enabled:
        yield
        return
    media = MediaGateway(settings, app.state.session_factory)
    await media.start()
    app.state.media = media
    try:
        yield
    finally:
        app.state.media = None
        await media.stop()
