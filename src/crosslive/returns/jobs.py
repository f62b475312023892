"""The returns domain's part in the app's scheduled work, wired when the app is built: the
abandoned-return reminder (`returns.remind`), and the close guard that keeps an order with an
open return from closing (an `orders.hooks` close guard)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from crosslive.db import utcnow
from crosslive.orders.hooks import OrderHooks
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Order
from crosslive.returns import handling, notify, requests
from crosslive.returns.models import ReturnRequest, ReturnStatus
from crosslive.scheduler.registry import JobRegistry
from crosslive.settings import Settings


def remind(db: Session, payload: Mapping[str, Any], links: OrderLinks, *, now: datetime) -> bool:
    """Email the buyer of a return started and never confirmed, once, while the window is
    still open; True if it did."""
    ret = db.get(ReturnRequest, int(payload["return_id"]))
    if ret is None or ret.status is not ReturnStatus.STARTED or ret.reminded_at is not None:
        return False
    order = db.get(Order, ret.order_id)
    if order is None or order.returns_until is None or order.returns_until <= now:
        return False
    result = db.execute(
        update(ReturnRequest)
        .where(ReturnRequest.id == ret.id, ReturnRequest.reminded_at.is_(None))
        .values(reminded_at=now)
        .execution_options(synchronize_session=False)
    )
    assert isinstance(result, CursorResult)
    if result.rowcount != 1:
        return False
    db.refresh(ret)
    extra = requests.mail_extra(requests.instructions(db, order, ret))
    day = order.returns_until.strftime("%Y-%m-%d")
    notify.email_buyer(db, order, ret, links, "started", returns_until=day, **extra)
    return True


def register_jobs(registry: JobRegistry, settings: Settings, hooks: OrderHooks) -> None:
    links = OrderLinks.from_settings(settings)

    def remind_job(db: Session, payload: Mapping[str, Any]) -> None:
        remind(db, payload, links, now=utcnow())

    registry.register(requests.REMIND, remind_job)
    hooks.hold_closing_while(handling.has_open_return)
