"""Unpaid orders placed during a live show hold their stock for a short time only: the
deadline is on the order, the scheduler cancels the order at it and puts the units back,
once, and never for an order paid meanwhile."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from crosslive.app import create_app
from crosslive.db import transaction, utcnow
from crosslive.events.models import ShowEvent
from crosslive.mail.models import OutboxEmail
from crosslive.orders.holds import EXPIRE_UNPAID, HoldPolicy, expire_unpaid
from crosslive.orders.jobs import register_jobs
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Order, OrderStatus, PaymentStatus
from crosslive.scheduler.models import JobState, ScheduledJob
from crosslive.scheduler.registry import JobRegistry
from crosslive.scheduler.runner import JobRunner
from crosslive.settings import Settings
from crosslive.shows.models import Show, ShowState
from crosslive.state import state_of
from tests.conftest import keeps_viewer_identity
from tests.factories import Shop
from tests.orders.test_checkout import add, checkout, stock
from tests.scheduler.clock import FakeClock


def go_live(factory: sessionmaker[Session], shop: Shop) -> None:
    with transaction(factory) as db:
        db.execute(update(Show).where(Show.id == shop.show_id).values(state=ShowState.LIVE))


def place(client: TestClient, shop: Shop, key: str = "attempt-0001") -> dict[str, Any]:
    add(client, shop.shirt_m, 2)
    add(client, shop.shirt_l, 1)
    response = checkout(client, key)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def the_order(db: Session) -> Order:
    db.expire_all()
    order = db.scalar(select(Order))
    assert order is not None
    return order


def run_jobs_at(factory: sessionmaker[Session], settings: Settings, at: datetime) -> int:
    registry = JobRegistry()
    register_jobs(registry, settings)
    return asyncio.run(JobRunner(factory, registry, clock=FakeClock(at)).run_due())


def test_a_live_bank_transfer_order_carries_its_days_to_pay_and_its_expiry_job(
    app_client: TestClient, shop: Shop, db: Session, session_factory: sessionmaker[Session]
) -> None:
    go_live(session_factory, shop)
    before = utcnow()
    body = place(app_client, shop)
    after = utcnow()
    order = the_order(db)
    assert order.hold_until is not None
    # A transfer takes days however it was ordered: the 15-minute live hold is for cards.
    assert before + timedelta(days=3) <= order.hold_until <= after + timedelta(days=3)
    assert datetime.fromisoformat(body["hold_until"]) == order.hold_until
    job = db.scalar(select(ScheduledJob))
    assert job is not None
    assert (job.kind, job.key, job.payload, job.due_at, job.state) == (
        EXPIRE_UNPAID,
        f"order:{order.id}",
        {"order_id": order.id},
        order.hold_until,
        JobState.PENDING,
    )
    pay_by = order.hold_until.strftime("%Y-%m-%d %H:%M UTC")
    page = app_client.get(body["url"]).text
    assert f'Pay by <time datetime="{order.hold_until.isoformat()}">{pay_by}</time>' in page
    email = db.scalar(select(OutboxEmail))
    assert email is not None and f"Pay by {pay_by}: unpaid by then" in email.text_body


def test_an_order_placed_outside_a_live_show_has_its_payment_methods_window(
    app_client: TestClient, shop: Shop, db: Session
) -> None:
    """Bank transfer: three days (CROSSLIVE_BANK_TRANSFER_PAY_DAYS), not the live hold."""
    before = utcnow()
    body = place(app_client, shop)  # the show is only scheduled
    order = the_order(db)
    assert order.hold_until is not None
    assert before + timedelta(days=3) <= order.hold_until <= utcnow() + timedelta(days=3)
    assert datetime.fromisoformat(body["hold_until"]) == order.hold_until
    job = db.scalar(select(ScheduledJob))
    assert job is not None and (job.kind, job.due_at) == (EXPIRE_UNPAID, order.hold_until)
    assert "Pay by" in app_client.get(body["url"]).text


def test_at_its_deadline_an_unpaid_live_order_is_cancelled_and_its_stock_comes_back_once(
    app_client: TestClient,
    shop: Shop,
    db: Session,
    session_factory: sessionmaker[Session],
    settings: Settings,
) -> None:
    go_live(session_factory, shop)
    body = place(app_client, shop)
    order = the_order(db)
    assert order.hold_until is not None
    assert (stock(db, shop.shirt_m), stock(db, shop.shirt_l)) == (3, 0)

    assert run_jobs_at(session_factory, settings, order.hold_until - timedelta(seconds=1)) == 0
    assert the_order(db).status is OrderStatus.PENDING_PAYMENT
    assert run_jobs_at(session_factory, settings, order.hold_until) == 1

    order = the_order(db)
    assert (order.status, order.cancel_reason) == (OrderStatus.CANCELLED, "unpaid_in_time")
    assert [p.status for p in order.payments] == [PaymentStatus.FAILED]
    assert (stock(db, shop.shirt_m), stock(db, shop.shirt_l)) == (5, 1)
    events = db.execute(select(ShowEvent.show_id, ShowEvent.kind, ShowEvent.payload)).all()
    assert [tuple(e) for e in events] == [
        (shop.show_id, "order_status", {"order_id": order.id, "status": "cancelled"}),
        (
            shop.show_id,
            "stock_changed",
            {
                "variants": [
                    {"id": shop.shirt_m, "in_stock": True},
                    {"id": shop.shirt_l, "in_stock": True},
                ]
            },
        ),
    ]
    emails = db.scalars(select(OutboxEmail.subject).order_by(OutboxEmail.id)).all()
    assert emails[-1] == "Acme Outfitters: your unpaid order was cancelled"
    assert db.scalar(select(ScheduledJob.state)) is JobState.DONE
    page = app_client.get(body["url"]).text
    assert "so it was cancelled and its items went back on sale" in page

    with transaction(session_factory) as again:  # the job run a second time changes nothing
        links = OrderLinks.from_settings(settings)
        assert expire_unpaid(again, {"order_id": order.id}, links=links) is False
    assert (stock(db, shop.shirt_m), stock(db, shop.shirt_l)) == (5, 1)
    assert len(db.scalars(select(OutboxEmail.id)).all()) == len(emails)


def test_an_order_paid_before_its_deadline_keeps_its_stock(
    app_client: TestClient,
    shop: Shop,
    db: Session,
    session_factory: sessionmaker[Session],
    settings: Settings,
    auth_headers: dict[str, str],
) -> None:
    go_live(session_factory, shop)
    place(app_client, shop)
    order = the_order(db)
    assert order.hold_until is not None
    paid = app_client.post(f"/api/v1/orders/{order.id}/paid", headers=auth_headers)
    assert paid.status_code == 200, paid.text
    assert run_jobs_at(session_factory, settings, order.hold_until + timedelta(hours=1)) == 1
    order = the_order(db)
    assert (order.status, order.cancel_reason) == (OrderStatus.PAID, "")
    assert (stock(db, shop.shirt_m), stock(db, shop.shirt_l)) == (3, 0)
    kinds = db.scalars(select(ShowEvent.kind)).all()
    assert "stock_changed" not in kinds  # nothing came back on sale
    assert db.scalar(select(ScheduledJob.state)) is JobState.DONE


def test_the_live_hold_applies_to_instant_methods_and_a_transfer_keeps_its_days() -> None:
    policy = HoldPolicy(live=timedelta(minutes=15), by_method={"manual": timedelta(days=3)})
    assert policy.window(live=True, payment_method="manual", instant=False) == timedelta(days=3)
    assert policy.window(live=False, payment_method="manual", instant=False) == timedelta(days=3)
    assert policy.window(live=False, payment_method="card", instant=True) is None
    assert policy.window(live=True, payment_method="card", instant=True) == timedelta(minutes=15)
    card = HoldPolicy.from_settings(Settings(card_pay_minutes=45))
    assert card.window(live=False, payment_method="stripe", instant=True) == timedelta(minutes=45)
    assert card.window(live=True, payment_method="stripe", instant=True) == timedelta(minutes=15)
    off = HoldPolicy.from_settings(Settings(live_order_hold_minutes=0))
    assert off.window(live=True, payment_method="manual", instant=False) == timedelta(days=3)
    assert off.window(live=True, payment_method="card", instant=True) is None


def test_the_expiry_survives_a_restart_and_runs_in_the_next_app(
    settings: Settings, shop: Shop, db: Session, session_factory: sessionmaker[Session]
) -> None:
    """Placed in an app that stops before the deadline; the next app on the same database
    (its scheduler started in its lifespan) expires the order."""
    go_live(session_factory, shop)
    first = create_app(settings.model_copy(update={"scheduler_enabled": False}))
    with TestClient(first) as client:
        place(keeps_viewer_identity(client), shop)
    state_of(first).engine.dispose()
    order = the_order(db)
    assert order.status is OrderStatus.PENDING_PAYMENT
    with transaction(session_factory) as moved:  # the deadline passes while nothing runs
        moved.execute(update(ScheduledJob).values(due_at=utcnow() - timedelta(seconds=1)))

    second = create_app(settings.model_copy(update={"scheduler_poll_seconds": 0.05}))
    with TestClient(second):
        give_up = time.monotonic() + 60  # a bound on waiting for it, not on its speed
        while the_order(db).status is OrderStatus.PENDING_PAYMENT:
            assert time.monotonic() < give_up, "the next app never ran the expiry"
            time.sleep(0.05)
    state_of(second).engine.dispose()
    assert the_order(db).status is OrderStatus.CANCELLED
    assert (stock(db, shop.shirt_m), stock(db, shop.shirt_l)) == (5, 1)
