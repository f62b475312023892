"""Asking the tracking provider about shipped orders, as a recurring scheduler job.

With a provider other than the manual one (CROSSLIVE_TRACKING_PROVIDER), the `orders.tracking_poll`
job runs every POLL_EVERY: it asks the provider about the shipped orders
(`tracking_import.poll`) and schedules its next run. Each run is keyed by its due slot (the
next multiple of POLL_EVERY), so however many app processes start or finish a run at once,
each slot is added once; app start adds the next slot too, which revives the chain after a run
failed for good. A run that fails (the provider was down) is retried by the scheduler, and its
next slot is added by whichever attempt succeeds.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from crosslive.orders import tracking_import
from crosslive.orders.links import OrderLinks
from crosslive.orders.tracking import ManualTracking, TrackingProvider
from crosslive.scheduler import service as scheduler

POLL = "orders.tracking_poll"
POLL_EVERY = timedelta(minutes=30)
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def polls(provider: TrackingProvider) -> bool:
    """Whether PROVIDER can tell anything by itself (the manual one cannot)."""
    return not isinstance(provider, ManualTracking)


def next_slot(now: datetime) -> datetime:
    """The first multiple of POLL_EVERY (counted from 2000-01-01 UTC) after NOW."""
    slots = (now - _EPOCH) // POLL_EVERY
    return _EPOCH + (slots + 1) * POLL_EVERY


def schedule_next(db: Session, now: datetime) -> bool:
    """Add the run of the slot after NOW unless it exists; whether this call added it."""
    slot = next_slot(now)
    payload = {"slot": slot.isoformat()}
    return scheduler.schedule(db, POLL, slot, payload, key=f"slot:{slot:%Y-%m-%dT%H:%M}Z")


def run(
    db: Session,
    payload: Mapping[str, Any],
    *,
    provider: TrackingProvider,
    links: OrderLinks,
    now: datetime,
) -> int:
    """The job: poll the provider, then schedule the run of the slot after this one's (or
    after NOW, when it ran late); how many orders changed."""
    changed = tracking_import.poll(db, provider, links, now)
    slot = datetime.fromisoformat(str(payload["slot"])) if "slot" in payload else now
    schedule_next(db, max(slot, now))
    return changed
