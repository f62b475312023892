"""Fixtures for markets tests: a second store, a host in the first, API logins."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from tests.markets.factories import login_headers, other_store, staff_in


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
    email = staff_in(session_factory, int(owner["seller_id"]), "host@acme.test")
    return login_headers(app_client, email)
