"""Fixtures around the store: its demo shop, a buyer's browser, a second store and a host,
for the domains whose conftest re-exports them (`from tests.store_fixtures import shop as
shop`, ...)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import keeps_viewer_identity
from tests.factories import Shop, add_staff, login_headers, make_shop, other_store


@pytest.fixture
def shop(session_factory: sessionmaker[Session], owner: dict[str, str | int]) -> Shop:
    return make_shop(session_factory)


@pytest.fixture
def buyer(app_client: TestClient) -> Iterator[TestClient]:
    """A viewer's browser: the same app, its own cookie jar and viewer identity."""
    client = keeps_viewer_identity(TestClient(app_client.app))
    yield client
    client.close()


@pytest.fixture
def other_owner(session_factory: sessionmaker[Session]) -> dict[str, str | int]:
    return other_store(session_factory)


@pytest.fixture
def other_headers(app_client: TestClient, other_owner: dict[str, str | int]) -> dict[str, str]:
    return login_headers(app_client, str(other_owner["email"]))


@pytest.fixture
def host_headers(
    app_client: TestClient,
    session_factory: sessionmaker[Session],
    owner: dict[str, str | int],
) -> dict[str, str]:
    email = add_staff(session_factory, int(owner["seller_id"]), "host@acme.test")
    return login_headers(app_client, email)
