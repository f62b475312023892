from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from crosslive.settings import Settings
from tests.chat.factories import Room, make_other_store, make_room


@pytest.fixture
def room(
    session_factory: sessionmaker[Session], settings: Settings, owner: dict[str, str | int]
) -> Room:
    return make_room(session_factory, settings, int(owner["seller_id"]))


@pytest.fixture
def rival(session_factory: sessionmaker[Session], room: Room) -> dict[str, int | str]:
    return make_other_store(session_factory)
