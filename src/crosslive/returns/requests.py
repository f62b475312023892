"""The buyer's side of a return, reached through the signed order link (no account): look at
the outcome (which keeps a "started" draft), add photos, confirm.

The link is the key: a line of another order is not found, a tampered or expired link shows
nothing. Confirming is one conditional UPDATE from "started", so a double submit confirms
once; an exchange takes its unit of the new size with inventory's conditional UPDATE.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from crosslive.catalog import inventory, size_option
from crosslive.catalog.images import store_image
from crosslive.catalog.models import Variant
from crosslive.errors import Conflict, InvalidInput, NotFound
from crosslive.fit import feedback
from crosslive.i18n import N_
from crosslive.markets import service as markets_service
from crosslive.markets.models import LabelPaidBy, Market
from crosslive.orders import service as orders_service
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Order, OrderLine
from crosslive.orders.providers import Providers
from crosslive.returns import notify, policy, refunding
from crosslive.returns.models import (
    LaneCost,
    ReturnOutcome,
    ReturnReason,
    ReturnRequest,
    ReturnStatus,
)
from crosslive.scheduler import service as scheduler
from crosslive.settings import Settings

MAX_PHOTOS = 3
MAX_NOTE = 2000
REMIND = "returns.remind"
_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True)
class Instructions:
    """Where the parcel goes and who pays its label (none for keep-it)."""

    warehouse: str
    seller_pays_label: bool
    reference: str


def order_for(db: Session, links: OrderLinks, token: str) -> Order:
    """The order behind TOKEN; NotFound (tampered, unknown) or LinkExpired."""
    return orders_service.order_by_public_id(db, links.public_id(token))


def _line(order: Order, line_id: int) -> OrderLine:
    line = next((line for line in order.lines if line.id == line_id), None)
    if line is None:
        raise NotFound("no such line on this order")
    return line


def _market(db: Session, order: Order) -> Market | None:
    return markets_service.find_market(db, order.seller_id, order.market_code)


def check_window(db: Session, order: Order, now: datetime) -> None:
    market = _market(db, order)
    window = market.return_window_days if market is not None else 30
    policy.check_window(order.returns_until, window, now)


def _sizes(db: Session, line: OrderLine) -> tuple[int | None, str | None, list[policy.Size]]:
    """LINE's product, the size bought, and the sizes of the variant bought (the same colour,
    the same other options), each labelled by its size option alone, smallest first. A
    product without a size option (crosslive.catalog.size_option) has no size and no sizes."""
    if line.variant_id is None:
        return None, line.variant_label, []
    bought = db.get(Variant, line.variant_id)
    if bought is None:
        return None, line.variant_label, []
    chart = size_option.chart_sizes(db, [bought.product_id]).get(bought.product_id, ())
    at = size_option.size_index(bought.product.option_names or [], bought.options, chart)
    if at is None:
        return bought.product_id, None, []
    rows = db.scalars(
        select(Variant)
        .where(Variant.product_id == bought.product_id)
        .order_by(Variant.position, Variant.id)
    )
    sizes = [
        policy.Size(v.id, policy.size_of(v.options, at, v.label), v.stock > 0)
        for v in rows
        if policy.same_but_size(v.options, bought.options, at)
    ]
    return bought.product_id, bought.options[at], sizes


def _return_cost(db: Session, market: Market | None) -> int | None:
    if market is None:
        return None
    lane = db.scalar(select(LaneCost).where(LaneCost.market_id == market.id))
    return lane.return_shipping_minor + lane.handling_minor if lane else None


def decide(
    db: Session, order: Order, line: OrderLine, reason: ReturnReason, quantity: int
) -> tuple[int | None, policy.Decision]:
    """The market's decision for returning QUANTITY of LINE for REASON (window checked)."""
    market = _market(db, order)
    product_id, bought, sizes = _sizes(db, line)
    decision = policy.decide(
        reason=reason,
        refund_minor=line.unit_price_minor * quantity,
        keep_it_below_minor=market.keep_it_below_minor if market else 0,
        return_cost_minor=_return_cost(db, market),
        bought=bought,
        advised=line.advised_size,
        sizes=sizes,
    )
    return product_id, decision


