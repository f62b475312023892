"""A live show's stock against a script: the purchase caps, the checkout limit per address
and the proof of work, all at their defaults (the other tests relax them)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.app import create_app
from crosslive.catalog.models import Variant
from crosslive.db import transaction
from crosslive.orders import proof
from crosslive.orders.models import Order, OrderLine
from crosslive.ratelimit import RequestLimiter
from crosslive.settings import Settings
from crosslive.state import state_of
from crosslive.viewers import VIEWER_HEADER
from tests.conftest import RELAXED_CHECKOUT, keeps_viewer_identity
from tests.factories import Shop, checkout_body, confirmed

SHOW = "/api/v1/shows/spring-drop"


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


def set_stock(factory: sessionmaker[Session], variant_id: int, stock: int) -> None:
    with transaction(factory) as db:
        variant = db.get(Variant, variant_id)
        assert variant is not None
        variant.stock = stock


def held(db: Session, variant_id: int) -> int:
    db.expire_all()
    total = db.scalar(
        select(func.coalesce(func.sum(OrderLine.quantity), 0)).where(
            OrderLine.variant_id == variant_id
        )
    )
    return int(total or 0)


def buyer(app: FastAPI) -> TestClient:
    """A browser that keeps its viewer identity (a real buyer)."""
    return keeps_viewer_identity(TestClient(app))


def add(client: TestClient, variant_id: int, qty: int) -> Any:
    return client.post(
        f"{SHOW}/cart/items", json={"market": "US", "variant_id": variant_id, "quantity": qty}
    )


def order(client: TestClient, key: str, **changes: object) -> Any:
    body = confirmed(client, f"{SHOW}/checkout", checkout_body(**changes))
    return client.post(f"{SHOW}/checkout", json=body, headers={"Idempotency-Key": key})


def scripted_attempt(app: FastAPI, variant_id: int, n: int) -> tuple[dict[str, str], Any]:
    """What a draining script does: a new viewer, a full line, a solved challenge."""
    script = TestClient(app)  # no identity kept between attempts, no cookies
    added = add(script, variant_id, 10)
    assert added.status_code == 200, added.text
    headers = {VIEWER_HEADER: added.headers[VIEWER_HEADER]}
    challenge = script.post(f"{SHOW}/checkout/challenge", json={"market": "US"}, headers=headers)
    assert challenge.status_code == 200, challenge.text
    found = challenge.json()
    body = checkout_body(email=f"bot{n}@drain{n}.example.com", name=f"Bot {n}")
    body |= {
        "confirmed_total_minor": added.json()["subtotal_minor"],
        "currency": "USD",
        "proof": {
            "challenge": found["challenge"],
            "nonce": proof.solve(found["challenge"], found["bits"]),
        },
    }
    return headers, body


def test_one_address_minting_viewers_holds_at_most_a_tenth_of_a_variant_in_ten_minutes(
    strict: Strict, shop: Shop, db: Session, session_factory: sessionmaker[Session]
) -> None:
    set_stock(session_factory, shop.lamp, 1000)
    script = TestClient(strict.app)
    answers: Counter[int] = Counter()
    details: Counter[str] = Counter()
    start, attempt, pending = strict.clock.now, 0, None
    while strict.clock.now - start < 600:  # ten minutes on the limiter's clock, no sleeping
        pending = pending or scripted_attempt(strict.app, shop.lamp, attempt)
        headers, body = pending
        script.cookies.clear()
        answer = script.post(
            f"{SHOW}/checkout",
            json=body,
            headers={**headers, "Idempotency-Key": f"drain-{attempt:05d}"},
        )
        attempt += 1
        answers[answer.status_code] += 1
        if answer.status_code == 429:
            strict.clock.now += float(answer.headers["Retry-After"])  # wait as told, keep the work
            continue
        pending = None
        details[answer.json().get("detail", "placed").split(" during")[0]] += 1
        strict.clock.now += 5
    assert held(db, shop.lamp) == 50, (answers, details)  # 5% of 1,000: ADDRESS_SHARE
    assert held(db, shop.lamp) <= 1000 // 10
    assert answers == {201: 5, 422: 5, 429: 1}
    assert details == {"placed": 5, "at most 50 of Lamp (Default) per network": 5}
