"""Fixtures for trust tests: a second store, a host in the first, API logins, evidence."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from tests.markets.factories import login_headers, other_store, staff_in

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# The smallest valid PNG: 1x1 transparent pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5f0000000049454e44ae426082"
)


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
