"""Who sees the dashboard and what: login first, each store only its own figures, money and
returns only for the owner; and its cost: a fixed handful of queries, however big the store."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth.models import Role
from crosslive.consultations.models import ConsultationState
from crosslive.db import utcnow
from crosslive.shows.models import ShowState
from crosslive.state import state_of
from tests.dashboard.helpers import dashboard, figures, tasks
from tests.dashboard.store_steps import (
    add_call_request,
    add_credential,
    add_question,
    set_show,
    set_stock,
)
from tests.factories import Shop, add_staff, page_login
from tests.orders.lifecycle_helpers import order_id, place_order

# The session, its staff member and store, the show, and one query per figure or group of
# figures (12 today).
MAX_QUERIES = 14
# What the app's own background loops read while a page is served: not the page's queries.
BACKGROUND = ("scheduled_jobs", "outbox_emails")


def test_login_first(app_client: TestClient) -> None:
    stranger = TestClient(app_client.app)
    response = stranger.get("/admin", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (
        303,
        "/admin/login?next=/admin",
    )


def _busy(
    factory: sessionmaker[Session], shop: Shop, buyer: TestClient, db: Session, n: int
) -> None:
    """N of everything the dashboard counts in the shop's store."""
    set_show(factory, shop, ShowState.LIVE)
    set_stock(factory, shop.lamp, 0)
    set_stock(factory, shop.shirt_m, 100)
    for i in range(n):
        place_order(buyer, shop.shirt_m, f"dashboard-busy-{n}-{i}")
        add_question(factory, shop.show_id, f"Question {i}?")
        add_call_request(factory, shop, ConsultationState.EXPIRED, f"v-{n}-{i}")
        add_credential(factory, shop.seller_id, utcnow().date() + timedelta(days=5))


def test_each_store_sees_only_its_own(
    app_client: TestClient,
    owner_browser: TestClient,
    buyer: TestClient,
    shop: Shop,
    other_owner: dict[str, str | int],
    session_factory: sessionmaker[Session],
    auth_headers: dict[str, str],
    db: Session,
) -> None:
    _busy(session_factory, shop, buyer, db, 2)
    oid = order_id(db, place_order(buyer, shop.shirt_l, "dashboard-scope-1")["public_id"])
    assert app_client.post(f"/api/v1/orders/{oid}/paid", headers=auth_headers).status_code == 200
    assert tasks(owner_browser) == {
        "to_ship": 1,
        "questions": 2,
        "calls": 2,
        "sold_out": 2,  # the lamp, and the last shirt L just sold
        "expiring": 2,
    }
    assert figures(owner_browser)["orders"] == ("3", "0")

    globex = TestClient(app_client.app)
    page_login(globex, str(other_owner["email"]))
    page = dashboard(globex)
    assert tasks(globex) == {}
    assert "Nothing waiting." in page and "No show is live or scheduled." in page
    assert "Spring drop" not in page
    assert figures(globex)["orders"] == ("0", "0")


def test_a_host_sees_no_orders_returns_or_money_of_others(
    app_client: TestClient,
    buyer: TestClient,
    shop: Shop,
    session_factory: sessionmaker[Session],
    auth_headers: dict[str, str],
    db: Session,
) -> None:
    _busy(session_factory, shop, buyer, db, 1)
    oid = order_id(db, place_order(buyer, shop.shirt_l, "dashboard-host-1")["public_id"])
    assert app_client.post(f"/api/v1/orders/{oid}/paid", headers=auth_headers).status_code == 200
    host = TestClient(app_client.app)
    page_login(host, add_staff(session_factory, shop.seller_id, "hana@acme.test", Role.HOST))
    assert tasks(host) == {"questions": 1, "calls": 1, "sold_out": 2, "expiring": 1}
    assert figures(host)["orders"] == ("0", "0")  # not a host of the show that sold
    moderator = TestClient(app_client.app)
    page_login(
        moderator, add_staff(session_factory, shop.seller_id, "mo@acme.test", Role.MODERATOR)
    )
    assert tasks(moderator) == {"questions": 1, "sold_out": 2, "expiring": 1}
    assert figures(moderator) == {}


@contextmanager
def _counted(app: Any) -> Iterator[list[str]]:
    statements: list[str] = []
    engine = state_of(app).engine

    def seen(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", seen)


def _queries(client: TestClient) -> int:
    with _counted(client.app) as statements:
        dashboard(client)
    return len([s for s in statements if not any(table in s for table in BACKGROUND)])


def test_a_fixed_handful_of_queries_however_big_the_store(
    owner_browser: TestClient,
    buyer: TestClient,
    shop: Shop,
    session_factory: sessionmaker[Session],
    db: Session,
) -> None:
    _busy(session_factory, shop, buyer, db, 1)
    small = _queries(owner_browser)
    _busy(session_factory, shop, buyer, db, 8)
    assert tasks(owner_browser)["questions"] == 9
    assert _queries(owner_browser) == small <= MAX_QUERIES
