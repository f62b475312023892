"""Wiring the follow-up after delivery into the app while it is built: the delivered hook
that schedules it and the scheduler's `returns.follow_up` job kind that sends it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from crosslive.db import utcnow
from crosslive.orders.hooks import OrderHooks
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Order
from crosslive.returns import followup_mail
from crosslive.returns.followup_links import FollowUpLinks
from crosslive.scheduler.registry import JobRegistry
from crosslive.settings import Settings


def register_follow_up(jobs: JobRegistry, hooks: OrderHooks, settings: Settings) -> None:
    hours = settings.follow_up_hours
    links = FollowUpLinks.from_settings(settings)
    order_links = OrderLinks.from_settings(settings)

    def on_delivered(db: Session, order: Order) -> None:
        followup_mail.schedule(db, order, hours=hours)

    def send(db: Session, payload: Mapping[str, Any]) -> None:
        followup_mail.send(db, payload, links=links, order_links=order_links, now=utcnow())

    hooks.on_delivered(followup_mail.FOLLOW_UP, on_delivered)
    jobs.register(followup_mail.FOLLOW_UP, send)
