"""The orders domain's scheduled jobs (crosslive.scheduler), registered when the app is built:
an unpaid order's expiry at the end of its hold (`orders.holds`), followed for a card order by
the closing of its open Stripe page (`orders.stripe_expiry`), and a delivered order's
closing at the end of its return window (`orders.lifecycle`); with a tracking provider that
knows deliveries, the recurring poll of shipped orders (`orders.tracking_poll`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from crosslive.db import utcnow
from crosslive.orders import holds, lifecycle, stripe_expiry, tracking_poll
from crosslive.orders.links import OrderLinks
from crosslive.orders.stripe_provider import StripeConfig
from crosslive.orders.tracking import load_provider
from crosslive.scheduler.registry import JobRegistry
from crosslive.settings import Settings


def register_jobs(registry: JobRegistry, settings: Settings) -> None:
    links = OrderLinks.from_settings(settings)
    stripe_config = StripeConfig.from_settings(settings)

    def expire(db: Session, payload: Mapping[str, Any]) -> None:
        if holds.expire_unpaid(db, payload, links=links):
            stripe_expiry.schedule_close(db, int(payload["order_id"]), utcnow())

    def close_page(db: Session, payload: Mapping[str, Any]) -> None:
        stripe_expiry.close_page(stripe_config, payload)

    def close(db: Session, payload: Mapping[str, Any]) -> None:
        lifecycle.close_when_returns_end(db, payload, now=utcnow())

    registry.register(holds.EXPIRE_UNPAID, expire)
    registry.register(stripe_expiry.EXPIRE_PAGE, close_page, retry_seconds=10.0)
    registry.register(lifecycle.CLOSE, close)
    provider = load_provider(settings.tracking_provider)
    if tracking_poll.polls(provider):

        def poll(db: Session, payload: Mapping[str, Any]) -> None:
            tracking_poll.run(db, payload, provider=provider, links=links, now=utcnow())

        registry.register(tracking_poll.POLL, poll)


def start_jobs(db: Session, registry: JobRegistry, now: datetime) -> None:
    """At app start: add the next tracking poll when this app polls (once however many
    processes start)."""
    if tracking_poll.POLL in registry.names():
        tracking_poll.schedule_next(db, now)
