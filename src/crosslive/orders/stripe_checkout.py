"""Opening Stripe's hosted payment page for a placed card order.

Three short steps so no transaction waits on Stripe: read the order and build the session
(one transaction), ask Stripe for it (no transaction; the same payment always gets the same
session through Stripe's idempotency key), keep its id and URL on the payment (another).
A page whose session is still open is reused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.auth.models import Seller
from crosslive.compliance import titles as compliance_titles
from crosslive.errors import Conflict, NotFound
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Order, OrderStatus, Payment
from crosslive.orders.stripe_provider import NAME, session_params
from crosslive.shows.models import Show

# A session this close to its end is not handed out again: the buyer could not finish.
_MARGIN = timedelta(minutes=2)


@dataclass(frozen=True)
class HostedPage:
    """The hosted page to send the buyer to (url), or what to ask Stripe for (params)."""

    payment_id: int
    reference: str
    url: str = ""
    params: dict[str, Any] | None = None


def _card_payment(db: Session, public_id: str) -> tuple[Order, Payment]:
    order = db.scalar(select(Order).where(Order.public_id == public_id))
    if order is None:
        raise NotFound("no such order")
    if order.status is not OrderStatus.PENDING_PAYMENT:
        raise Conflict(f"this order is {order.status.value}; there is nothing to pay")
    payment = order.payments[-1] if order.payments else None
    if payment is None or payment.provider != NAME:
        raise Conflict("this order is not paid by card")
    return order, payment


def return_url(db: Session, order: Order, links: OrderLinks) -> str:
    """Back to the live room the order came from (its order page when the show is gone)."""
    show = db.get(Show, order.show_id) if order.show_id is not None else None
    if show is None:
        return links.url(order)
    seller = db.get(Seller, show.seller_id)
    query = urlencode({"store": seller.slug if seller else "", "paid_order": order.public_id})
    return f"{links.base_url.rstrip('/')}/live/{show.slug}?{query}"


def hosted_page(db: Session, public_id: str, links: OrderLinks, now: datetime) -> HostedPage:
    """The open session of the order's card payment, or the session to create."""
    order, payment = _card_payment(db, public_id)
    expires = payment.details.get("session_expires_at")
    url = str(payment.details.get("session_url") or "")
    if url and expires and datetime.fromtimestamp(int(expires), now.tzinfo) > now + _MARGIN:
        return HostedPage(payment.id, payment.reference, url=url)
    params = session_params(
        order,
        payment,
        success_url=return_url(db, order, links),
        cancel_url=links.url(order),
        now=now,
        # The handle where a severe claim hides a title from the order's market.
        titles=compliance_titles.line_titles(
            db, order.seller_id, order.market_code, [x.variant_id for x in order.lines], None
        ),
    )
    return HostedPage(payment.id, payment.reference, params=params)


def keep_session(db: Session, page: HostedPage, session_id: str, url: str, expires_at: int) -> None:
    """Remember the session Stripe made for the payment (the webhook finds the order by it)."""
    payment = db.get(Payment, page.payment_id)
    if payment is None:
        raise NotFound("no such payment")
    payment.details = {
        **payment.details,
        "session_id": session_id,
        "session_url": url,
        "session_expires_at": expires_at,
    }
    db.flush()
