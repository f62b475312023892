"""Checkout: one transaction turns a cart into an order, or changes nothing.

Order of work: claim the idempotency key (the first write), check and spend the proof of
work (crosslive.orders.proof), validate the address, reserve stock line by line with
conditional UPDATEs and apply the show's purchase caps (crosslive.orders.caps), snapshot
prices and compare the total with the one the buyer confirmed, create the payment and queue
the confirmation email, empty the cart, store the response for replays. Any error rolls all
of it back, reservations included.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.auth.models import Seller
from crosslive.catalog import inventory
from crosslive.catalog.models import Variant
from crosslive.compliance import service as compliance
from crosslive.errors import InvalidInput
from crosslive.events import service as events
from crosslive.i18n import N_
from crosslive.landed import service as landed
from crosslive.landed.breakdown import Breakdown
from crosslive.markets import service as markets_service
from crosslive.markets.models import Market
from crosslive.money import format_money
from crosslive.orders import address as address_rules
from crosslive.orders import caps as limits
from crosslive.orders import cart as carts
from crosslive.orders import costs, holds, idempotency, notifications, proof, sizing
from crosslive.orders.errors import PriceChanged, SoldOut
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Order, OrderLine, Payment
from crosslive.orders.providers import Providers
from crosslive.orders.schemas import CheckoutIn, OrderLineOut, OrderOut, PaymentOut
from crosslive.shows import service as shows_service
from crosslive.shows.models import Show


@dataclass(frozen=True)
class Guard:
    """What a checkout is held to: the purchase caps, the proof-of-work policy, the client
    address (`viewers.address_key`) and the time (Unix seconds)."""

    caps: limits.Caps
    policy: proof.Policy
    client_key: str
    now: float


def order_out(order: Order, links: OrderLinks) -> OrderOut:
    payment = order.payments[-1] if order.payments else None
    return OrderOut(
        public_id=order.public_id,
        url=notifications.order_url(links, order),
        status=order.status,
        market_code=order.market_code,
        currency=order.currency,
        subtotal_minor=order.subtotal_minor,
        shipping_minor=order.shipping_minor,
        tax_minor=order.tax_minor,
        tax_included=order.tax_included,
        duties_minor=order.duties_minor,
        duties_at_door_minor=order.duties_at_door_minor,
        vat_scheme=order.vat_scheme,
        total_minor=order.total_minor,
        total=format_money(order.total_minor, order.currency),
        lines=[OrderLineOut.model_validate(line) for line in order.lines],
        payment=PaymentOut.model_validate(payment) if payment else None,
        hold_until=order.hold_until,
    )


def _sold_out(db: Session, variant: Variant) -> SoldOut:
    left = db.scalar(select(Variant.stock).where(Variant.id == variant.id)) or 0
    name = f"{variant.product.title} ({variant.label})"
    if left <= 0:
        return SoldOut(N_("Sold out: {product}. Nothing was ordered."), product=name)
    return SoldOut(
        N_("Sold out: only {count} of {product} left. Nothing was ordered."),
        count=left,
        product=name,
    )


def _reserve_lines(
    db: Session, show: Show, market: Market, buyer: limits.Buyer, caps: limits.Caps
) -> list[tuple[Variant, OrderLine]]:
    cart = carts.find_cart(db, buyer.viewer_id, show, market.currency)
    if cart is None or not cart.items:
        raise InvalidInput(N_("your cart is empty"))
    limits.check_cart_size(caps, len(cart.items), max(i.quantity for i in cart.items))
    # A market rule refuses a line (GPSR fields missing, no PSE/KC): before anything moves.
    compliance.require_variants_sellable(db, [i.variant_id for i in cart.items], market)
    bought: list[tuple[Variant, OrderLine]] = []
    warehouses = markets_service.shipping_warehouses(market)
    for item in sorted(cart.items, key=lambda i: i.variant_id):  # one lock order for all
        variant = carts.buyable_variant(db, show, item.variant_id)
        price = carts.unit_price(variant, market).amount_minor
        taken = inventory.reserve(db, variant.id, item.quantity, warehouses)
        if taken is None:
            raise _sold_out(db, variant)
        limits.check_line(db, caps, show.id, variant, item.quantity, buyer)
        line = OrderLine(
            variant_id=variant.id,
            product_title=variant.product.title,
            variant_label=variant.label,
            sku=variant.sku or "",
            unit_price_minor=price,
            quantity=item.quantity,
            line_total_minor=price * item.quantity,
            warehouse_id=taken.warehouse_id,
        )
        bought.append((variant, line))
    db.delete(cart)
    return bought


def _check_total(
    data: CheckoutIn, market: Market, lines: list[OrderLine], breakdown: Breakdown
) -> None:
    """PriceChanged, with the current lines and breakdown, unless the buyer confirmed its
    total (shipping, tax and duties at checkout included)."""
    total = breakdown.total_minor
    if data.confirmed_total_minor == total and data.currency.upper() == market.currency:
        return
    shown = format_money(total, market.currency)
    current = {
        "currency": market.currency,
        "total_minor": total,
        "total": shown,
        "lines": [
            {
                "variant_id": line.variant_id,
                "product_title": line.product_title,
                "variant_label": line.variant_label,
                "quantity": line.quantity,
                "unit_price_minor": line.unit_price_minor,
                "unit_price": format_money(line.unit_price_minor, market.currency),
                "line_total_minor": line.line_total_minor,
                "line_total": format_money(line.line_total_minor, market.currency),
            }
            for line in lines
        ],
        "breakdown": landed.breakdown_out(breakdown).model_dump(mode="json"),
    }
    raise PriceChanged(
        N_("The total is now {total}. Check it and place the order again."), current, total=shown
    )


def place_order(
    db: Session,
    *,
    show: Show,
    market: Market,
    viewer_id: str,
    data: CheckoutIn,
    links: OrderLinks,
    client_key: str = "",
    caps: limits.Caps | None = None,
    hold: holds.HoldPolicy | None = None,
    providers: Providers | None = None,
) -> Order:
    provider = (providers or Providers()).for_checkout(data.payment_method)
    ship_to = address_rules.validate(data, market)
    buyer = limits.Buyer(viewer_id, client_key, limits.email_key(ship_to.email))
    bought = _reserve_lines(db, show, market, buyer, caps or limits.Caps())
    lines = [line for _variant, line in bought]
    cost = costs.quote(db, market, bought, ship_to.country, ship_to.region)
    _check_total(data, market, lines, cost)
    order = Order(
        public_id=secrets.token_urlsafe(24),
        seller_id=show.seller_id,
        show_id=show.id,
        market_id=market.id,
        market_code=market.code,
        viewer_id=viewer_id,
        client_key=buyer.client_key,
        email_key=buyer.email_key,
        currency=market.currency,
        email=ship_to.email,
        name=ship_to.name,
        address_line1=ship_to.line1,
        address_line2=ship_to.line2,
        city=ship_to.city,
        region=ship_to.region,
        postal_code=ship_to.postal_code,
        country=ship_to.country,
        language=data.language,
        lines=lines,
    )
    costs.charge(db, order, market, cost)
    db.add(order)
    db.flush()
    sizing.keep_advice(db, order)
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
        db,
        order,
        show=show,
        payment_method=provider.name,
        instant=provider.instant,
        policy=hold or holds.HoldPolicy(),
    )
    store = db.get(Seller, show.seller_id)
    store_name = store.name if store else "crosslive"
    notifications.queue_confirmation(db, order, store_name=store_name, links=links)
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
    links: OrderLinks,
    guard: Guard,
    hold: holds.HoldPolicy | None = None,
    providers: Providers | None = None,
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
    proof.redeem(
        db,
        guard.policy,
        data.proof,
        show_id=show.id,
        viewer_id=viewer_id,
        cart=carts.find_cart(db, viewer_id, show, market.currency),
        client_key=guard.client_key,
        now=guard.now,
    )
    order = place_order(
        db,
        show=show,
        market=market,
        viewer_id=viewer_id,
        data=data,
        links=links,
        client_key=guard.client_key,
        caps=guard.caps,
        hold=hold,
        providers=providers,
    )
    body = order_out(order, links).model_dump(mode="json")
    idempotency.store(db, scope, key, 201, body)
    return idempotency.StoredResponse(201, body)
