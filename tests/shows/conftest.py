"""Shows fixtures: two stores with hosts, products and markets."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth import service as auth_service
from crosslive.db import transaction
from tests.factories import Store, make_store, store_for


@pytest.fixture
def acme(session_factory: sessionmaker[Session], owner: dict[str, str | int]) -> Store:
    """The "acme" store of the shared `owner` fixture, with hosts, products and markets."""
    return store_for(session_factory, int(owner["seller_id"]), "acme")


@pytest.fixture
def globex(session_factory: sessionmaker[Session]) -> Store:
    """A second store: its staff must never see or touch acme's shows."""
    with transaction(session_factory) as db:
        seller = auth_service.create_seller(db, slug="globex", name="Globex Goods")
        return make_store(db, seller, "globex")
