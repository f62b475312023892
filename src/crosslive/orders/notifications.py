"""The emails the orders domain sends (templates in orders/emails/), queued in the outbox."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from crosslive.mail import outbox
from crosslive.mail.templates import EmailTemplates
from crosslive.orders.models import Order

EMAILS = EmailTemplates(Path(__file__).parent / "emails")


def order_url(base_url: str, order: Order) -> str:
    return f"{base_url.rstrip('/')}/orders/{order.public_id}"


def queue_confirmation(db: Session, order: Order, *, store_name: str, base_url: str) -> None:
    context = {"order": order, "store_name": store_name, "url": order_url(base_url, order)}
    email = EMAILS.render("confirmation", context)
    reference = f" {order.payments[0].reference}" if order.payments else ""
    outbox.enqueue(
        db,
        to=order.email,
        subject=f"{store_name}: your order{reference}",
        text=email.text,
        html=email.html or "",
    )


def queue_shipped(db: Session, order: Order, *, store_name: str, base_url: str) -> None:
    context = {"order": order, "store_name": store_name, "url": order_url(base_url, order)}
    email = EMAILS.render("shipped", context)
    outbox.enqueue(
        db,
        to=order.email,
        subject=f"{store_name}: your order is on its way",
        text=email.text,
        html=email.html or "",
    )


def queue_expired(db: Session, order: Order, *, store_name: str, base_url: str) -> None:
    context = {"order": order, "store_name": store_name, "url": order_url(base_url, order)}
    email = EMAILS.render("expired", context)
    outbox.enqueue(
        db,
        to=order.email,
        subject=f"{store_name}: your unpaid order was cancelled",
        text=email.text,
        html=email.html or "",
    )
