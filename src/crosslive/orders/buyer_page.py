"""What the buyer's order page shows, found through the signed link (orders.links): status,
tracking, when it should arrive, the return terms of their market, refunds. No account: the
link is the key, so a link that fails its signature or its age shows nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from crosslive.i18n import N_
from crosslive.markets import service as markets_service
from crosslive.markets.schemas import DeliveryPromise, ReturnTerms
from crosslive.orders import refunds, service
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Order, OrderStatus, Payment

STATUS_TEXT = {
    OrderStatus.PENDING_PAYMENT: N_("waiting for your payment"),
    OrderStatus.PAID: N_("paid, being prepared"),
    OrderStatus.SHIPPED: N_("on its way"),
    OrderStatus.DELIVERED: N_("delivered"),
    OrderStatus.CLOSED: N_("delivered (the return window has ended)"),
    OrderStatus.CANCELLED: N_("cancelled"),
}


@dataclass(frozen=True)
class OrderPage:
    order: Order
    payment: Payment | None
    status_text: str
    # Shipped: the dates it should arrive between; before: the promise (the page words it).
    arrives: tuple[date, date] | None
    promise: DeliveryPromise | None
    terms: ReturnTerms | None
    refunded_minor: int


def order_page(db: Session, links: OrderLinks, token: str) -> OrderPage:
    """The page for TOKEN; NotFound (tampered, unknown) or LinkExpired, showing nothing."""
    order = service.order_by_public_id(db, links.public_id(token))
    market = markets_service.find_market(db, order.seller_id, order.market_code)
    promise = (
        markets_service.order_promise(market, [line.warehouse_id for line in order.lines])
        if market
        else None
    )
    arrives = None
    if promise is not None and order.shipped_at is not None:
        shipped = order.shipped_at.date()
        arrives = (
            shipped + timedelta(days=promise.days_min),
            shipped + timedelta(days=promise.days_max),
        )
    return OrderPage(
        order=order,
        payment=order.payments[-1] if order.payments else None,
        status_text=STATUS_TEXT[order.status],
        arrives=arrives,
        promise=promise,
        terms=markets_service.return_terms(market) if market else None,
        refunded_minor=refunds.refunded_total(order),
    )
