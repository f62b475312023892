"""How long an unpaid order holds its stock, and what happens when the hold runs out.

During a live show everyone buys the same few products in the same minutes: an unpaid order
keeps its units for `live_order_hold_minutes` only. Checkout records the deadline on the order
(`hold_until`, shown to the buyer as "pay by") and schedules an `orders.expire_unpaid` job for
it in the same transaction; the scheduler runs the job once the deadline passes, which cancels
the order if it is still unpaid, puts its units back on sale (lifecycle.cancel: live viewers
see them return) and tells the buyer. An order paid or cancelled meanwhile is left alone.

An order's deadline is its payment method's window: `HoldPolicy.by_method` maps a method to
it (bank transfer: `bank_transfer_pay_days`, 3 days by default; Stripe: `card_pay_minutes`).
The short live hold applies to instant methods only (a card is paid on the spot): an order
paid by card during a live show gets the shorter of the two, while a bank transfer, which
takes days whenever it was ordered, keeps its days.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from crosslive.db import utcnow
from crosslive.orders import lifecycle, notifications, payments, stripe_provider
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Order, OrderStatus
from crosslive.scheduler import service as scheduler
from crosslive.settings import Settings
from crosslive.shows.models import Show, ShowState

EXPIRE_UNPAID = "orders.expire_unpaid"
UNPAID_IN_TIME = "unpaid_in_time"


@dataclass(frozen=True)
class HoldPolicy:
    """How long an unpaid order may hold its stock: None for no deadline."""

    live: timedelta | None = None
    by_method: Mapping[str, timedelta] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Settings) -> HoldPolicy:
        minutes = settings.live_order_hold_minutes
        return cls(
            live=timedelta(minutes=minutes) if minutes > 0 else None,
            by_method={
                payments.ManualBankTransfer.name: timedelta(days=settings.bank_transfer_pay_days),
                stripe_provider.NAME: timedelta(minutes=settings.card_pay_minutes),
            },
        )

    def window(self, *, live: bool, payment_method: str, instant: bool) -> timedelta | None:
        windows = [self.by_method.get(payment_method), self.live if live and instant else None]
        return min((w for w in windows if w is not None), default=None)


def start_hold(
    db: Session,
    order: Order,
    *,
    show: Show,
    payment_method: str,
    instant: bool,
    policy: HoldPolicy,
    now: datetime | None = None,
) -> None:
    """Give the new ORDER its deadline, if it has one, and schedule its expiry for it."""
    live = show.state is ShowState.LIVE
    window = policy.window(live=live, payment_method=payment_method, instant=instant)
    if window is None:
        return
    order.hold_until = (now or utcnow()) + window
    db.flush()
    scheduler.schedule(
        db, EXPIRE_UNPAID, order.hold_until, {"order_id": order.id}, key=f"order:{order.id}"
    )


def expire_unpaid(db: Session, payload: Mapping[str, Any], *, links: OrderLinks) -> bool:
    """Cancel the order if it is still unpaid and give its stock back; True if it did.
    Run twice, or after the order was paid, it changes nothing."""
    order = db.get(Order, int(payload["order_id"]))
    if order is None or order.status is not OrderStatus.PENDING_PAYMENT:
        return False
    try:
        if not lifecycle.cancel(db, order, reason=UNPAID_IN_TIME):
            return False
    except lifecycle.IllegalMove:  # paid a moment ago, by another request
        return False
    notifications.queue_expired(db, order, links)
    return True
