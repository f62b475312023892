"""A small fixed store whose every insight is worked out by hand in the tests: two markets
(US with a lane, EU without), a sized shirt and a lamp, two shows (the host runs the first),
six orders, four returns (one rejected), fit answers and chat."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth.models import StaffUser
from crosslive.catalog.models import Category, Product, SizeChartRow, Variant, VariantPrice
from crosslive.chat.models import ChatMessage
from crosslive.db import transaction
from crosslive.fit.models import FitFeedback, FitSource, FitVerdict
from crosslive.fit.sizes import SizeSystem
from crosslive.markets.models import Market
from crosslive.orders.models import Order, OrderLine, OrderStatus, Payment, Refund
from crosslive.returns.models import (
    LaneCost,
    ReturnOutcome,
    ReturnReason,
    ReturnRequest,
    ReturnStatus,
)
from crosslive.shows.models import Show, ShowHost

DAY = datetime(2026, 3, 2, 12, tzinfo=UTC)


@dataclass
class Scenario:
    show1: int
    show2: int
    shirt: int
    lamp: int


def build(factory: sessionmaker[Session], seller_id: int, host_email: str) -> Scenario:
    with transaction(factory) as db:
        us = _market(db, seller_id, "US", "USD")
        eu = _market(db, seller_id, "EU", "EUR")
        db.add(
            LaneCost(
                seller_id=seller_id,
                market_id=us.id,
                outbound_minor=500,
                return_shipping_minor=800,
                handling_minor=200,
            )
        )
        shirt, sizes = _shirt(db, seller_id)
        lamp_product, lamp = _lamp(db, seller_id)
        host = db.query(StaffUser).filter_by(email=host_email).one()
        show1 = _show(db, seller_id, "spring", "Spring show", host.id)
        show2 = _show(db, seller_id, "lamps", "Lamp night", None)
        s, m, large = sizes["S"], sizes["M"], sizes["L"]
        o1 = _order(
            db, seller_id, show1, us, OrderStatus.CLOSED, [(m, 1, 4000, "M"), (large, 1, 4000, "M")]
        )
        o2 = _order(db, seller_id, show1, us, OrderStatus.DELIVERED, [(s, 2, 4000, None)])
        o3 = _order(db, seller_id, show1, eu, OrderStatus.CLOSED, [(m, 1, 3800, None)])
        o4 = _order(db, seller_id, show2, us, OrderStatus.CLOSED, [(lamp, 3, 2000, None)])
        _order(db, seller_id, show2, us, OrderStatus.SHIPPED, [(lamp, 1, 2000, None)])
        _order(db, seller_id, show2, us, OrderStatus.PENDING_PAYMENT, [(lamp, 1, 2000, None)])
        _return(
            db, o1, 1, ReturnReason.TOO_LARGE, ReturnOutcome.EXCHANGE, ReturnStatus.EXCHANGED, 0
        )
        _return(
            db,
            o2,
            0,
            ReturnReason.TOO_SMALL,
            ReturnOutcome.RETURN_REFUND,
            ReturnStatus.REFUNDED,
            8000,
        )
        _return(
            db,
            o4,
            0,
            ReturnReason.DEFECT,
            ReturnOutcome.KEEP_IT,
            ReturnStatus.REFUNDED,
            2000,
            qty=1,
        )
        _return(
            db,
            o3,
            0,
            ReturnReason.CHANGED_MIND,
            ReturnOutcome.RETURN_REFUND,
            ReturnStatus.REJECTED,
            3800,
        )
        _refund(db, o2, 8000)
        _refund(db, o4, 2000)
        for order, index, size, verdict in (
            (o1, 0, "M", FitVerdict.FIT),
            (o1, 1, "L", FitVerdict.LARGE),
            (o2, 0, "S", FitVerdict.SMALL),
            (o3, 0, "M", FitVerdict.FIT),
        ):
            _answer(db, order, index, shirt.id, size, verdict, FitSource.FOLLOW_UP)
        _answer(db, o2, 0, shirt.id, "S", FitVerdict.SMALL, FitSource.RETURN)
        _chat(db, show1, [False, False, True], staff=1)
        _chat(db, show2, [False, True], staff=0)
        return Scenario(show1, show2, shirt.id, lamp_product.id)


def _market(db: Session, seller_id: int, code: str, currency: str) -> Market:
    market = Market(
        seller_id=seller_id, code=code, name=code, currency=currency, size_system=SizeSystem(code)
    )
    db.add(market)
    db.flush()
    return market


def _shirt(db: Session, seller_id: int) -> tuple[Product, dict[str, Variant]]:
    shirt = Product(
        seller_id=seller_id,
        handle="shirt",
        title="Linen Shirt",
        category=Category.APPAREL,
        option_names=["Size"],
    )
    db.add(shirt)
    db.flush()
    variants = {}
    for position, label in enumerate(("S", "M", "L"), start=1):
        db.add(
            SizeChartRow(
                product_id=shirt.id,
                size_label=label,
                position=position,
                measurements_cm={"chest": 90 + 6 * position},
            )
        )
        variants[label] = _variant(db, shirt, label, {"USD": (4000, 1500), "EUR": (3800, 1500)})
    return shirt, variants


def _lamp(db: Session, seller_id: int) -> tuple[Product, Variant]:
    lamp = Product(
        seller_id=seller_id,
        handle="lamp",
        title="Desk Lamp",
        category=Category.ELECTRONICS,
        option_names=[],
    )
    db.add(lamp)
    db.flush()
    return lamp, _variant(db, lamp, None, {"USD": (2000, 1600)})


def _variant(
    db: Session, product: Product, label: str | None, prices: dict[str, tuple[int, int]]
) -> Variant:
    variant = Variant(
        product_id=product.id,
        seller_id=product.seller_id,
        option1=label,
        sku=f"{product.handle}-{label}",
        stock=10,
    )
    db.add(variant)
    db.flush()
    for currency, (amount, cost) in prices.items():
        db.add(
            VariantPrice(
                variant_id=variant.id, currency=currency, amount_minor=amount, unit_cost_minor=cost
            )
        )
    return variant


def _show(db: Session, seller_id: int, slug: str, title: str, host_id: int | None) -> int:
    show = Show(seller_id=seller_id, slug=slug, title=title, scheduled_at=DAY)
    db.add(show)
    db.flush()
    if host_id is not None:
        db.add(ShowHost(show_id=show.id, user_id=host_id))
    return show.id


def _order(
    db: Session,
    seller_id: int,
    show_id: int,
    market: Market,
    status: OrderStatus,
    lines: list[tuple[Variant, int, int, str | None]],
) -> Order:
    total = sum(qty * price for _, qty, price, _ in lines)
    paid = status != OrderStatus.PENDING_PAYMENT
    delivered = status in (OrderStatus.DELIVERED, OrderStatus.CLOSED)
    order = Order(
        public_id=secrets.token_urlsafe(16),
        seller_id=seller_id,
        show_id=show_id,
        market_id=market.id,
        market_code=market.code,
        viewer_id="v",
        currency=market.currency,
        subtotal_minor=total,
        total_minor=total,
        status=status,
        email="b@example.test",
        name="B",
        address_line1="1 Road",
        city="Town",
        country="US",
        created_at=DAY,
        paid_at=DAY if paid else None,
        delivered_at=DAY if delivered else None,
        closed_at=DAY if status == OrderStatus.CLOSED else None,
    )
    for variant, qty, price, advised in lines:
        order.lines.append(
            OrderLine(
                variant_id=variant.id,
                product_title="x",
                variant_label=variant.label,
                sku="",
                unit_price_minor=price,
                quantity=qty,
                line_total_minor=qty * price,
                advised_size=advised,
            )
        )
    if paid:
        order.payments.append(
            Payment(
                provider="manual",
                reference=secrets.token_hex(8),
                amount_minor=total,
                currency=market.currency,
            )
        )
    db.add(order)
    db.flush()
    return order


def _return(
    db: Session,
    order: Order,
    index: int,
    reason: ReturnReason,
    outcome: ReturnOutcome,
    status: ReturnStatus,
    refund: int,
    qty: int | None = None,
) -> None:
    line = order.lines[index]
    variant = db.get(Variant, line.variant_id)
    assert variant is not None
    db.add(
        ReturnRequest(
            seller_id=order.seller_id,
            order_id=order.id,
            order_line_id=line.id,
            product_id=variant.product_id,
            reference=secrets.token_hex(6),
            reason=reason,
            quantity=qty or line.quantity,
            status=status,
            outcome=outcome,
            refund_minor=refund,
            currency=order.currency,
        )
    )


def _refund(db: Session, order: Order, amount: int) -> None:
    db.add(
        Refund(
            order_id=order.id,
            payment_id=order.payments[0].id,
            amount_minor=amount,
            currency=order.currency,
            idempotency_key=secrets.token_hex(8),
        )
    )


def _answer(
    db: Session,
    order: Order,
    index: int,
    product_id: int,
    size: str,
    verdict: FitVerdict,
    source: FitSource,
) -> None:
    db.add(
        FitFeedback(
            order_line_id=order.lines[index].id,
            product_id=product_id,
            viewer_id="v",
            size=size,
            verdict=verdict,
            source=source,
        )
    )


def _chat(db: Session, show_id: int, questions: list[bool], staff: int) -> None:
    for is_question in questions:
        db.add(
            ChatMessage(
                show_id=show_id, viewer_id="v", display_name="V", body="hi", is_question=is_question
            )
        )
    for _ in range(staff):
        db.add(
            ChatMessage(
                show_id=show_id, viewer_id="s", display_name="S", body="hello", is_staff=True
            )
        )


def add_followed(
    factory: sessionmaker[Session], seller_id: int, show_id: int, n: int, returned: int
) -> None:
    """N more delivered US orders of one shirt in M, as advised; the first RETURNED come back
    too large (exchanged)."""
    with transaction(factory) as db:
        us = db.query(Market).filter_by(seller_id=seller_id, code="US").one()
        m = db.query(Variant).filter_by(seller_id=seller_id, option1="M").one()
        for i in range(n):
            order = _order(db, seller_id, show_id, us, OrderStatus.DELIVERED, [(m, 1, 4000, "M")])
            if i < returned:
                _return(
                    db,
                    order,
                    0,
                    ReturnReason.TOO_LARGE,
                    ReturnOutcome.EXCHANGE,
                    ReturnStatus.EXCHANGED,
                    0,
                )
