from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth.models import Role
from crosslive.catalog.models import Product
from crosslive.db import transaction
from tests.conftest import keeps_viewer_identity
from tests.factories import Shop, add_staff, login_headers, make_shop
from tests.store_fixtures import other_headers as other_headers
from tests.store_fixtures import other_owner as other_owner


@pytest.fixture
def shop(session_factory: sessionmaker[Session], owner: dict[str, str | int]) -> Shop:
    return make_shop(session_factory)


@pytest.fixture
def hosts(
    app_client: TestClient, session_factory: sessionmaker[Session], shop: Shop
) -> dict[str, dict[str, str]]:
    """The store's owner, two hosts and a moderator, logged in."""
    out = {"owner": login_headers(app_client, "owner@acme.test")}
    for name, role in (("hana", Role.HOST), ("hugo", Role.HOST), ("moe", Role.MODERATOR)):
        email = add_staff(session_factory, shop.seller_id, f"{name}@acme.test", role, name.title())
        out[name] = login_headers(app_client, email)
    return out


@pytest.fixture
def other_viewer(app_client: TestClient) -> TestClient:
    """A second browser: the same app, its own viewer identity."""
    return keeps_viewer_identity(TestClient(app_client.app))


@pytest.fixture
def rival_product(session_factory: sessionmaker[Session], other_owner: dict[str, str | int]) -> int:
    """A product of another store (Globex)."""
    with transaction(session_factory) as db:
        product = Product(seller_id=int(other_owner["seller_id"]), handle="g-cap", title="Cap")
        db.add(product)
        db.flush()
        return product.id
