"""The emails the orders domain sends, rendered with autoescaped templates into the outbox."""

from __future__ import annotations

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.orm import Session

from crosslive.mail import outbox
from crosslive.money import format_money
from crosslive.orders.models import Order
from crosslive.web.pages import TEMPLATES_DIR


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(enabled_extensions=("html",), default=False),
    )
    env.filters["money"] = format_money
    return env


def order_url(base_url: str, order: Order) -> str:
    return f"{base_url.rstrip('/')}/orders/{order.public_id}"


def queue_confirmation(db: Session, order: Order, *, store_name: str, base_url: str) -> None:
    env = _environment()
    context = {"order": order, "store_name": store_name, "url": order_url(base_url, order)}
    outbox.enqueue(
        db,
        to=order.email,
        subject=f"{store_name}: your order {order.payments[0].reference}"
        if order.payments
        else f"{store_name}: your order",
        text=env.get_template("orders/email_confirmation.txt").render(context),
        html=env.get_template("orders/email_confirmation.html").render(context),
    )


def queue_shipped(db: Session, order: Order, *, store_name: str, base_url: str) -> None:
    env = _environment()
    context = {"order": order, "store_name": store_name, "url": order_url(base_url, order)}
    outbox.enqueue(
        db,
        to=order.email,
        subject=f"{store_name}: your order is on its way",
        text=env.get_template("orders/email_shipped.txt").render(context),
    )
