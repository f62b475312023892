from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import keeps_viewer_identity
from tests.factories import Shop, make_shop


@pytest.fixture
def shop(session_factory: sessionmaker[Session], owner: dict[str, str | int]) -> Shop:
    return make_shop(session_factory)


@pytest.fixture
def other_viewer(app_client: TestClient) -> Iterator[TestClient]:
    """A second browser: the same app, its own cookie jar and viewer identity."""
    client = keeps_viewer_identity(TestClient(app_client.app))
    yield client
    client.close()
