"""Runs live captions while the app runs, when media is on, captions are enabled in the
settings and the captions extra is installed."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from crosslive.captions import whisper
from crosslive.captions.live import LiveCaptions
from crosslive.media.lifespan import media_of
from crosslive.state import state_of

log = logging.getLogger(__name__)


def captions_of(app: Any) -> LiveCaptions | None:
    return state_of(app).find(LiveCaptions)


@asynccontextmanager
async def captions_lifespan(app: Any) -> AsyncIterator[None]:
    state = state_of(app)
    media = media_of(app)
    if media is None or not state.settings.captions_enabled:
        yield
        return
    if not whisper.available():
        log.warning("live captions are off: the captions extra is not installed")
        yield
        return
    captions = LiveCaptions(app, media)
    await captions.start()
    state.provide(LiveCaptions, captions)
    try:
        yield
    finally:
        state.withdraw(LiveCaptions)
        await captions.stop()
