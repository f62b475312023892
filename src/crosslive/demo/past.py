"""The demo store's believable past: earlier shows, ended, with the orders their viewers placed.

`build_past` runs once, when the demo store is seeded, with a seeded `random.Random` so every
demo gets the same past (counts, statuses, sizes, answers; payment references and order links
stay random, as they must). Six shows over the last eight weeks, about 140 orders
from viewers in the store's markets: most delivered or closed, some still shipped or paid,
a few pending payment and a few cancelled unpaid, with the advisor's advice on their sized
lines, follow-up answers on how they fitted, a few partial refunds, and the host's camera
checklist ticks. Lane costs per market are seeded with the store (demo.returns_data).

The emails those orders sent at the time (theirs and the after steps') are not queued again
today. Last, the work still waiting this morning (demo.open_work): an unpaid order whose hold
ends within hours, one paid this morning to ship, a returned parcel whose refund is due, and
a return asked since the newest parcel arrived.

Whatever builds on the past (returns on delivered orders, for one) is an `AfterPast` step:
`AFTER_PAST` lists the steps the demo runs, each given the orders that reached delivery.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from crosslive.auth.models import Seller, StaffUser
from crosslive.catalog.models import Product
from crosslive.demo import (
    open_work,
    past_audience,
    past_data,
    past_orders,
    past_replay,
    past_returns,
    past_reviews,
    past_sizes,
)
from crosslive.demo.past_orders import PastWorld
from crosslive.mail.models import OutboxEmail
from crosslive.markets import service as markets_service
from crosslive.orders import holds
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Order
from crosslive.returns import camera
from crosslive.returns.models import CameraCheck
from crosslive.settings import Settings
from crosslive.shows.models import Show, ShowHost, ShowProduct, ShowState

SEED = 20260901
TICKED_SHARE = 0.8  # checklist items the host ticked in a past show
REPLAY_ORDERS = 4  # orders placed from the latest show's replay, after it ended

# A step run after the past is built: (db, the orders that reached delivery, the past's rng,
# the past's now: nothing it writes is dated later).
AfterPast = Callable[[Session, list[Order], random.Random, datetime], object]
# The steps the demo runs after building its past, in order: the returns its buyers made,
# then who watched each show and what they did (the insights' viewer figures), then the
# reviews its buyers wrote (last, so the earlier steps draw the same numbers as before).
AFTER_PAST: tuple[AfterPast, ...] = (
    past_returns.add_returns,
    past_audience.add_audience,
    past_reviews.add_reviews,
)


@dataclass(frozen=True)
class Past:
    shows: list[Show]
    orders: list[Order]
    delivered: list[Order]  # delivered or closed: the orders a buyer could return


def build_past(
    db: Session,
    settings: Settings,
    seller: Seller,
    *,
    owner: StaffUser,
    host: StaffUser,
    products: dict[str, Product],
    now: datetime,
    after: Sequence[AfterPast] = AFTER_PAST,
    rng: random.Random | None = None,
) -> Past:
    """Create the store's earlier shows and their orders, then run the AFTER steps."""
    rng = rng or random.Random(SEED)
    world = PastWorld(
        links=OrderLinks.from_settings(settings),
        policy=holds.HoldPolicy.from_settings(settings),
        markets={m.code: m for m in markets_service.list_markets(db, seller.id)},
        owner_id=owner.id,
        now=now,
    )
    shows: list[Show] = []
    orders: list[Order] = []
    for spec in past_data.PAST_SHOWS:
        lineup = [products[handle] for handle in spec.lineup]
        show = _show(db, seller, spec, (host, owner), lineup, now)
        _tick_checklists(db, rng, show, lineup, host)
        orders += _show_orders(db, rng, world, show, lineup, spec.orders)
        shows.append(show)
    orders += _replay_orders(db, rng, world, shows[-1], past_data.PAST_SHOWS[-1])
    past_replay.add_replay(db, settings, shows[-1])
    delivered = [order for order in orders if past_orders.reached_delivery(order)]
    for step in after:
        step(db, delivered, rng, now)
    unpaid = open_work.unpaid_order(db, world, shows[-1])
    paid = open_work.paid_order(db, world, shows[-1])
    orders += [order for order in (unpaid, paid) if order is not None]
    open_work.parcel_received(db, world, delivered)
    open_work.return_asked(db, world, delivered)
    _forget_emails(db, orders)
    return Past(shows=shows, orders=orders, delivered=delivered)


