"""A live show's stock against a script: the purchase caps, the checkout limit per address
and the proof of work, all at their defaults (the other tests relax them)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.app import create_app
from crosslive.catalog.models import Variant
from crosslive.db import transaction
from crosslive.orders import proof
from crosslive.orders.models import Order, OrderLine
from crosslive.settings import Settings
from crosslive.state import state_of
from crosslive.viewers import VIEWER_HEADER
from tests.conftest import keeps_viewer_identity
from tests.factories import Shop, checkout_body, confirmed
from tests.orders.conftest import Strict, defaults_of

SHOW = "/api/v1/shows/spring-drop"


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


def count_orders(db: Session) -> int:
    db.expire_all()
    return db.scalar(select(func.count(Order.id))) or 0


def test_a_line_holds_at_most_ten_units(strict: Strict, shop: Shop) -> None:
    viewer = buyer(strict.app)
    refused = add(viewer, shop.lamp, 11)
    assert (refused.status_code, refused.json()) == (
        422,
        {"detail": "at most 10 of one item per order"},
    )
    assert viewer.get(f"{SHOW}/cart", params={"market": "US"}).json()["items"] == []


def test_an_order_holds_at_most_the_configured_lines(settings: Settings, shop: Shop) -> None:
    app = create_app(defaults_of(settings, checkout_max_lines=2))
    with TestClient(app):
        viewer = buyer(app)
        assert add(viewer, shop.shirt_m, 1).status_code == 200
        assert add(viewer, shop.shirt_l, 1).status_code == 200
        refused = add(viewer, shop.lamp, 1)
        assert (refused.status_code, refused.json()["detail"]) == (
            422,
            "an order holds at most 2 different items",
        )
        cart = viewer.get(f"{SHOW}/cart", params={"market": "US"}).json()
        assert [i["variant_id"] for i in cart["items"]] == [shop.shirt_m, shop.shirt_l]
    state_of(app).engine.dispose()


def test_a_buyer_holds_at_most_ten_of_a_variant_per_show_by_viewer_and_by_email(
    strict: Strict, shop: Shop, db: Session, session_factory: sessionmaker[Session]
) -> None:
    set_stock(session_factory, shop.lamp, 1000)
    ana = buyer(strict.app)
    assert add(ana, shop.lamp, 10).status_code == 200
    assert order(ana, "cap-0001").status_code == 201
    assert add(ana, shop.lamp, 1).status_code == 200
    again = order(ana, "cap-0002", email="someone.else@example.com")
    assert (again.status_code, again.json()) == (
        422,
        {
            "detail": "at most 10 of Lamp (Default) per buyer during the show "
            "(you already ordered 10). Nothing was ordered."
        },
    )
    # A new viewer identity with the same email (another case, a +tag) is the same buyer.
    other = buyer(strict.app)
    assert add(other, shop.lamp, 1).status_code == 200
    same_email = order(other, "cap-0003", email="ANA+live@example.com")
    assert same_email.status_code == 422
    assert same_email.json()["detail"].startswith("at most 10 of Lamp (Default) per buyer")
    assert (count_orders(db), held(db, shop.lamp)) == (1, 10)
    db.expire_all()
    assert db.scalar(select(Variant.stock).where(Variant.id == shop.lamp)) == 990


def test_one_address_holds_at_most_its_share_of_a_variant(
    strict: Strict, shop: Shop, db: Session, session_factory: sessionmaker[Session]
) -> None:
    set_stock(session_factory, shop.lamp, 100)  # 5% of 100: five units per address
    for n, qty in enumerate((3, 2)):
        viewer = buyer(strict.app)
        assert add(viewer, shop.lamp, qty).status_code == 200
        placed = order(viewer, f"share-{n:04d}", email=f"p{n}@example.com")
        assert placed.status_code == 201, placed.text
    sixth = buyer(strict.app)
    assert add(sixth, shop.lamp, 1).status_code == 200
    refused = order(sixth, "share-0009", email="p9@example.com")
    assert (refused.status_code, refused.json()["detail"]) == (
        422,
        "at most 5 of Lamp (Default) per network during the show (orders from your network "
        "already hold 5). Nothing was ordered.",
    )
    assert (count_orders(db), held(db, shop.lamp)) == (2, 5)
    db.expire_all()
    assert db.scalar(select(Variant.stock).where(Variant.id == shop.lamp)) == 95


def test_checkouts_per_address_are_limited_to_ten_in_ten_minutes(
    strict: Strict, shop: Shop, db: Session
) -> None:
    statuses = []
    for n in range(11):
        viewer = buyer(strict.app)  # a new identity each time: the address still counts
        body = confirmed(viewer, f"{SHOW}/checkout", checkout_body())
        answer = viewer.post(
            f"{SHOW}/checkout", json=body, headers={"Idempotency-Key": f"lim-{n:04d}"}
        )
        statuses.append(answer.status_code)
    assert statuses == [422] * 10 + [429]  # empty carts: refused, but counted
    assert answer.headers["Retry-After"] == "600"
    assert answer.json() == {"detail": "too many orders from your network; try again in 10 minutes"}
    strict.clock.now += 600
    viewer = buyer(strict.app)
    assert add(viewer, shop.shirt_m, 1).status_code == 200
    assert order(viewer, "lim-0100").status_code == 201
    assert count_orders(db) == 1
