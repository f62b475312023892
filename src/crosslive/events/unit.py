"""The commit-then-publish unit of work, and the app's one event hub.

`commit_then_publish` runs a unit of work off the event loop, commits it, and only then sends
the events it recorded: a viewer that resumes from the database can never have missed one
it was sent live, and nothing is sent for work that rolled back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import run_in_transaction
from crosslive.events import service
from crosslive.events.brokers import make_broker
from crosslive.events.hub import FanoutObserver, Hub
from crosslive.settings import Settings
from crosslive.state import state_of

Result = TypeVar("Result")


def make_hub(
    settings: Settings,
    on_fanout: FanoutObserver | None = None,
    session_factory: sessionmaker[Session] | None = None,
) -> Hub:
    """The hub for one app (started and stopped by the app's lifespan); with a session
    factory it catches its viewers up from the event log after the broker lost messages."""

    async def catch_up(show_id: int, after_id: int) -> list[service.Event] | None:
        assert session_factory is not None
        return await run_in_transaction(
            session_factory, lambda db: service.events_after(db, show_id, after_id)
        )

    return Hub(
        make_broker(settings.broker_url),
        heartbeat_seconds=settings.chat_heartbeat_seconds,
        idle_seconds=settings.chat_idle_seconds,
        on_fanout=on_fanout,
        catch_up=catch_up if session_factory is not None else None,
    )


def hub_of(app: Any) -> Hub:
    return state_of(app).get(Hub)


async def commit_then_publish(app: Any, work: Callable[[Session], Result]) -> Result:
    """Run WORK in a transaction; once it has committed, publish what it recorded."""

    def run(db: Session) -> tuple[Result, list[tuple[int, service.Event]]]:
        result = work(db)
        return result, service.take_pending(db)

    result, events = await run_in_transaction(state_of(app).session_factory, run)
    hub = hub_of(app)
    for show_id, event in events:
        await hub.publish(show_id, event)
    return result


async def announce_now(app: Any, show_id: int, kind: str, data: dict[str, Any]) -> None:
    """Send an ephemeral event that no transaction produced (the media plane's changes)."""
    await hub_of(app).publish(show_id, service.ephemeral(kind, data))
