from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from crosslive.settings import Settings
from tests.conftest import keeps_viewer_identity
from tests.factories import Shop, make_shop
from tests.reviews.helpers import Buying
from tests.store_fixtures import host_headers as host_headers
from tests.store_fixtures import other_headers as other_headers
from tests.store_fixtures import other_owner as other_owner


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
def buying(
    app_client: TestClient,
    buyer: TestClient,
    db: Session,
    shop: Shop,
    auth_headers: dict[str, str],
    settings: Settings,
) -> Buying:
    """The staff client and the buyer's browser, ready to buy from the shop."""
    return Buying(app_client, buyer, db, shop, auth_headers, settings)
