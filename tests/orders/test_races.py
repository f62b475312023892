"""Real races: concurrent requests against a real uvicorn server and real database
(SQLite with WAL and a busy timeout, or PostgreSQL with CROSSLIVE_TEST_DATABASE_URL)."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog import inventory
from crosslive.catalog.models import Variant
from crosslive.db import transaction
from crosslive.mail.models import OutboxEmail
from crosslive.markets.models import Warehouse
from crosslive.orders.models import Order, OrderLine, Payment
from crosslive.settings import Settings
from crosslive.viewers import VIEWER_HEADER
from tests.e2e.conftest import LiveServer
from tests.factories import Shop, checkout_body, confirmed

T = TypeVar("T")
SHOW = "/api/v1/shows/spring-drop"


@pytest.fixture
def server(settings: Settings) -> Iterator[LiveServer]:
    live = LiveServer(settings)
    live.start()
    yield live
    live.stop()


def all_at_once(calls: list[Callable[[], T]]) -> list[T]:
    """Run the calls in threads released together by a barrier."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], T]) -> T:
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def counts(db: Session) -> tuple[int, int, int, int]:
    db.expire_all()
    return tuple(  # type: ignore[return-value]
        db.scalar(select(func.count()).select_from(m)) or 0
        for m in (Order, OrderLine, Payment, OutboxEmail)
    )


def viewer_with_cart(server: LiveServer, variant_id: int) -> httpx.Client:
    client = httpx.Client(base_url=server.url, timeout=30)
    added = client.post(
        f"{SHOW}/cart/items", json={"market": "US", "variant_id": variant_id, "quantity": 1}
    )
    assert added.status_code == 200, added.text
    client.headers[VIEWER_HEADER] = added.headers[VIEWER_HEADER]  # as identity.js keeps it
    return client


def test_two_viewers_racing_for_the_last_unit_make_exactly_one_order(
    server: LiveServer, shop: Shop, db: Session, session_factory: sessionmaker[Session]
) -> None:
    for round_ in range(4):
        with transaction(session_factory) as tx:
            variant = tx.get(Variant, shop.shirt_l)
            assert variant is not None
            variant.stock = 1
        ana = viewer_with_cart(server, shop.shirt_l)
        bo = viewer_with_cart(server, shop.shirt_l)
        key = f"race-{round_:04d}"
        post = functools.partial(httpx.Client.post, url=f"{SHOW}/checkout")
        headers = {"Idempotency-Key": key}
        ana_body = confirmed(ana, f"{SHOW}/checkout", checkout_body())
        bo_body = confirmed(bo, f"{SHOW}/checkout", checkout_body(name="Bo"))
        results = all_at_once(
            [
                functools.partial(post, ana, json=ana_body, headers=headers),
                functools.partial(post, bo, json=bo_body, headers=headers),
            ]
        )
        statuses = sorted(r.status_code for r in results)
        assert statuses == [201, 409], [r.text for r in results]
        loser = next(r for r in results if r.status_code == 409)
        assert loser.json() == {"detail": "Sold out: Linen Shirt (L). Nothing was ordered."}
        assert counts(db) == (round_ + 1,) * 4
        db.expire_all()
        assert db.scalar(select(Variant.stock).where(Variant.id == shop.shirt_l)) == 0
        ana.close()
        bo.close()


def test_a_double_submitted_checkout_makes_exactly_one_order(
    server: LiveServer, shop: Shop, db: Session
) -> None:
    viewer = viewer_with_cart(server, shop.shirt_m)
    headers = {"Idempotency-Key": "double-click-0001"}
    body = confirmed(viewer, f"{SHOW}/checkout", checkout_body())
    results = all_at_once([lambda: viewer.post(f"{SHOW}/checkout", json=body, headers=headers)] * 2)
    assert [r.status_code for r in results] == [201, 201], [r.text for r in results]
    assert results[0].json() == results[1].json()
    assert counts(db) == (1, 1, 1, 1)
    db.expire_all()
    assert db.scalar(select(Variant.stock).where(Variant.id == shop.shirt_m)) == 4
    viewer.close()


def test_concurrent_reservations_never_oversell(
    shop: Shop, db: Session, session_factory: sessionmaker[Session]
) -> None:
    def take_one() -> bool:
        with transaction(session_factory) as tx:
            return inventory.reserve(tx, shop.lamp, 1) is not None

    results = all_at_once([take_one] * 8)
    assert sorted(results) == [False] * 5 + [True] * 3
    db.expire_all()
    assert db.scalar(select(Variant.stock).where(Variant.id == shop.lamp)) == 0
    with transaction(session_factory) as tx:
        inventory.release(tx, shop.lamp, 2)
    db.expire_all()
    assert db.scalar(select(Variant.stock).where(Variant.id == shop.lamp)) == 2


def test_concurrent_reservations_never_oversell_a_warehouse(
    shop: Shop, db: Session, session_factory: sessionmaker[Session]
) -> None:
    with transaction(session_factory) as tx:
        wh = Warehouse(seller_id=shop.seller_id, code="BER", name="B", city="B", country="DE")
        tx.add(wh)
        tx.flush()
        warehouse_id = wh.id
        inventory.place(tx, shop.seller_id, shop.lamp, warehouse_id, 2)  # 3 unplaced + 2

    def take_one() -> int | bool | None:
        with transaction(session_factory) as tx:
            taken = inventory.reserve(tx, shop.lamp, 1, [warehouse_id])
            return False if taken is None else taken.warehouse_id

    results = all_at_once([take_one] * 8)
    assert sorted(results, key=repr) == sorted(
        [False] * 3 + [warehouse_id] * 2 + [None] * 3, key=repr
    )
    db.expire_all()
    assert db.scalar(select(Variant.stock).where(Variant.id == shop.lamp)) == 0
    assert inventory.placed(db, shop.lamp) == {warehouse_id: 0}
