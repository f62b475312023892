"""The emails the orders domain sends (templates in orders/emails/), queued in the outbox.

Every email links to the buyer's order page with a freshly signed token (orders.links).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from crosslive.auth.models import Seller
from crosslive.mail import outbox
from crosslive.mail.templates import EmailTemplates
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Order, Refund

EMAILS = EmailTemplates(Path(__file__).parent / "emails")


def order_url(links: OrderLinks, order: Order) -> str:
    return links.url(order)


def store_name(db: Session, order: Order) -> str:
    store = db.get(Seller, order.seller_id)
    return store.name if store else "crosslive"


def _queue(
    db: Session, order: Order, links: OrderLinks, name: str, subject: str, **extra: Any
) -> None:
    store = extra.pop("store_name", None) or store_name(db, order)
    context = {"order": order, "store_name": store, "url": links.url(order), **extra}
    email = EMAILS.render(name, context)
    outbox.enqueue(
        db,
        to=order.email,
        subject=subject.format(store=store),
        text=email.text,
        html=email.html or "",
    )


def queue_confirmation(db: Session, order: Order, *, store_name: str, links: OrderLinks) -> None:
    reference = f" {order.payments[0].reference}" if order.payments else ""
    subject = "{store}: your order" + reference
    _queue(db, order, links, "confirmation", subject, store_name=store_name)


def queue_shipped(
    db: Session, order: Order, links: OrderLinks, promise: tuple[str, str] | None
) -> None:
    window = {"first": promise[0], "last": promise[1]} if promise else None
    _queue(db, order, links, "shipped", "{store}: your order is on its way", promise=window)


def queue_delivered(
    db: Session, order: Order, links: OrderLinks, returns_until: datetime | None, terms: str
) -> None:
    day = returns_until.strftime("%Y-%m-%d") if returns_until else None
    _queue(
        db,
        order,
        links,
        "delivered",
        "{store}: your order was delivered",
        returns_until=day,
        terms=terms,
    )


def queue_refunded(db: Session, order: Order, refund: Refund, links: OrderLinks) -> None:
    _queue(db, order, links, "refunded", "{store}: a refund on your order", refund=refund)


def queue_expired(db: Session, order: Order, links: OrderLinks) -> None:
    _queue(db, order, links, "expired", "{store}: your unpaid order was cancelled")
