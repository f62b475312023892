"""One store for the whole module: the database, the app and what the fixtures arranged, made
for its first test and kept for the rest, where a module is marked `shared_store`.

A test's set-up (a database of its own, an app built and started, a store arranged) costs
more CPU than most tests do. A module whose tests only read what its fixtures arrange, the
same for every test, can share it: `pytestmark = pytest.mark.shared_store`. The fixtures of
tests/conftest.py (settings, session_factory, app_client, owner, room, api_token ...) then
hand out the module's, and a module's own arranging fixture shares its result through
`once_per_module`. A test that changes what another could see (writes, a login limit hit, a
live-room subscriber left behind) belongs in a module without the mark.

Still fresh for each test: the test client's cookies and headers, the app's request limiter
and a `db` session. On PostgreSQL the tables are emptied once, when the module's store is
made; the whole module shares the mark (tests/conftest.py refuses a module half marked), so
no unmarked test empties them under it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from crosslive.ratelimit import make_limiter
from crosslive.settings import Settings
from crosslive.state import state_of

MARK = "shared_store"
Made = TypeVar("Made")


@dataclass
class SharedStore:
    settings: Settings
    session_factory: sessionmaker[Session]
    made: dict[str, Any] = field(default_factory=dict)
    client: TestClient | None = None

    def once(self, name: str, make: Callable[[], Made]) -> Made:
        """What NAME's fixture made for the module's first test that asked for it."""
        if name not in self.made:
            self.made[name] = make()
        made: Made = self.made[name]
        return made


def shared_store(request: pytest.FixtureRequest) -> SharedStore | None:
    """The module's store where its tests share one, else None."""
    if request.node.get_closest_marker(MARK) is None:
        return None
    store: SharedStore = request.getfixturevalue("_shared_store")
    return store


def once_per_module(request: pytest.FixtureRequest, make: Callable[[], Made]) -> Made:
    """MAKE's result, made once for a module that shares its store, else for each test."""
    store = shared_store(request)
    return make() if store is None else store.once(request.fixturename, make)


def fresh_client(store: SharedStore, start: Callable[[], TestClient]) -> TestClient:
    """The module's started app, behind a client with no cookies or headers left by an
    earlier test, and a request limiter that has counted nothing."""
    if store.client is None:
        store.client = start()
        store.made["client headers"] = dict(store.client.headers)
    client = store.client
    client.cookies.clear()
    client.headers.clear()
    client.headers.update(store.made["client headers"])
    state = state_of(client.app)  # type: ignore[arg-type]
    state.limiter = make_limiter(state.settings.broker_url)
    return client


def close(store: SharedStore) -> None:
    """Stops the module's app, if one was started; the caller disposes of its own engine."""
    if store.client is not None:
        store.client.__exit__(None, None, None)
        state_of(store.client.app).engine.dispose()  # type: ignore[arg-type]


def check_marks(items: list[pytest.Item]) -> None:
    """A module shares its store with all its tests or with none: on PostgreSQL an unmarked
    test would empty the tables under the marked ones."""
    marked: dict[str, set[bool]] = {}
    for item in items:
        module = getattr(item, "module", None)
        if module is not None:
            name = module.__name__
            marked.setdefault(name, set()).add(item.get_closest_marker(MARK) is not None)
    for name, kinds in marked.items():
        if len(kinds) > 1:
            raise pytest.UsageError(f"{name}: mark the whole module {MARK}, or none of it")
