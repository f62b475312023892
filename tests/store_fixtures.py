"""Fixtures around a second store and a host, for the domains whose conftest re-exports them
(`from tests.store_fixtures import other_owner as other_owner`, ...)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from tests.factories import add_staff, login_headers, other_store


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
