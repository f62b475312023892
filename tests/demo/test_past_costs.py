"""The demo's past orders cost what checkout charges: each one's lines, bought again through
checkout in its show and market by a buyer at the same address, come to the same shipping,
tax, duties and total (checkout refuses any other confirmed total), and its payment asks for
that total."""

from __future__ import annotations

import secrets
from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.markets import service as markets_service
from crosslive.markets.models import Market
from crosslive.orders import cart as carts
from crosslive.orders import checkout
from crosslive.orders.errors import PriceChanged
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Order
from crosslive.orders.schemas import AddressIn, CheckoutIn, ProofIn
from crosslive.shows.models import Show, ShowState

from .conftest import Seeded

LINKS = OrderLinks("http://127.0.0.1:8000", "test-secret")
Costs = tuple[int, int, int, int, int, bool, str, str, int]


def _costs(order: Order) -> Costs:
    return (
        order.subtotal_minor,
        order.shipping_minor,
        order.tax_minor,
        order.duties_minor,
        order.duties_at_door_minor,
        order.tax_included,
        order.vat_scheme,
        order.ioss_number,
        order.total_minor,
    )


def _past_orders(db: Session) -> list[Order]:
    ended = select(Show.id).where(Show.state == ShowState.ENDED)
    return list(db.scalars(select(Order).where(Order.show_id.in_(ended)).order_by(Order.id)))


def _ships_as_it_did(db: Session, market: Market, order: Order) -> bool:
    """Whether checkout would take each line's units from the warehouse the past order took
    them from (the shipping fee is priced per route), stock having moved since."""
    for line in order.lines:
        assert line.variant_id is not None
        now = markets_service.shipment(db, market, line.variant_id, line.quantity)
        if now is None or now.warehouse_id != line.warehouse_id:
            return False
    return True


def _checkout_again(db: Session, order: Order, market: Market) -> Order:
    """ORDER's lines bought through checkout now, confirming ORDER's total."""
    show = db.get(Show, order.show_id)
    assert show is not None
    viewer_id = secrets.token_hex(12)
    for line in order.lines:
        assert line.variant_id is not None
        carts.add_item(db, viewer_id, show, market, line.variant_id, line.quantity)
    data = CheckoutIn(
        market=market.code,
        email=order.email,
        name=order.name,
        address=AddressIn(
            line1=order.address_line1,
            city=order.city,
            region=order.region,
            postal_code=order.postal_code,
            country=order.country,
        ),
        confirmed_total_minor=order.total_minor,
        currency=order.currency,
        proof=ProofIn(challenge="", nonce=""),
    )
    return checkout.place_order(
        db, show=show, market=market, viewer_id=viewer_id, data=data, links=LINKS
    )


def test_past_orders_cost_what_checkout_charges_for_the_same_lines(demo_copy: Seeded) -> None:
    with demo_copy.factory() as db:
        orders = _past_orders(db)
        markets = {m.code: m for m in db.scalars(select(Market))}
        compared: Counter[str] = Counter()
        differ: list[tuple[int, Costs, Costs | str]] = []
        for order in orders:
            market = markets[order.market_code]
            if not _ships_as_it_did(db, market, order):
                continue
            compared[market.code] += 1
            try:
                again = _checkout_again(db, order, market)
            except PriceChanged as changed:
                differ.append((order.id, _costs(order), str(changed.current["breakdown"])))
                continue
            if _costs(again) != _costs(order):
                differ.append((order.id, _costs(order), _costs(again)))
        assert differ == []
        # Every market that has past orders, and most of the orders, were bought again.
        assert set(compared) == {order.market_code for order in orders}
        assert compared.total() >= len(orders) // 2
        # The costs are real ones: shipping on some orders, VAT or duties on others.
        assert any(order.shipping_minor > 0 for order in orders)
        assert any(order.tax_minor > 0 or order.duties_minor > 0 for order in orders)
        assert all(order.payments[0].amount_minor == order.total_minor for order in orders)
        db.rollback()
