"""The dashboard's "viewers watching" when two app processes serve one show through Redis:
the viewers of both, and none of a process that stopped reporting once its count is stale."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from crosslive.app import create_app
from crosslive.events.brokers import AUDIENCE_FRESH_S, RedisBroker
from crosslive.events.hub import Hub, Subscriber
from crosslive.settings import Settings
from crosslive.shows.models import ShowState
from crosslive.state import state_of
from tests.dashboard.store_steps import set_show
from tests.factories import Shop, page_login

REDIS_URL = "redis://127.0.0.1:6379/0"
WATCHING = '<p class="muted" id="watching">{} viewers watching</p>'


class Clock:
    """The dashboard process's clock, moved on by the test instead of waited for."""

    def __init__(self) -> None:
        self.at = 1_800_000_000.0

    def __call__(self) -> float:
        return self.at


@dataclass
class Process:
    """The app under test: the owner's browser, its hub, and the Redis it shares."""

    client: TestClient
    hub: Hub
    prefix: str
    clock: Clock = field(default_factory=Clock)


def _hub(prefix: str, clock: Clock) -> Hub:
    broker = RedisBroker(REDIS_URL, prefix=prefix, clock=clock)
    return Hub(broker, heartbeat_seconds=60, idle_seconds=60)


def _viewer() -> Subscriber:
    return Subscriber(websocket=None, writer=None)  # type: ignore[arg-type]


@pytest.fixture
def redis_app(settings: Settings, owner: dict[str, str | int], shop: Shop) -> Iterator[Process]:
    """The owner's browser on an app whose hub fans out through Redis (a key prefix of its
    own, and a clock the test moves)."""
    app = create_app(settings)
    prefix, clock = f"test-{uuid.uuid4().hex}:", Clock()
    hub = _hub(prefix, clock)
    state_of(app).provide(Hub, hub)  # the lifespan starts it
    with TestClient(app) as client:
        page_login(client, str(owner["email"]))
        yield Process(client, hub, prefix, clock)
    state_of(app).engine.dispose()


def test_viewers_watching_counts_every_process_and_forgets_a_silent_one(
    redis_app: Process, shop: Shop, session_factory: sessionmaker[Session]
) -> None:
    client, here, portal = redis_app.client, redis_app.hub, redis_app.client.portal
    assert portal is not None
    set_show(session_factory, shop, ShowState.LIVE)
    # Another app process on the same Redis: its hub holds three viewers of the show.
    there = _hub(redis_app.prefix, redis_app.clock)
    with portal.wrap_async_context_manager(there.running()):
        for _ in range(3):
            portal.call(there.join, shop.show_id, _viewer())
        portal.call(there.report_audience)
        for _ in range(2):
            portal.call(here.join, shop.show_id, _viewer())
        assert here.viewers(shop.show_id) == 2  # this process's own
        assert WATCHING.format(5) in client.get("/admin").text
    # The other process stopped without a word: its last report counts while fresh ...
    redis_app.clock.at += AUDIENCE_FRESH_S - 1
    assert WATCHING.format(5) in client.get("/admin").text
    # ... and not once it is older than that.
    redis_app.clock.at += 2
    assert WATCHING.format(2) in client.get("/admin").text