def _show(
    db: Session,
    seller: Seller,
    spec: past_data.PastShow,
    hosts: tuple[StaffUser, StaffUser],
    lineup: list[Product],
    now: datetime,
) -> Show:
    """The ended show SPEC, SPEC.days_ago at noon, HOSTS (lead, co-host) on camera."""
    starts = (now - timedelta(days=spec.days_ago)).replace(hour=12, minute=0, second=0)
    titles = ", ".join(handle.replace("-", " ") for handle in spec.lineup)
    show = Show(
        seller_id=seller.id,
        slug=spec.slug,
        title=spec.title,
        description=f"On camera: {titles}.",
        scheduled_at=starts,
        started_at=starts + timedelta(minutes=2),
        ended_at=starts + timedelta(minutes=2 + spec.duration_minutes),
        duration_minutes=spec.duration_minutes,
        language=spec.language,
        market_codes=list(spec.market_codes),
        sponsored=False,
        state=ShowState.ENDED,
        created_at=starts - timedelta(days=6),
        hosts=[
            ShowHost(user_id=hosts[0].id, is_lead=True),
            ShowHost(user_id=hosts[1].id, is_lead=False),
        ],
        lineup=[
            ShowProduct(product_id=product.id, position=position)
            for position, product in enumerate(lineup, start=1)
        ],
    )
    db.add(show)
    db.flush()
    return show


def _tick_checklists(
    db: Session, rng: random.Random, show: Show, lineup: list[Product], host: StaffUser
) -> None:
    assert show.started_at is not None
    for product in lineup:
        for item in camera.checklist(product.category):
            if rng.random() < TICKED_SHARE:
                at = show.started_at + timedelta(minutes=rng.randint(1, show.duration_minutes))
                db.add(
                    CameraCheck(
                        show_id=show.id,
                        product_id=product.id,
                        item=item.key,
                        done=True,
                        checked_by_id=host.id,
                        updated_at=at,
                    )
                )
    db.flush()


def _show_orders(
    db: Session,
    rng: random.Random,
    world: PastWorld,
    show: Show,
    lineup: list[Product],
    count: int,
) -> list[Order]:
    assert show.started_at is not None
    orders: list[Order] = []
    for _ in range(count):
        placed = show.started_at + timedelta(seconds=rng.randint(60, show.duration_minutes * 60))
        order = past_orders.place(db, rng, world, show, lineup, placed)
        if order is None:
            continue
        _live(db, rng, world, show, order)
        orders.append(order)
    return orders


def _replay_orders(
    db: Session, rng: random.Random, world: PastWorld, show: Show, spec: past_data.PastShow
) -> list[Order]:
    """Orders from the replay of the latest show, in the last day: still unpaid."""
    lineup = [p for p in (db.get(Product, sp.product_id) for sp in show.lineup) if p]
    orders = []
    for _ in range(REPLAY_ORDERS):
        placed = world.now - timedelta(hours=rng.randint(2, 20))
        order = past_orders.place(db, rng, world, show, lineup, placed)
        if order is not None:
            past_orders.hold_or_cancel(db, world, order, show)
            orders.append(order)
    return orders


def _live(db: Session, rng: random.Random, world: PastWorld, show: Show, order: Order) -> None:
    if rng.random() < past_orders.CANCELLED_SHARE:
        past_orders.hold_or_cancel(db, world, order, show)
        return
    past_orders.live_through(db, rng, world, order)
    past_sizes.answer_follow_up(db, rng, order, world.now)
    if past_orders.reached_delivery(order) and rng.random() < past_orders.REFUNDED_SHARE:
        past_orders.partial_refund(db, rng, world, order)


def _forget_emails(db: Session, orders: list[Order]) -> None:
    """The past's emails went out at the time; none of them is sent again now."""
    addresses = sorted({order.email for order in orders})
    for start in range(0, len(addresses), 500):
        chunk = addresses[start : start + 500]
        db.execute(delete(OutboxEmail).where(OutboxEmail.to_address.in_(chunk)))
    db.flush()
