"""The recurring tracking poll: registered only for a provider other than the manual one, added
once per due slot however often it is asked for, delivering what the provider reports and
scheduling its next slot."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction, utcnow
from crosslive.orders import tracking_poll
from crosslive.orders.jobs import register_jobs, start_jobs
from crosslive.orders.models import OrderStatus
from crosslive.orders.tracking import TrackingEvent, TrackingStatus
from crosslive.scheduler.models import JobState, ScheduledJob
from crosslive.scheduler.registry import JobRegistry
from crosslive.scheduler.runner import JobRunner
from crosslive.settings import Settings
from tests.factories import Shop
from tests.orders.lifecycle_helpers import fresh, shipped_order

ASKED: list[list[str]] = []


class DeliveredEverything:
    """A provider that says every parcel it is asked about was delivered just now."""

    name = "fake"

    def events(self, tracking_numbers: Sequence[str]) -> list[TrackingEvent]:
        ASKED.append(list(tracking_numbers))
        at = utcnow()
        return [
            TrackingEvent(TrackingStatus.DELIVERED, at, tracking_number=n) for n in tracking_numbers
        ]


def with_provider(settings: Settings, spec: str) -> JobRegistry:
    registry = JobRegistry()
    register_jobs(registry, settings.model_copy(update={"tracking_provider": spec}))
    return registry


def polls(factory: sessionmaker[Session]) -> list[tuple[str, datetime, JobState]]:
    with transaction(factory) as db:
        rows = db.execute(
            select(ScheduledJob.key, ScheduledJob.due_at, ScheduledJob.state)
            .where(ScheduledJob.kind == tracking_poll.POLL)
            .order_by(ScheduledJob.due_at)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def test_slots_are_the_next_half_hour() -> None:
    at = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
    assert tracking_poll.next_slot(at) == datetime(2026, 12, 3, 10, 30, tzinfo=UTC)
    assert tracking_poll.next_slot(at + timedelta(minutes=29, seconds=59)) == at + timedelta(
        minutes=30
    )


def test_the_manual_provider_registers_no_poll(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    registry = with_provider(settings, "manual")
    assert tracking_poll.POLL not in registry.names()
    with transaction(session_factory) as db:
        start_jobs(db, registry, utcnow())
    assert polls(session_factory) == []


def test_the_poll_delivers_shipped_orders_and_schedules_its_next_slot(
    app_client: TestClient,
    other_viewer: TestClient,
    shop: Shop,
    auth_headers: dict[str, str],
    db: Session,
    settings: Settings,
    session_factory: sessionmaker[Session],
) -> None:
    oid = shipped_order(app_client, other_viewer, db, shop.shirt_m, "poll-0001", auth_headers)
    registry = with_provider(settings, f"{__name__}:DeliveredEverything")
    assert tracking_poll.POLL in registry.names()
    now = utcnow()
    first = tracking_poll.next_slot(now)
    for _ in range(3):  # three processes starting: one run per slot
        with transaction(session_factory) as session:
            start_jobs(session, registry, now)
    assert polls(session_factory) == [(f"slot:{first:%Y-%m-%dT%H:%M}Z", first, JobState.PENDING)]

    ASKED.clear()
    runner = JobRunner(session_factory, registry, clock=lambda: first, owner="test")
    assert asyncio.run(runner.run_due()) == 1
    assert [[f"1Z{oid:06d}"]] == ASKED
    order = fresh(db, oid)
    assert order.status is OrderStatus.DELIVERED
    second = first + tracking_poll.POLL_EVERY
    assert polls(session_factory) == [
        (f"slot:{first:%Y-%m-%dT%H:%M}Z", first, JobState.DONE),
        (f"slot:{second:%Y-%m-%dT%H:%M}Z", second, JobState.PENDING),
    ]
