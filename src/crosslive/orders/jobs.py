"""The orders domain's scheduled jobs (crosslive.scheduler), registered when the app is built:
an unpaid order's expiry at the end of its hold (`orders.holds`) and a delivered order's
closing at the end of its return window (`orders.lifecycle`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from crosslive.db import utcnow
from crosslive.orders import holds, lifecycle
from crosslive.orders.links import OrderLinks
from crosslive.scheduler.registry import JobRegistry
from crosslive.settings import Settings


def register_jobs(
    registry: JobRegistry, settings: Settings, guards: lifecycle.CloseGuards | None = None
) -> None:
    links = OrderLinks.from_settings(settings)

    def expire(db: Session, payload: Mapping[str, Any]) -> None:
        holds.expire_unpaid(db, payload, links=links)

    def close(db: Session, payload: Mapping[str, Any]) -> None:
        lifecycle.close_when_returns_end(db, payload, now=utcnow(), guards=guards)

    registry.register(holds.EXPIRE_UNPAID, expire)
    registry.register(lifecycle.CLOSE, close)
