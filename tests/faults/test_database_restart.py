"""Restart PostgreSQL while checkouts are in flight: each buyer, retrying with the same
Idempotency-Key, gets exactly one order, stock moves once, one payment, one email."""

from __future__ import annotations

import threading

import httpx
import psycopg
import pytest
from sqlalchemy import func, select

from crosslive.catalog.models import Variant
from crosslive.db import transaction
from crosslive.mail.models import OutboxEmail
from crosslive.orders.models import IdempotencyKey, Order, Payment
from tests.factories import checkout_body, confirmed
from tests.faults.conftest import Apps, Store
from tests.faults.servers import PostgresCluster, wait_until

pytestmark = pytest.mark.faults
BUYERS = 4


def _buyer(url: str, slug: str, variant_id: int) -> httpx.Client:
    http = httpx.Client(base_url=url, timeout=10)
    response = http.post(
        f"/api/v1/shows/{slug}/cart/items",
        json={"market": "US", "variant_id": variant_id, "quantity": 1},
    )
    assert response.status_code == 200, response.text
    http.headers["X-Viewer-Token"] = response.headers["X-Viewer-Token"]
    return http


def _checkout_until_placed(
    http: httpx.Client, slug: str, body: dict[str, object], key: str, out: list[object]
) -> None:
    """What a careful client does: on no answer, 503 or 409 (first try still running),
    send the same request with the same key again."""
    statuses: list[int | None] = []
    for _ in range(40):
        try:
            response = http.post(
                f"/api/v1/shows/{slug}/checkout", json=body, headers={"Idempotency-Key": key}
            )
        except httpx.TransportError:
            statuses.append(None)
            continue
        statuses.append(response.status_code)
        if response.status_code == 201:
            out.append((statuses, response.json()))
            return
        threading.Event().wait(0.2)
    out.append((statuses, None))


def _waiting_on_locks(cluster: PostgresCluster, database: str) -> int:
    with psycopg.connect(cluster.dsn(database)) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
        ).fetchone()
    return int(row[0]) if row else 0


def test_postgres_restart_mid_checkout_places_each_order_once(
    apps: Apps, store: Store, pg_cluster: PostgresCluster
) -> None:
    app = apps.start()
    slug, shirt = store.shop.show_slug, store.shop.shirt_m
    buyers = [_buyer(app.url, slug, shirt) for _ in range(BUYERS)]
    url = f"/api/v1/shows/{slug}/checkout"
    bodies = [confirmed(http, url, checkout_body()) for http in buyers]  # challenge solved
    database = store.url.rsplit("/", 1)[1]
    # Hold the shirt's row: every checkout claims its key, then waits on the stock UPDATE.
    blocker = psycopg.connect(pg_cluster.dsn(database))
    blocker.execute("SELECT stock FROM variants WHERE id = %s FOR UPDATE", (shirt,))
    results: list[list[object]] = [[] for _ in buyers]
    threads = [
        threading.Thread(
            target=_checkout_until_placed, args=(http, slug, body, f"key-{n:04d}", out)
        )
        for n, (http, body, out) in enumerate(zip(buyers, bodies, results, strict=True))
    ]
    for thread in threads:
        thread.start()
    wait_until(lambda: _waiting_on_locks(pg_cluster, database) == BUYERS, "checkouts to block")
    pg_cluster.restart("immediate")  # every checkout dies mid-transaction
    blocker.close()
    for thread in threads:
        thread.join(timeout=60)

    orders = []
    for n, ((statuses, order), http) in enumerate(
        zip((r[0] for r in results), buyers, strict=True)
    ):
        assert order is not None, statuses
        assert 503 in statuses  # the restart cut it, and said to try again
        assert not [s for s in statuses if s is not None and s >= 500 and s != 503]
        orders.append(order)
        again = http.post(url, json=bodies[n], headers={"Idempotency-Key": f"key-{n:04d}"})
        assert (again.status_code, again.json()) == (201, order)  # a replay, not a new order
        http.close()
    with transaction(store.factory) as db:
        counted = {
            model.__name__: db.scalar(select(func.count()).select_from(model))
            for model in (Order, Payment, OutboxEmail, IdempotencyKey)
        }
        stock = db.scalar(select(Variant.stock).where(Variant.id == shirt))
        placed = set(db.scalars(select(Order.public_id)))
    assert counted == {
        "Order": BUYERS,
        "Payment": BUYERS,
        "OutboxEmail": BUYERS,
        "IdempotencyKey": BUYERS,
    }
    assert stock == 100 - BUYERS
    assert placed == {order["public_id"] for order in orders}  # type: ignore[index]
