"""One store and one running app per fuzzing module: the fuzzers send thousands of requests,
and a fresh database and app for each operation would cost more than the requests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from _pytest.mark.expression import Expression
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from crosslive.app import create_app
from crosslive.auth import service as auth_service
from crosslive.auth.models import Role
from crosslive.db import make_engine, make_session_factory, transaction
from crosslive.settings import Settings
from crosslive.state import state_of
from tests.chat.factories import Room, make_room
from tests.conftest import PASSWORD

OWNER = "owner@fuzz.test"


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Leave these modules unimported in a run whose `-m` leaves out their marker `fuzz`
    (every lane of scripts/test.sh but one): schemathesis builds each operation's cases when
    the module is collected, a large share of the collection time, only for the tests to be
    deselected after."""
    expression = config.option.markexpr
    if not expression or not collection_path.name.startswith("test_"):
        return None
    if Expression.compile(expression).evaluate(lambda name, **_: name == "fuzz"):
        return None
    return True


@pytest.fixture(scope="module")
def fuzz_settings(tmp_path_factory: pytest.TempPathFactory, _sqlite_template: Path) -> Settings:
    folder = tmp_path_factory.mktemp("fuzz")
    shutil.copyfile(_sqlite_template, folder / "fuzz.db")
    settings = Settings(
        data_dir=folder / "data",
        database_url=f"sqlite:///{folder / 'fuzz.db'}",
        secret_key="test-secret",
    )
    settings.prepare_dirs()
    return settings


@pytest.fixture(scope="module")
def fuzz_room(fuzz_settings: Settings) -> Iterator[Room]:
    engine = make_engine(fuzz_settings.resolved_database_url)
    factory: sessionmaker[Session] = make_session_factory(engine)
    with transaction(factory) as db:
        seller = auth_service.create_seller(db, slug="acme", name="Acme Outfitters")
        auth_service.create_staff(
            db, seller, email=OWNER, name="Olive", password=PASSWORD, role=Role.OWNER
        )
        seller_id = seller.id
    yield make_room(factory, fuzz_settings, seller_id)
    engine.dispose()


@pytest.fixture(scope="module")
def fuzzed(fuzz_settings: Settings, fuzz_room: Room) -> Iterator[TestClient]:
    app = create_app(fuzz_settings)
    with TestClient(app) as client:  # the lifespan runs: the hub, the outbox, the fit model
        yield client
    state_of(app).engine.dispose()
