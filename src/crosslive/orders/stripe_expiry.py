"""Closing Stripe's hosted page when an unpaid card order's hold runs out first.

A live card order holds its stock for 15 minutes; Stripe keeps a page open for at least 30.
When the scheduler cancels the order (orders.holds.expire_unpaid), the same transaction adds
an `orders.expire_card_page` job, which asks Stripe to expire the order's open Checkout
Session (`POST /v1/checkout/sessions/{id}/expire`): from then on the page takes no payment.
The call runs in a job of its own, after the cancel is committed, so no transaction waits on
Stripe, and the scheduler retries it while Stripe does not answer. A page that is no longer
open (the buyer paid a moment before, or it expired by itself) is left as it is: a payment
that got through is refunded when its webhook arrives (orders.stripe_webhook). The owner's
cancel of an unpaid card order (orders.service.cancel_unpaid) closes the page the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import stripe
from sqlalchemy.orm import Session

from crosslive.orders.models import Order, OrderStatus, PaymentStatus
from crosslive.orders.stripe_provider import NAME, ProviderUnavailable, StripeConfig
from crosslive.scheduler import service as scheduler

log = logging.getLogger(__name__)

EXPIRE_PAGE = "orders.expire_card_page"


def page_to_close(order: Order) -> str | None:
    """The Checkout Session id of a cancelled order's unpaid card payment (the cancel marks
    a pending payment failed), if it has one."""
    if order.status is not OrderStatus.CANCELLED or not order.payments:
        return None
    payment = order.payments[-1]
    if payment.provider != NAME or payment.status in (PaymentStatus.PAID, PaymentStatus.REFUNDED):
        return None
    session_id = payment.details.get("session_id")
    return str(session_id) if session_id else None


def schedule_close(db: Session, order_id: int, now: datetime) -> bool:
    """After ORDER_ID was cancelled: add the job that expires its open Stripe page (once per
    page); whether there was a page to close."""
    order = db.get(Order, order_id)
    session_id = page_to_close(order) if order is not None else None
    if session_id is None:
        return False
    scheduler.schedule(
        db, EXPIRE_PAGE, now, {"session_id": session_id}, key=f"stripe-page:{session_id}"
    )
    return True


def close_page(config: StripeConfig | None, payload: Mapping[str, Any]) -> str:
    """Ask Stripe to expire the session in PAYLOAD; what happened ("expired", "not_open",
    "not_configured"). Raises ProviderUnavailable (the job is retried) when Stripe does not
    answer."""
    session_id = str(payload["session_id"])
    if config is None:
        log.warning("stripe page left open: card payments are not set up any more")
        return "not_configured"
    try:
        config.client().v1.checkout.sessions.expire(
            session_id, options={"idempotency_key": f"crosslive-expire-{session_id}"}
        )
    except stripe.InvalidRequestError:
        # Completed or expired already: a late payment is refunded by the webhook.
        log.info("stripe page was no longer open", extra={"session": session_id})
        return "not_open"
    except stripe.StripeError as exc:
        log.warning(
            "stripe page expiry refused", extra={"session": session_id, "error": type(exc).__name__}
        )
        raise ProviderUnavailable("Stripe did not expire the payment page; retrying") from None
    return "expired"
