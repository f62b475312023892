"""Checkout: one transaction turns a cart into an order, or changes nothing.

Order of work: claim the idempotency key (the first write), validate the address,
reserve stock line by line with conditional UPDATEs, snapshot prices, create the
payment and queue the confirmation email, empty the cart, store the response for
replays. Any error rolls all of it back, reservations included.
"""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.auth.models import Seller
from crosslive.catalog import inventory
from crosslive.catalog.models import Variant
from crosslive.errors import InvalidInput
from crosslive.events import service as events
from crosslive.markets.models import Market
from crosslive.money import format_money
from crosslive.orders import address as address_rules
from crosslive.orders import cart as carts
from crosslive.orders import holds, idempotency, notifications, payments
from crosslive.orders.errors import SoldOut
from crosslive.orders.models import Order, OrderLine, Payment
from crosslive.orders.schemas import CheckoutIn, OrderLineOut, OrderOut, PaymentOut
from crosslive.shows import service as shows_service
from crosslive.shows.models import Show


def order_out(order: Order, base_url: str) -> OrderOut:
    payment = order.payments[-1] if order.payments else None
    return OrderOut(
        public_id=order.public_id,
        url=notifications.order_url(base_url, order),
        status=order.status,
        market_code=order.market_code,
        currency=order.currency,
        subtotal_minor=order.subtotal_minor,
        shipping_minor=order.shipping_minor,
        total_minor=order.total_minor,
        total=format_money(order.total_minor, order.currency),
        lines=[OrderLineOut.model_validate(line) for line in order.lines],
        payment=PaymentOut.model_validate(payment) if payment else None,
        hold_until=order.hold_until,
    )


def _sold_out_message(db: Session, variant: Variant) -> str:
    left = db.scalar(select(Variant.stock).where(Variant.id == variant.id)) or 0
    name = f"{variant.product.title} ({variant.label})"
    if left <= 0:
        return f"Sold out: {name}. Nothing was ordered."
    return f"Sold out: only {left} of {name} left. Nothing was ordered."


def _reserve_lines(db: Session, show: Show, market: Market, viewer_id: str) -> list[OrderLine]:
    cart = carts.find_cart(db, viewer_id, show, market.currency)
    if cart is None or not cart.items:
        raise InvalidInput("your cart is empty")
    lines: list[OrderLine] = []
    for item in sorted(cart.items, key=lambda i: i.variant_id):  # one lock order for all
        variant = carts.buyable_variant(db, show, item.variant_id)
        price = carts.unit_price(variant, market).amount_minor
        if not inventory.reserve(db, variant.id, item.quantity):
            raise SoldOut(_sold_out_message(db, variant))
        lines.append(
            OrderLine(
                variant_id=variant.id,
                product_title=variant.product.title,
                variant_label=variant.label,
                sku=variant.sku or "",
                unit_price_minor=price,
                quantity=item.quantity,
                line_total_minor=price * item.quantity,
            )
        )
    db.delete(cart)
    return lines


def place_order(
    db: Session,
    *,
    show: Show,
    market: Market,
    viewer_id: str,
    data: CheckoutIn,
    base_url: str,
    hold: holds.HoldPolicy | None = None,
) -> Order:
    provider = payments.provider_for(data.payment_method)
    ship_to = address_rules.validate(data, market)
    lines = _reserve_lines(db, show, market, viewer_id)
    subtotal = sum(line.line_total_minor for line in lines)
    order = Order(
        public_id=secrets.token_urlsafe(24),
        seller_id=show.seller_id,
        show_id=show.id,
        market_id=market.id,
        market_code=market.code,
        viewer_id=viewer_id,
        currency=market.currency,
        subtotal_minor=subtotal,
        shipping_minor=0,
        total_minor=subtotal,
        email=ship_to.email,
        name=ship_to.name,
        address_line1=ship_to.line1,
        address_line2=ship_to.line2,
        city=ship_to.city,
        region=ship_to.region,
        postal_code=ship_to.postal_code,
        country=ship_to.country,
        lines=lines,
    )
    db.add(order)
    db.flush()
    start = provider.create_payment(db, order)
    order.payments.append(
        Payment(
            provider=provider.name,
            reference=start.reference,
            amount_minor=order.total_minor,
            currency=order.currency,
            status=start.status,
            instructions=start.instructions,
            details=start.details,
        )
    )
    db.flush()
    holds.start_hold(
        db, order, show=show, payment_method=provider.name, policy=hold or holds.HoldPolicy()
    )
    store = db.get(Seller, show.seller_id)
    store_name = store.name if store else "crosslive"
    notifications.queue_confirmation(db, order, store_name=store_name, base_url=base_url)
    events.announce(db, show.id, carts.COUNTERS_CHANGED, {})
    return order


def checkout(
    db: Session,
    *,
    slug: str,
    store: str | None,
    viewer_id: str,
    key: str | None,
    data: CheckoutIn,
    base_url: str,
    hold: holds.HoldPolicy | None = None,
) -> idempotency.StoredResponse:
    """Place the viewer's order once per Idempotency-Key; returns the (replayable) response."""
    key = idempotency.check_key(key)
    show = shows_service.public_show(db, slug, store)
    scope = f"checkout:{show.id}:{viewer_id}"
    request_body: dict[str, Any] = data.model_dump(mode="json")
    replay = idempotency.claim(db, scope, key, idempotency.fingerprint(request_body))
    if replay is not None:
        return replay
    market = carts.find_market(db, show, data.market)
    order = place_order(
        db, show=show, market=market, viewer_id=viewer_id, data=data, base_url=base_url, hold=hold
    )
    body = order_out(order, base_url).model_dump(mode="json")
    idempotency.store(db, scope, key, 201, body)
    return idempotency.StoredResponse(201, body)