def instructions(db: Session, order: Order, ret: ReturnRequest) -> Instructions | None:
    if ret.outcome is ReturnOutcome.KEEP_IT:
        return None
    market = _market(db, order)
    wh = market.return_warehouse if market is not None else None
    where = f"{wh.name}, {wh.city}, {wh.country}" if wh else "the address the store gives you"
    paid_by = market.return_label_paid_by if market else LabelPaidBy.SELLER
    return Instructions(where, paid_by is LabelPaidBy.SELLER, ret.reference)


def _new_reference() -> str:
    return "RET-" + "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))


def _clean(line: OrderLine, quantity: int, reason: str, note: str) -> ReturnReason:
    if reason not in {r.value for r in ReturnReason}:
        choices = ", ".join(r.value for r in ReturnReason)
        raise InvalidInput(f"choose a reason: {choices}")
    if not 1 <= quantity <= line.quantity:
        raise InvalidInput(
            N_("you can return between 1 and {count} of this item"), count=line.quantity
        )
    if len(note) > MAX_NOTE:
        raise InvalidInput(N_("tell us in at most {count} characters"), count=MAX_NOTE)
    return ReturnReason(reason)


def by_line(db: Session, order: Order) -> dict[int, ReturnRequest]:
    """The order's returns (drafts included) by order line."""
    rows = db.scalars(select(ReturnRequest).where(ReturnRequest.order_id == order.id))
    return {ret.order_line_id: ret for ret in rows}


def window_open(db: Session, order: Order, now: datetime) -> bool:
    try:
        check_window(db, order, now)
    except policy.WindowClosed:
        return False
    return True


def existing(db: Session, line_id: int) -> ReturnRequest | None:
    return db.scalar(select(ReturnRequest).where(ReturnRequest.order_line_id == line_id))


def start(
    db: Session,
    order: Order,
    *,
    line_id: int,
    quantity: int,
    reason: str,
    note: str,
    now: datetime,
    remind_days: int | None,
) -> ReturnRequest:
    """Work out the outcome and keep it as a "started" return (changed by a second look
    until confirmed); a line already returned is refused. REMIND_DAYS before the window
    closes the buyer is reminded if still unconfirmed (None: no reminder)."""
    line = _line(order, line_id)
    why = _clean(line, quantity, reason, note.strip())
    check_window(db, order, now)
    ret = existing(db, line.id)
    if ret is not None and ret.status is not ReturnStatus.STARTED:
        raise Conflict(
            N_("a return for this item was already asked for ({reference})"),
            reference=ret.reference,
        )
    product_id, decision = decide(db, order, line, why, quantity)
    if ret is None:
        ret = ReturnRequest(
            seller_id=order.seller_id,
            order_id=order.id,
            order_line_id=line.id,
            reference=_new_reference(),
            currency=order.currency,
            created_at=now,
            photos=[],
        )
        db.add(ret)
    ret.product_id, ret.reason, ret.note, ret.quantity = product_id, why, note.strip(), quantity
    ret.outcome, ret.refund_minor = decision.outcome, decision.refund_minor
    ret.exchange_variant_id = decision.exchange.variant_id if decision.exchange else None
    ret.exchange_label = decision.exchange.label if decision.exchange else ""
    db.flush()
    if remind_days is not None:
        _schedule_reminder(db, order, ret, now, remind_days)
    return ret


def _schedule_reminder(
    db: Session, order: Order, ret: ReturnRequest, now: datetime, remind_days: int
) -> None:
    if order.returns_until is None:
        return
    due = max(now, order.returns_until - timedelta(days=remind_days))
    scheduler.schedule(db, REMIND, due, {"return_id": ret.id}, key=f"return:{ret.id}")


def find(db: Session, order: Order, return_id: int) -> ReturnRequest:
    ret = db.get(ReturnRequest, return_id)
    if ret is None or ret.order_id != order.id:
        raise NotFound("no such return on this order")
    return ret


def add_photo(db: Session, settings: Settings, ret: ReturnRequest, data: bytes) -> str:
    """Validate and store a photo of the returned item (a non-image stores nothing)."""
    if ret.status not in (ReturnStatus.STARTED, ReturnStatus.REQUESTED):
        raise Conflict(f"this return is {ret.status.value}: no more photos")
    if len(ret.photos) >= MAX_PHOTOS:
        raise InvalidInput(N_("a return has at most {count} photos"), count=MAX_PHOTOS)
    src = store_image(settings, data)
    ret.photos = [*ret.photos, src]
    db.flush()
    return src


