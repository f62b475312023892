"""Glue between a request and the live room: run one unit of work, commit, then publish."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from crosslive.chat.brokers import make_broker
from crosslive.chat.hub import Hub
from crosslive.chat.moderation import ProfanityFilter
from crosslive.db import transaction
from crosslive.settings import Settings

Work = Callable[[Session], tuple[int, dict[str, Any]]]


def install(app: FastAPI, settings: Settings) -> None:
    """Build the hub and the profanity filter once per app (started by the app lifespan)."""
    app.state.hub = Hub(
        make_broker(settings.broker_url),
        heartbeat_seconds=settings.chat_heartbeat_seconds,
        idle_seconds=settings.chat_idle_seconds,
    )
    app.state.profanity = ProfanityFilter()


def hub_of(app: Any) -> Hub:
    hub: Hub = app.state.hub
    return hub


async def in_transaction(app: Any, work: Callable[[Session], Any]) -> Any:
    factory: sessionmaker[Session] = app.state.session_factory

    def run() -> Any:
        with transaction(factory) as db:
            return work(db)

    return await run_in_threadpool(run)


async def commit_then_publish(app: Any, work: Work) -> dict[str, Any]:
    """The event is published only once it is committed, so a resume never misses it."""
    show_id, event = await in_transaction(app, work)
    await hub_of(app).publish(show_id, event)
    return event
