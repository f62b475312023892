"""Shared fixtures: a real database per test (SQLite file, or PostgreSQL when
CROSSLIVE_TEST_DATABASE_URL is set), the app, and a logged-in staff account."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from playwright.sync_api import Playwright, expect, sync_playwright
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from crosslive import migrate
from crosslive.app import create_app
from crosslive.auth import passwords
from crosslive.auth import service as auth_service
from crosslive.auth.models import Role
from crosslive.db import make_engine, make_session_factory, transaction
from crosslive.settings import Settings
from crosslive.state import state_of
from crosslive.tables import metadata
from crosslive.viewers import VIEWER_HEADER
from tests.chat.factories import Room, make_other_store, make_room
from tests.route_state import route_state_shared
from tests.shared_store import (
    SharedStore,
    check_marks,
    close,
    fresh_client,
    once_per_module,
    shared_store,
)
from tests.translation.libretranslate_server import LibreTranslateStub

PG_URL = os.environ.get("CROSSLIVE_TEST_DATABASE_URL", "")
# Tests of other features buy freely from one address (the test client's); the purchase caps,
# the checkout limit per address and the proof of work at their defaults are tested in
# tests/orders/test_abuse.py and test_proof.py.
RELAXED_CHECKOUT: dict[str, Any] = {
    "checkout_max_lines": 30,
    "checkout_max_units_per_line": 99,
    "checkout_max_units_per_buyer": 1000,
    "checkout_address_share": 1.0,
    "checkout_address_orders": 1000,
    "checkout_proof_bits": 2,
    "checkout_proof_max_bits": 2,
}
PASSWORD = "correct horse battery"


def _touches_database(item: pytest.Item) -> bool:
    """Whether ITEM reaches the test database: through the `settings` fixture (every store,
    session and app fixture builds on it) or by reading the PostgreSQL URL itself."""
    if "settings" in getattr(item, "fixturenames", ()):
        return True
    modules = [getattr(item, "module", None)]
    info = getattr(item, "_fixtureinfo", None)
    for definitions in info.name2fixturedefs.values() if info else ():
        modules += [sys.modules.get(d.func.__module__) for d in definitions]
    here = sys.modules[__name__]  # its autouse fixtures are in every test's closure
    return any(hasattr(m, "PG_URL") for m in modules if m is not None and m is not here)


def pytest_itemcollected(item: pytest.Item) -> None:
    """Tests that drive Chromium are marked `browser`: scripts/test.sh runs them in a lane of
    their own beside the rest (`-m browser` / `-m "not browser"`). Those of tests/media are
    also marked `alone`: a browser decoding live video through Janus, often on an impaired
    link, measures frame rates and layer moves that a second lane's load would disturb, so
    they run after both lanes, on a quiet machine."""
    if "playwright_instance" in getattr(item, "fixturenames", ()):
        item.add_marker(pytest.mark.browser)
        if "media" in item.path.relative_to(item.config.rootpath).parts[:2]:
            item.add_marker(pytest.mark.alone)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On PostgreSQL, only the tests that reach the database run again: the rest (charts,
    parsers, the fit model, media) ran in the SQLite pass and would repeat it unchanged.

    Browser tests run last: the sync Playwright driver keeps an event loop running in the
    main thread from its first use to the end of the session, and async tests cannot start
    their own loop after that."""
    check_marks(items)
    if PG_URL:
        skipped = [item for item in items if not _touches_database(item)]
        if skipped:
            config.hook.pytest_deselected(items=skipped)
            chosen_out = set(skipped)
            items[:] = [item for item in items if item not in chosen_out]
    browser = [item for item in items if "playwright_instance" in getattr(item, "fixturenames", ())]
    if browser:
        chosen = set(browser)
        items[:] = [item for item in items if item not in chosen] + browser


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing() -> Iterator[None]:
    """Tests create many accounts: hash with argon2id at its cheapest so setup stays quick."""
    real = passwords.HASHER
    passwords.HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    passwords.HASHER = real


@pytest.fixture(scope="session", autouse=True)
def _route_state_built_once() -> Iterator[None]:
    """The apps the tests build share their routes' built state (tests/route_state.py)."""
    with route_state_shared():
        yield


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database built once by the real migrations; each test gets a copy of the file."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    migrate.upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def _pg_engine() -> Iterator[Engine | None]:
    if not PG_URL:
        yield None
        return
    migrate.upgrade(PG_URL)
    engine = make_engine(PG_URL)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    """One Playwright driver for the whole run (browser tests in e2e/ and media/ share it:
    a second sync Playwright in the same process would fail)."""
    # CI machines are small and shared: wait up to 15 s for a page to reach what a test expects.
    expect.set_options(timeout=15_000)
    with sync_playwright() as pw:
        yield pw


# Every table emptied, children first, and every id sequence that handed out a value back at
# 1, as on a fresh database, in one statement run by the server. DELETE rather than TRUNCATE:
# on these few-row tables TRUNCATE of them all costs 0.5-1 s a test (it replaces each table's
# files). One DO block rather than a statement per table and sequence: the ~110 round trips
# cost ten times as much as the work (0.34 s against 0.035 s a test at load 22).
# The moderation log refuses deletes (migration 0038): its trigger is off while it is emptied.
_EMPTY_POSTGRES = """DO $$
DECLARE
    name text;
    logged boolean := EXISTS (SELECT FROM review_actions);
BEGIN
    IF logged THEN
        ALTER TABLE review_actions DISABLE TRIGGER review_actions_append_only;
    END IF;
    FOREACH name IN ARRAY ARRAY[{tables}]::text[] LOOP
        EXECUTE 'DELETE FROM ' || quote_ident(name);
    END LOOP;
    IF logged THEN
        ALTER TABLE review_actions ENABLE TRIGGER review_actions_append_only;
    END IF;
    PERFORM setval(quote_ident(sequencename)::regclass, 1, false) FROM pg_sequences
        WHERE schemaname = current_schema() AND last_value IS NOT NULL;
END $$"""


