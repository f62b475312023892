"""Refunds: partial ones add up, never past what was paid; one per idempotency key, also
when two requests race (threads on the real database, SQLite or PostgreSQL); unpaid orders
and bank refunds without a reference are refused; the buyer is emailed; the admin form."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth.models import StaffUser
from crosslive.db import transaction
from crosslive.errors import DomainError
from crosslive.orders import service
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import PaymentStatus, Refund
from tests.factories import Shop, page_login
from tests.orders.lifecycle_helpers import fresh, order_id, paid_order, place_order, subjects

T = TypeVar("T")
LINKS = OrderLinks("http://127.0.0.1:8000", "test-secret")


def _refund(client: TestClient, oid: int, headers: dict[str, str], key: str, **body: object):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/orders/{oid}/refunds", json=body, headers={**headers, "Idempotency-Key": key}
    )


def test_partial_refunds_add_up_to_what_was_paid_and_no_further(
    app_client: TestClient,
    other_viewer: TestClient,
    shop: Shop,
    auth_headers: dict[str, str],
    db: Session,
) -> None:
    oid = paid_order(app_client, other_viewer, db, shop.shirt_m, "refund-0001", auth_headers)
    first = _refund(
        app_client,
        oid,
        auth_headers,
        "refund-k-1",
        amount_minor=1000,
        reference="BANK-77",
        reason="a loose button",
    )
    assert first.status_code == 201, first.text
    assert (first.json()["amount_minor"], first.json()["reference"]) == (1000, "BANK-77")
    retry = _refund(
        app_client, oid, auth_headers, "refund-k-1", amount_minor=1000, reference="BANK-77"
    )
    assert (retry.status_code, retry.json()["id"]) == (201, first.json()["id"])
    reused = _refund(app_client, oid, auth_headers, "refund-k-1", amount_minor=5, reference="B")
    assert reused.status_code == 409

    over = _refund(app_client, oid, auth_headers, "refund-k-2", amount_minor=1501, reference="B")
    assert over.status_code == 409
    assert over.json() == {
        "detail": "a refund of $15.01 is more than is left to refund ($15.00 of $25.00 paid)"
    }
    no_reference = _refund(app_client, oid, auth_headers, "refund-k-3", amount_minor=100)
    assert no_reference.status_code == 422
    order = fresh(db, oid)
    assert [r.amount_minor for r in order.refunds] == [1000]
    assert order.payments[0].refunded_minor == 1000

    rest = _refund(app_client, oid, auth_headers, "refund-k-4", amount_minor=1500, reference="B2")
    assert rest.status_code == 201
    order = fresh(db, oid)
    assert (order.payments[0].refunded_minor, order.payments[0].status) == (
        2500,
        PaymentStatus.REFUNDED,
    )
    more = _refund(app_client, oid, auth_headers, "refund-k-5", amount_minor=1, reference="B3")
    assert more.status_code == 409
    assert subjects(db).count("Acme Outfitters: a refund on your order") == 2
    listed = app_client.get(f"/api/v1/orders/{oid}/refunds", headers=auth_headers).json()
    assert [(r["amount_minor"], r["reason"]) for r in listed] == [
        (1000, "a loose button"),
        (1500, ""),
    ]


def test_an_unpaid_order_cannot_be_refunded(
    app_client: TestClient,
    other_viewer: TestClient,
    shop: Shop,
    auth_headers: dict[str, str],
    db: Session,
) -> None:
    oid = order_id(db, place_order(other_viewer, shop.shirt_m, "refund-0002")["public_id"])
    response = _refund(app_client, oid, auth_headers, "refund-k-9", amount_minor=1, reference="B")
    assert response.status_code == 409
    assert response.json() == {
        "detail": f"order {oid} is pending_payment: nothing was paid to refund"
    }
    missing_key = app_client.post(
        f"/api/v1/orders/{oid}/refunds", json={"amount_minor": 1}, headers=auth_headers
    )
    assert missing_key.status_code == 422
    assert db.scalar(select(func.count(Refund.id))) == 0


def _all_at_once(calls: list[Callable[[], T]]) -> list[T | DomainError]:
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], T]) -> T | DomainError:
        barrier.wait()
        try:
            return call()
        except DomainError as exc:
            return exc

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def _refund_in_thread(
    factory: sessionmaker[Session], user_id: int, oid: int, key: str, amount: int
) -> Callable[[], int]:
    def call() -> int:
        with transaction(factory) as db:
            staff = db.get(StaffUser, user_id)
            assert staff is not None
            row = service.refund_order(
                db,
                staff,
                oid,
                amount_minor=amount,
                reason="",
                reference="BANK",
                key=key,
                links=LINKS,
            )
            return row.id

    return call


def test_racing_refunds_make_one_refund_per_key_and_never_pass_what_was_paid(
    app_client: TestClient,
    other_viewer: TestClient,
    shop: Shop,
    auth_headers: dict[str, str],
    owner: dict[str, str | int],
    session_factory: sessionmaker[Session],
    db: Session,
) -> None:
    user = int(owner["user_id"])
    oid = paid_order(app_client, other_viewer, db, shop.shirt_m, "refund-0003", auth_headers)
    # A double click: the same key twice at once -> one refund, both answers name it.
    same = _all_at_once([_refund_in_thread(session_factory, user, oid, "dbl-click", 900)] * 2)
    assert len(set(same)) == 1 and isinstance(same[0], int)
    # Two staff, different keys, each refunding more than half of what is left: one wins.
    rivals = _all_at_once(
        [
            _refund_in_thread(session_factory, user, oid, "staff-ana", 900),
            _refund_in_thread(session_factory, user, oid, "staff-bo", 900),
        ]
    )
    assert sorted(type(r).__name__ for r in rivals) == ["Conflict", "int"]
    order = fresh(db, oid)
    assert [r.amount_minor for r in order.refunds] == [900, 900]
    assert order.payments[0].refunded_minor == 1800
    assert subjects(db).count("Acme Outfitters: a refund on your order") == 2


def test_the_owner_refunds_from_the_order_page_once_per_form(
    app_client: TestClient,
    other_viewer: TestClient,
    shop: Shop,
    auth_headers: dict[str, str],
    owner: dict[str, str | int],
    db: Session,
) -> None:
    oid = paid_order(app_client, other_viewer, db, shop.shirt_m, "refund-0004", auth_headers)
    csrf = page_login(app_client, str(owner["email"]))
    page = app_client.get(f"/admin/orders/{oid}")
    assert "Record the refund and tell the buyer" in page.text
    form = {
        "csrf_token": csrf,
        "refund_key": "form-key-0001",
        "amount": "12.50",
        "reference": "BANK-9",
        "reason": "<b>late</b>",
    }
    for _ in range(2):  # a double click sends the same form twice
        done = app_client.post(f"/admin/orders/{oid}/refund", data=form, follow_redirects=False)
        assert done.status_code == 303
    shown = app_client.get(f"/admin/orders/{oid}?done=refund")
    assert "$12.50" in shown.text and "&lt;b&gt;late&lt;/b&gt;" in shown.text
    too_much = app_client.post(
        f"/admin/orders/{oid}/refund", data={**form, "refund_key": "form-key-0002", "amount": "20"}
    )
    assert too_much.status_code == 409 and "more than is left to refund" in too_much.text
    no_csrf = app_client.post(
        f"/admin/orders/{oid}/refund", data={**form, "csrf_token": "x", "refund_key": "form-key-3"}
    )
    assert no_csrf.status_code == 403
    assert [r.amount_minor for r in fresh(db, oid).refunds] == [1250]