class ExchangeSoldOut(Conflict):
    """The size offered sold out between the look and the confirmation."""


def _sold_out(ret: ReturnRequest) -> ExchangeSoldOut:
    return ExchangeSoldOut(
        N_("size {size} has just sold out; look at your return again for a refund instead"),
        size=ret.exchange_label,
    )


def _take_exchange_unit(db: Session, order: Order, ret: ReturnRequest) -> None:
    """Reserve the new size where the order's market ships from, fastest first."""
    assert ret.exchange_variant_id is not None
    market = _market(db, order)
    warehouses = markets_service.shipping_warehouses(market) if market is not None else []
    taken = inventory.reserve(db, ret.exchange_variant_id, ret.quantity, warehouses)
    if taken is None:
        raise _sold_out(ret)
    ret.exchange_warehouse_id = taken.warehouse_id


def confirm(
    db: Session,
    order: Order,
    ret: ReturnRequest,
    links: OrderLinks,
    *,
    now: datetime,
    providers: Providers | None = None,
) -> ReturnRequest:
    """Confirm the outcome the buyer saw; confirming twice changes nothing the second time.
    A keep-it return is refunded at once when the order's payment provider can do it alone."""
    if ret.status is not ReturnStatus.STARTED:
        return ret
    check_window(db, order, now)
    line = _line(order, ret.order_line_id)
    _, decision = decide(db, order, line, ret.reason, ret.quantity)
    offered = decision.exchange.variant_id if decision.exchange else None
    if (decision.outcome, offered) != (ret.outcome, ret.exchange_variant_id):
        # The size offered went to someone else since the buyer looked (a checkout, another
        # exchange that committed first): say so, whichever of the two checks saw it.
        if ret.outcome is ReturnOutcome.EXCHANGE and offered != ret.exchange_variant_id:
            raise _sold_out(ret)
        raise Conflict("the outcome of this return has changed; look at it again to confirm")
    target = (
        ReturnStatus.APPROVED if ret.outcome is ReturnOutcome.KEEP_IT else ReturnStatus.REQUESTED
    )
    result = db.execute(
        update(ReturnRequest)
        .where(ReturnRequest.id == ret.id, ReturnRequest.status == ReturnStatus.STARTED)
        .values(
            status=target,
            confirmed_at=now,
            decided_at=now if target is ReturnStatus.APPROVED else None,
        )
        .execution_options(synchronize_session=False)
    )
    assert isinstance(result, CursorResult)
    db.refresh(ret)
    if result.rowcount != 1:
        return ret  # confirmed by a concurrent request
    if ret.outcome is ReturnOutcome.EXCHANGE:
        _take_exchange_unit(db, order, ret)
    # The size alone ("M", not "White / M"), as the follow-up's answers record it; a product
    # without sizes leaves no fit feedback.
    size = _sizes(db, line)[1] if ret.reason in policy.SIZE_REASONS else None
    if size is not None and ret.product_id is not None:
        verdict = (
            feedback.FitVerdict.SMALL
            if ret.reason is ReturnReason.TOO_SMALL
            else feedback.FitVerdict.LARGE
        )
        feedback.record(
            db,
            order_line_id=line.id,
            product_id=ret.product_id,
            viewer_id=order.viewer_id,
            size=size,
            verdict=verdict,
            source=feedback.FitSource.RETURN,
            at=now,
        )
    notify.publish(db, order, ret, first=True)
    steps = instructions(db, order, ret)
    notify.email_buyer(db, order, ret, links, "requested", **mail_extra(steps))
    if refunding.refunds_at_confirmation(order, ret, providers):
        refunding.refund_keep_it(db, order, ret, links, now=now, providers=providers)
    return ret


def mail_extra(steps: Instructions | None) -> dict[str, object]:
    if steps is None:
        return {"warehouse": "", "seller_pays_label": False}
    return {"warehouse": steps.warehouse, "seller_pays_label": steps.seller_pays_label}
