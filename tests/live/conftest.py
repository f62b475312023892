"""Fixtures for the live room's tests: the room of tests/chat/factories.py on stage."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction
from crosslive.live import service
from crosslive.shows.models import Show
from tests.chat.factories import Room
from tests.shared_store import once_per_module


@pytest.fixture
def pinned(
    request: pytest.FixtureRequest, session_factory: sessionmaker[Session], room: Room
) -> Room:
    """The room with its product pinned (once for a module that shares its store)."""
    return once_per_module(request, lambda: _pin(session_factory, room))


def _pin(session_factory: sessionmaker[Session], room: Room) -> Room:
    with transaction(session_factory) as db:
        show = db.get(Show, room.show_id)
        assert show is not None
        service.pin(db, show, room.product_id)
    return room
