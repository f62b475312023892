"""The answers' engine (loaded once per module: its templates and matcher) and a store with
markets, products, credentials and a live show to ask about."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from crosslive.answers import service
from tests.answers.factories import AskShop, make_ask_shop


@pytest.fixture(scope="module")
def eng() -> service.Engine:
    return service.engine()


@pytest.fixture
def store(session_factory: sessionmaker[Session]) -> AskShop:
    return make_ask_shop(session_factory)
