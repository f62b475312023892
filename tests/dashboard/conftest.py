from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.factories import page_login
from tests.store_fixtures import buyer as buyer
from tests.store_fixtures import other_owner as other_owner
from tests.store_fixtures import shop as shop


@pytest.fixture
def owner_browser(app_client: TestClient, owner: dict[str, str | int]) -> Iterator[TestClient]:
    """The owner's browser, logged in to the admin through its form."""
    client = TestClient(app_client.app)
    page_login(client, str(owner["email"]))
    yield client
    client.close()
