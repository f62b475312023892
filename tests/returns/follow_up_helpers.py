"""Orders for the follow-up and review tests: a linen shirt (apparel, size M) and a lamp, bought
through the real checkout and delivered (or only shipped) through the staff API."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.models import Category, Product, Variant
from crosslive.db import transaction, utcnow
from crosslive.orders.hooks import OrderHooks
from crosslive.orders.jobs import register_jobs
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Order, OrderLine
from crosslive.returns import followup_mail, requests
from crosslive.returns.followup_jobs import register_follow_up
from crosslive.returns.followup_links import FollowUpLinks
from crosslive.scheduler.registry import JobRegistry
from crosslive.scheduler.runner import JobRunner
from crosslive.settings import Settings
from tests.factories import Shop
from tests.orders.lifecycle_helpers import fresh, shipped_order
from tests.orders.test_staff_api import SHOW
from tests.scheduler.clock import FakeClock


def make_shirt_apparel(factory: sessionmaker[Session]) -> None:
    """The shirt comes in sizes (apparel); every variant has stock for a dozen orders."""
    with transaction(factory) as db:
        shirt = Product.title == "Linen Shirt"
        db.execute(update(Product).where(shirt).values(category=Category.APPAREL))
        db.execute(update(Variant).values(stock=20))


def shipped_only(
    staff: TestClient, buyer: TestClient, db: Session, shop: Shop, auth: dict[str, str], key: str
) -> Order:
    """An order of one shirt (M) and one lamp, shipped and not yet delivered."""
    added = buyer.post(
        f"{SHOW}/cart/items", json={"market": "US", "variant_id": shop.lamp, "quantity": 1}
    )
    assert added.status_code in (200, 201), added.text
    return fresh(db, shipped_order(staff, buyer, db, shop.shirt_m, key, auth))


def delivered_order(
    staff: TestClient, buyer: TestClient, db: Session, shop: Shop, auth: dict[str, str], key: str
) -> Order:
    """An order of one shirt (M) and one lamp, delivered now."""
    oid = shipped_only(staff, buyer, db, shop, auth, key).id
    response = staff.post(f"/api/v1/orders/{oid}/delivered", json={}, headers=auth)
    assert response.status_code == 200, response.text
    return fresh(db, oid)


def lines(db: Session, order: Order) -> tuple[OrderLine, OrderLine]:
    """The order's shirt line and lamp line."""
    rows = db.scalars(select(OrderLine).where(OrderLine.order_id == order.id)).all()
    shirt = next(line for line in rows if line.product_title == "Linen Shirt")
    lamp = next(line for line in rows if line.product_title == "Lamp")
    return shirt, lamp


@dataclass(frozen=True)
class Bought:
    """An order of a shirt (M) and a lamp, its two lines and its signed order-link token."""

    order: Order
    shirt: OrderLine
    lamp: OrderLine
    token: str

    @property
    def url(self) -> str:
        """The order link's reviews API."""
        return f"/api/v1/order-links/{self.token}/reviews"


@dataclass(frozen=True)
class Buying:
    """The staff client, the buyer's browser and what they need to buy from the shop."""

    staff: TestClient
    buyer: TestClient
    db: Session
    shop: Shop
    auth: dict[str, str]
    settings: Settings

    def delivered(self, key: str) -> Bought:
        """An order bought under idempotency KEY and delivered now."""
        return self._bought(
            delivered_order(self.staff, self.buyer, self.db, self.shop, self.auth, key)
        )

    def shipped(self, key: str) -> Bought:
        """An order bought under idempotency KEY and shipped, not yet delivered."""
        return self._bought(
            shipped_only(self.staff, self.buyer, self.db, self.shop, self.auth, key)
        )

    def _bought(self, order: Order) -> Bought:
        shirt, lamp = lines(self.db, order)
        return Bought(order, shirt, lamp, OrderLinks.from_settings(self.settings).token(order))


@pytest.fixture
def buying(
    app_client: TestClient,
    buyer: TestClient,
    db: Session,
    shop: Shop,
    auth_headers: dict[str, str],
    settings: Settings,
) -> Buying:
    """The staff client and the buyer's browser, ready to buy from the shop (re-exported by the
    conftests that use it)."""
    return Buying(app_client, buyer, db, shop, auth_headers, settings)


def links_of(settings: Settings) -> FollowUpLinks:
    return FollowUpLinks.from_settings(settings)


def run_jobs_at(factory: sessionmaker[Session], settings: Settings, at: datetime) -> int:
    """Run the jobs due at AT with the app's job kinds; how many ran."""
    registry = JobRegistry()
    register_jobs(registry, settings)
    register_follow_up(registry, OrderHooks(), settings)
    return asyncio.run(JobRunner(factory, registry, clock=FakeClock(at)).run_due())


def follow_up_then_return(
    db: Session, settings: Settings, links: OrderLinks, order: Order, line_id: int
) -> None:
    """ORDER's follow-up email sent, then a defect return of one unit of LINE_ID started and
    confirmed: every email a buyer gets after delivery, queued in DB's transaction."""
    followup_mail.send(
        db, {"order_id": order.id}, links=links_of(settings), order_links=links, now=utcnow()
    )
    ret = requests.start(
        db,
        order,
        line_id=line_id,
        quantity=1,
        reason="defect",
        note="",
        now=utcnow(),
        remind_days=None,
    )
    requests.confirm(db, order, ret, links, now=utcnow())
