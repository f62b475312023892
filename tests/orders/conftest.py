from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from crosslive.app import create_app
from crosslive.ratelimit import RequestLimiter
from crosslive.settings import Settings
from crosslive.state import state_of
from tests.conftest import RELAXED_CHECKOUT, keeps_viewer_identity
from tests.factories import Shop, make_shop
from tests.orders.stripe_server import SECRET_KEY, WEBHOOK_SECRET, LocalStripe, local_stripe


@pytest.fixture
def shop(session_factory: sessionmaker[Session], owner: dict[str, str | int]) -> Shop:
    return make_shop(session_factory)


@pytest.fixture
def other_viewer(app_client: TestClient) -> Iterator[TestClient]:
    """A second browser: the same app, its own cookie jar and viewer identity."""
    client = keeps_viewer_identity(TestClient(app_client.app))
    yield client
    client.close()


@pytest.fixture
def stripe_api() -> Iterator[LocalStripe]:
    """The local Stripe-protocol server (tests/orders/stripe_server.py); events queued."""
    with local_stripe() as server:
        yield server


@pytest.fixture
def card_settings(settings: Settings, stripe_api: LocalStripe) -> Settings:
    return Settings(
        **{
            **settings.model_dump(),
            "stripe_secret_key": SECRET_KEY,
            "stripe_webhook_secret": WEBHOOK_SECRET,
            "stripe_api_base": stripe_api.base,
        }
    )


@pytest.fixture
def buyer(card_settings: Settings) -> Iterator[TestClient]:
    """A viewer of the app with Stripe set up, keeping its viewer identity."""
    with TestClient(create_app(card_settings)) as client:
        yield keeps_viewer_identity(client)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Strict:
    app: FastAPI
    clock: Clock


def defaults_of(settings: Settings, **changes: Any) -> Settings:
    """SETTINGS with the checkout's caps, limits and proof of work at their defaults."""
    fields = Settings.model_fields
    chosen = {name: fields[name].default for name in RELAXED_CHECKOUT} | changes
    return Settings(**{**settings.model_dump(), **chosen})


@pytest.fixture
def strict(settings: Settings, shop: Shop) -> Iterator[Strict]:
    app = create_app(defaults_of(settings))
    clock = Clock()
    with TestClient(app):
        state_of(app).limiter = RequestLimiter(clock=clock)  # time moves when the test says
        yield Strict(app, clock)
    state_of(app).engine.dispose()
