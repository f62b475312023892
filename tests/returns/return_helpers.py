"""Delivered orders written straight to the database (the checkout and lifecycle have their
own tests), their buyer links, and the market settings the return rules read."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.models import Variant
from crosslive.db import transaction, utcnow
from crosslive.markets.models import LabelPaidBy, Market, Warehouse
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Order, OrderLine, OrderStatus, Payment, PaymentStatus
from tests.factories import Shop


@dataclass(frozen=True)
class Delivered:
    order_id: int
    line_id: int
    public_id: str


def delivered_order(
    factory: sessionmaker[Session],
    shop: Shop,
    variant_id: int,
    *,
    quantity: int = 1,
    days_left: int = 20,
    advised: str | None = None,
    email: str = "ana@example.com",
    now: datetime | None = None,
    card: bool = False,
    language: str = "",
) -> Delivered:
    now = now or utcnow()
    with transaction(factory) as db:
        variant = db.get(Variant, variant_id)
        assert variant is not None
        price = variant.price_in("USD")
        assert price is not None
        total = price.amount_minor * quantity
        order = Order(
            public_id=secrets.token_urlsafe(32),
            seller_id=shop.seller_id,
            show_id=shop.show_id,
            market_code="US",
            viewer_id=f"viewer-{secrets.token_hex(4)}",
            currency="USD",
            subtotal_minor=total,
            total_minor=total,
            status=OrderStatus.DELIVERED,
            email=email,
            language=language,
            name="Ana <b>Buyer</b>",
            address_line1="1 Main St",
            city="Springfield",
            country="US",
            paid_at=now - timedelta(days=12),
            shipped_at=now - timedelta(days=11),
            delivered_at=now - timedelta(days=10),
            returns_until=now + timedelta(days=days_left),
        )
        line = OrderLine(
            variant_id=variant.id,
            product_title=variant.product.title,
            variant_label=variant.label,
            sku=variant.sku or "",
            unit_price_minor=price.amount_minor,
            quantity=quantity,
            line_total_minor=total,
            advised_size=advised,
        )
        order.lines.append(line)
        order.payments.append(
            Payment(
                provider="stripe" if card else "manual",
                details={"payment_intent": f"pi_{secrets.token_hex(8)}"} if card else {},
                reference=f"CL-{secrets.token_hex(5).upper()}",
                amount_minor=total,
                currency="USD",
                status=PaymentStatus.PAID,
            )
        )
        db.add(order)
        db.flush()
        return Delivered(order.id, line.id, order.public_id)


def token(links: OrderLinks, public_id: str) -> str:
    return str(links._serializer().dumps(public_id))


def returns_url(links: OrderLinks, public_id: str) -> str:
    """The order link's returns API for the order PUBLIC_ID."""
    return f"/api/v1/order-links/{token(links, public_id)}/returns"


def asked(
    client: TestClient,
    links: OrderLinks,
    order: Delivered,
    reason: str,
    *,
    note: str = "<i>x</i>",
    confirm: bool = True,
) -> dict[str, Any]:
    """A return of ORDER's line for REASON asked for through the order link (and confirmed):
    the API's answer."""
    url = returns_url(links, order.public_id)
    seen = client.post(url, json={"line_id": order.line_id, "reason": reason, "note": note})
    assert seen.status_code == 200, seen.text
    if not confirm:
        return seen.json()
    done = client.post(f"{url}/{seen.json()['id']}/confirm")
    assert done.status_code == 200, done.text
    return done.json()


def count(db: Session, model: Any) -> int:
    """How many rows MODEL has, as committed by the app's own sessions."""
    db.expire_all()
    return int(db.scalar(select(func.count()).select_from(model)) or 0)


def set_us_market(
    factory: sessionmaker[Session],
    *,
    keep_it_below_minor: int = 0,
    label_paid_by: LabelPaidBy = LabelPaidBy.SELLER,
    warehouse: bool = True,
    window_days: int = 30,
) -> None:
    with transaction(factory) as db:
        market = db.scalars(select(Market).where(Market.code == "US")).one()
        market.keep_it_below_minor = keep_it_below_minor
        market.return_label_paid_by = label_paid_by
        market.return_window_days = window_days
        if warehouse and market.return_warehouse_id is None:
            wh = Warehouse(
                seller_id=market.seller_id,
                code="LA",
                name="Acme LA",
                city="Los Angeles",
                country="US",
            )
            db.add(wh)
            db.flush()
            market.return_warehouse_id = wh.id
