"""Loads the fit model in the background while the app starts, so no viewer waits for it.

Loading the model (boosters and encoding tables) takes seconds; without warming, the first
advice request pays for it. The app's lifespan enters `fit_model_warming(app)`: the model is
read in a worker thread, requests are served meanwhile (an advice that arrives before the
load ends waits for it, as it would have without warming), and shutdown waits for the load.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from crosslive.fit.service import ModelHolder
from crosslive.state import state_of


def holder_of(app: Any) -> ModelHolder:
    """The app's one model holder (`create_app` provides it)."""
    return state_of(app).get(ModelHolder)


@asynccontextmanager
async def fit_model_warming(app: Any) -> AsyncIterator[None]:
    """Starts loading the fit model in a thread; waits for that load when the app stops."""
    holder = holder_of(app)
    loading = asyncio.create_task(asyncio.to_thread(holder.get))
    try:
        yield
    finally:
        await loading