def _empty_postgres(engine: Engine) -> None:
    """Every table emptied and every id sequence back at 1, as on a fresh database."""
    tables = ", ".join(f"'{table.name}'" for table in reversed(metadata.sorted_tables))
    with engine.begin() as conn:
        conn.exec_driver_sql(_EMPTY_POSTGRES.format(tables=tables))


def _fresh_settings(path: Path, pg_engine: Engine | None, sqlite_template: Path) -> Settings:
    """Settings for an empty database of its own under PATH (on PostgreSQL: the tables
    emptied)."""
    if pg_engine is not None:
        _empty_postgres(pg_engine)
        url = PG_URL
    else:
        shutil.copyfile(sqlite_template, path / "test.db")
        url = f"sqlite:///{path / 'test.db'}"
    settings = Settings(
        data_dir=path / "data", database_url=url, secret_key="test-secret", **RELAXED_CHECKOUT
    )
    settings.prepare_dirs()
    return settings


@pytest.fixture(scope="module")
def _shared_store(
    tmp_path_factory: pytest.TempPathFactory, _pg_engine: Engine | None, _sqlite_template: Path
) -> Iterator[SharedStore]:
    """The database, app and arranged data a module marked `shared_store` shares
    (tests/shared_store.py)."""
    settings = _fresh_settings(tmp_path_factory.mktemp("shared"), _pg_engine, _sqlite_template)
    engine = make_engine(settings.resolved_database_url)
    store = SharedStore(settings, make_session_factory(engine))
    yield store
    close(store)
    engine.dispose()


@pytest.fixture
def settings(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    _pg_engine: Engine | None,
    _sqlite_template: Path,
) -> Settings:
    store = shared_store(request)
    if store is not None:
        return store.settings
    return _fresh_settings(tmp_path, _pg_engine, _sqlite_template)


@pytest.fixture
def session_factory(
    request: pytest.FixtureRequest, settings: Settings
) -> Iterator[sessionmaker[Session]]:
    store = shared_store(request)
    if store is not None:
        yield store.session_factory
        return
    engine = make_engine(settings.resolved_database_url)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def db(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session for arranging and inspecting data; the test commits what it arranges."""
    session = session_factory()
    yield session
    session.rollback()
    session.close()


def keeps_viewer_identity(client: TestClient) -> TestClient:
    """Make CLIENT behave like a page with identity.js: it keeps the viewer token the server
    hands out (X-Viewer-Token) and sends it with every later request."""

    def keep(response: httpx.Response) -> None:
        token = response.headers.get(VIEWER_HEADER)
        if token:
            client.headers[VIEWER_HEADER] = token

    client.event_hooks["response"].append(keep)
    return client


def _started_client(settings: Settings) -> TestClient:
    client = TestClient(create_app(settings))
    client.__enter__()
    return keeps_viewer_identity(client)


@pytest.fixture
def app_client(request: pytest.FixtureRequest, settings: Settings) -> Iterator[TestClient]:
    store = shared_store(request)
    if store is not None:
        yield fresh_client(store, lambda: _started_client(settings))
        return
    app = create_app(settings)
    with TestClient(app) as client:
        yield keeps_viewer_identity(client)
    state_of(app).engine.dispose()


@pytest.fixture
def owner(
    request: pytest.FixtureRequest, session_factory: sessionmaker[Session]
) -> dict[str, str | int]:
    """A store with its owner account; returns the login details."""
    return once_per_module(request, lambda: _make_owner(session_factory))


def _make_owner(session_factory: sessionmaker[Session]) -> dict[str, str | int]:
    with transaction(session_factory) as db:
        seller = auth_service.create_seller(db, slug="acme", name="Acme Outfitters")
        user = auth_service.create_staff(
            db, seller, email="owner@acme.test", name="Olive", password=PASSWORD, role=Role.OWNER
        )
        return {"seller_id": seller.id, "user_id": user.id, "email": user.email}


@pytest.fixture
def api_token(
    request: pytest.FixtureRequest, app_client: TestClient, owner: dict[str, str | int]
) -> str:
    return once_per_module(request, lambda: _login(app_client, owner))


def _login(app_client: TestClient, owner: dict[str, str | int]) -> str:
    response = app_client.post(
        "/api/v1/auth/login", json={"email": owner["email"], "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["token"]
    return token


@pytest.fixture
def auth_headers(api_token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_token}"}


@pytest.fixture
def room(
    request: pytest.FixtureRequest,
    session_factory: sessionmaker[Session],
    settings: Settings,
    owner: dict[str, str | int],
) -> Room:
    """A store with markets, products, credentials and a show (tests.chat.factories)."""
    return once_per_module(
        request, lambda: make_room(session_factory, settings, int(owner["seller_id"]))
    )


@pytest.fixture
def rival(
    request: pytest.FixtureRequest, session_factory: sessionmaker[Session], room: Room
) -> dict[str, int | str]:
    """A second store, with its owner and a product."""
    return once_per_module(request, lambda: make_other_store(session_factory))


@pytest.fixture(scope="session")
def _libretranslate_server() -> Iterator[LibreTranslateStub]:
    server = LibreTranslateStub()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def libretranslate(_libretranslate_server: LibreTranslateStub) -> LibreTranslateStub:
    """A local server speaking LibreTranslate's protocol: up, quick, no requests seen yet."""
    _libretranslate_server.down = False
    _libretranslate_server.delay = 0.0
    _libretranslate_server.requests.clear()
    return _libretranslate_server
