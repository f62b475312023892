"""One past order's life for the demo: placed in a show, paid, shipped, delivered, closed.

The order row is written here (a past show has no live cart to check out), but it is priced
by `orders.costs` as checkout prices one (shipping, tax and duties included), its stock is
reserved through `catalog.inventory`, the advice the buyer got is kept by
`orders.sizing.keep_advice`, and every later step goes through `orders.lifecycle`,
`orders.holds` and `orders.refunds` with the time it happened, so the past obeys the same
rules (and leaves the same event log and scheduled jobs) as a store that lived through it.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from crosslive.catalog import inventory
from crosslive.catalog.models import Category, Product, Variant
from crosslive.demo import past_data, past_sizes
from crosslive.markets import service as markets_service
from crosslive.markets.models import Market
from crosslive.orders import costs, holds, lifecycle, payments, refunds, sizing
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Order, OrderLine, OrderStatus, Payment
from crosslive.scheduler import service as scheduler
from crosslive.shows.models import Show

CANCELLED_SHARE = 0.07  # left unpaid until the hold ran out
REFUNDED_SHARE = 0.04  # delivered with a flaw; part of the price refunded, item kept
SIZED = (Category.APPAREL, Category.SHOES)


@dataclass(frozen=True)
class PastWorld:
    """What every past order of the store shares."""

    links: OrderLinks
    policy: holds.HoldPolicy
    markets: dict[str, Market]
    owner_id: int
    now: datetime


def _buyer(rng: random.Random, market: Market) -> dict[str, str]:
    given, family, places = past_data.BUYERS[market.code]
    first, last = rng.choice(given), rng.choice(family)
    city, region, postal, country = rng.choice(places)
    mailbox = f"{first}.{last}.{rng.randrange(1000, 9999)}".lower().replace(" ", "")
    return {
        "name": f"{first} {last}",
        "email": f"{mailbox}@example.com",
        "address_line1": f"{rng.randrange(2, 240)} {rng.choice(('Park', 'Main', 'Hill'))} St",
        "city": city,
        "region": region,
        "postal_code": postal,
        "country": country,
    }


def _line(
    db: Session, variant: Variant, market: Market, quantity: int
) -> tuple[Variant, OrderLine] | None:
    price = variant.price_in(market.currency)
    if price is None:
        return None
    warehouses = markets_service.shipping_warehouses(market)
    taken = inventory.reserve(db, variant.id, quantity, warehouses)
    if taken is None:
        return None
    return variant, OrderLine(
        variant_id=variant.id,
        product_title=variant.product.title,
        variant_label=variant.label,
        sku=variant.sku or "",
        unit_price_minor=price.amount_minor,
        quantity=quantity,
        line_total_minor=price.amount_minor * quantity,
        warehouse_id=taken.warehouse_id,
    )


def _pick_lines(
    db: Session,
    rng: random.Random,
    products: list[Product],
    market: Market,
    viewer_id: str,
    placed: datetime,
) -> list[tuple[Variant, OrderLine]]:
    count = 1 if rng.random() < 0.75 else 2
    lines: list[tuple[Variant, OrderLine]] = []
    for product in rng.sample(products, min(count, len(products))):
        variant = (
            past_sizes.sized_variant(db, rng, product, viewer_id, placed)
            if product.category in SIZED
            else rng.choice(product.variants)
        )
        line = _line(db, variant, market, 1 if rng.random() < 0.9 else 2)
        if line is not None:
            lines.append(line)
    return lines


def place(
    db: Session,
    rng: random.Random,
    world: PastWorld,
    show: Show,
    products: list[Product],
    placed: datetime,
) -> Order | None:
    """An order placed at PLACED in SHOW by a new viewer of one of its markets (None when
    what they picked is sold out)."""
    market = world.markets[rng.choice(show.market_codes)]
    viewer_id = f"{rng.getrandbits(96):024x}"
    bought = _pick_lines(db, rng, products, market, viewer_id, placed)
    if not bought:
        return None
    buyer = _buyer(rng, market)
    order = Order(
        public_id=secrets.token_urlsafe(24),
        seller_id=show.seller_id,
        show_id=show.id,
        market_id=market.id,
        market_code=market.code,
        viewer_id=viewer_id,
        currency=market.currency,
        created_at=placed,
        lines=[line for _variant, line in bought],
        **buyer,
    )
    # Priced as checkout prices an order: shipping, tax and duties for the buyer's address.
    costs.charge(
        db, order, market, costs.quote(db, market, bought, buyer["country"], buyer["region"])
    )
    db.add(order)
    db.flush()
    sizing.keep_advice(db, order)
    start = payments.ManualBankTransfer().create_payment(db, order)
    order.payments.append(
        Payment(
            provider=payments.ManualBankTransfer.name,
            reference=start.reference,
            amount_minor=order.total_minor,
            currency=order.currency,
            status=start.status,
            instructions=start.instructions,
            created_at=placed,
        )
    )
    db.flush()
    return order


def hold_or_cancel(db: Session, world: PastWorld, order: Order, show: Show) -> None:
    """An order never paid: still holding its stock if its deadline is ahead, else cancelled
    with its units back on sale, as the `orders.expire_unpaid` job did at the time."""
    live = order.created_at <= (show.ended_at or order.created_at)
    window = world.policy.window(
        live=live, payment_method=payments.ManualBankTransfer.name, instant=False
    )
    deadline = order.created_at + (window or timedelta(days=3))
    if deadline > world.now:
        order.hold_until = deadline
        db.flush()
        key = f"order:{order.id}"
        scheduler.schedule(db, holds.EXPIRE_UNPAID, deadline, {"order_id": order.id}, key=key)
        return
    order.hold_until = deadline
    db.flush()
    lifecycle.cancel(db, order, reason=holds.UNPAID_IN_TIME)


def _delivery_days(rng: random.Random, market: Market, order: Order) -> int:
    promise = markets_service.order_promise(market, [line.warehouse_id for line in order.lines])
    low, high = (promise.days_min, promise.days_max) if promise else (5, 12)
    late = 2 if rng.random() < 0.08 else 0  # a parcel now and then arrives late
    return rng.randint(low, high) + late


def live_through(db: Session, rng: random.Random, world: PastWorld, order: Order) -> None:
    """Pay, ship, deliver and close ORDER as far as the time since it was placed allows."""
    paid = order.created_at + timedelta(minutes=rng.randint(3, 30 * 60))
    if paid > world.now:
        return
    lifecycle.pay(db, order, paid, world.owner_id)
    shipped = paid + timedelta(hours=rng.randint(16, 72))
    if shipped > world.now:
        return
    market = world.markets[order.market_code]
    carrier = past_data.CARRIERS[market.code]
    number = f"{market.code}{rng.randrange(10**11, 10**12)}"
    lifecycle.ship(
        db, order, world.links, now=world.now, carrier=carrier, number=number, at=shipped
    )
    delivered = shipped + timedelta(
        days=_delivery_days(rng, market, order), hours=rng.randint(0, 9)
    )
    if delivered > world.now:
        return
    lifecycle.deliver(db, order, world.links, now=world.now, at=delivered)
    if order.returns_until is not None and order.returns_until + timedelta(hours=1) <= world.now:
        payload = {"order_id": order.id}
        lifecycle.close_when_returns_end(db, payload, now=order.returns_until + timedelta(hours=1))


def partial_refund(db: Session, rng: random.Random, world: PastWorld, order: Order) -> None:
    """A buyer reported a flaw on arrival and kept the item for a part of the price back."""
    assert order.delivered_at is not None
    share = rng.choice((0.15, 0.2, 0.3))
    at = min(order.delivered_at + timedelta(days=rng.randint(1, 4)), world.now)
    refunds.refund(
        db,
        order,
        world.links,
        amount_minor=max(1, round(order.total_minor * share)),
        reason="Scuffed on arrival; the buyer kept it",
        reference=f"BANK-{order.id:05d}",
        key=f"demo-past-refund-{order.id}",
        staff_id=world.owner_id,
        now=at,
    )


def reached_delivery(order: Order) -> bool:
    return order.status in (OrderStatus.DELIVERED, OrderStatus.CLOSED)
