"""Work waiting for the demo store's seller the moment the demo opens, as a real store has it
the morning before a show, so every count on the dashboard (/admin) has something to show:

- an order from the latest show's replay whose bank transfer has not come in, its hold
  ending in a few hours (placed and held as the other past orders are);
- another replay order whose bank transfer came in this morning, waiting to be shipped (the
  latest show's own orders have all shipped by now);
- a returned parcel that arrived at the return warehouse, its refund still to issue (marked
  received through the returns domain, not back on sale: it was worn);
- a return the buyer of the newest delivered parcel asked for since it arrived, to review
  (so the last week's orders, whose parcels are only now arriving, have a return rate);
- a viewer's question in the scheduled show's chat, asked before it starts, which the
  instant answers cannot answer and the host will.

Drawn from a random.Random of their own, after the past is built, so the past draws the
same numbers as before.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.catalog.models import Product
from crosslive.chat import service as chat_service
from crosslive.demo import past_orders, past_returns
from crosslive.demo.past_orders import PastWorld
from crosslive.orders import lifecycle, payments
from crosslive.orders.models import Order
from crosslive.returns import handling
from crosslive.returns.models import ReturnOutcome, ReturnRequest, ReturnStatus
from crosslive.shows.models import Show

SEED = 20261204
HOLD_LEFT = timedelta(hours=6)  # how long the unpaid order's hold still runs
PAID_SEED = 20261205
PLACED_AGO, PAID_AGO = timedelta(hours=14), timedelta(hours=2)  # the paid replay order
TRIES = 10  # draws of a buyer and their lines until one is not sold out
QUESTION_NAME = "Hannah"
QUESTION = (
    "Will Mia try the merino crew on in daylight too? I'm 172 cm and between M and L, "
    "and I'd like to see how long the sleeves are on her."
)


def unpaid_order(db: Session, world: PastWorld, show: Show) -> Order | None:
    """An order from SHOW's replay whose hold ends HOLD_LEFT from now (None: all sold out)."""
    assert show.ended_at is not None
    rng = random.Random(SEED)
    window = world.policy.window(
        live=False, payment_method=payments.ManualBankTransfer.name, instant=False
    ) or timedelta(days=3)
    placed = max(world.now - window + HOLD_LEFT, show.ended_at + timedelta(minutes=30))
    lineup = [p for p in (db.get(Product, sp.product_id) for sp in show.lineup) if p]
    for _ in range(TRIES):
        order = past_orders.place(db, rng, world, show, lineup, placed)
        if order is not None:
            past_orders.hold_or_cancel(db, world, order, show)
            return order
    return None


def paid_order(db: Session, world: PastWorld, show: Show) -> Order | None:
    """An order from SHOW's replay placed PLACED_AGO, its transfer confirmed by the owner
    PAID_AGO: paid, to ship (None: all sold out)."""
    assert show.ended_at is not None
    rng = random.Random(PAID_SEED)
    placed = max(world.now - PLACED_AGO, show.ended_at + timedelta(minutes=30))
    lineup = [p for p in (db.get(Product, sp.product_id) for sp in show.lineup) if p]
    for _ in range(TRIES):
        order = past_orders.place(db, rng, world, show, lineup, placed)
        if order is not None:
            lifecycle.pay(db, order, max(world.now - PAID_AGO, placed), world.owner_id)
            return order
    return None


def parcel_received(
    db: Session, world: PastWorld, delivered: Sequence[Order]
) -> ReturnRequest | None:
    """The latest approved return with refund asked a day ago or more, its parcel
    received a few hours ago; None when there is none."""
    ids = [o.id for o in delivered]
    query = (
        select(ReturnRequest)
        .where(
            ReturnRequest.order_id.in_(ids),
            ReturnRequest.status == ReturnStatus.APPROVED,
            ReturnRequest.outcome == ReturnOutcome.RETURN_REFUND,
            ReturnRequest.confirmed_at <= world.now - timedelta(days=1),
        )
        .order_by(ReturnRequest.confirmed_at.desc(), ReturnRequest.id)
        .limit(1)
    )
    ret = db.scalar(query)
    if ret is None:
        return None
    at = world.now - timedelta(hours=3)
    return handling.receive(db, ret, world.links, restockable=False, now=at)


def return_asked(db: Session, world: PastWorld, delivered: Sequence[Order]) -> None:
    """The newest delivered parcel's return request, asked since it arrived (none when
    every delivered line is returned or out of its window)."""
    past_returns.asked_lately(db, delivered, world.now)


def ask_before_show(db: Session, show_id: int) -> None:
    chat_service.post_seeded_message(
        db, show_id, name=QUESTION_NAME, body=QUESTION, question=True, languages=None
    )
