"""Orders for the review tests: a shirt (size M) and a lamp, bought through the real
checkout and delivered (or only shipped) through the staff API."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Order, OrderLine
from crosslive.reviews.models import Review, ReviewAction
from crosslive.settings import Settings
from tests.factories import Shop
from tests.orders.lifecycle_helpers import fresh, shipped_order
from tests.orders.test_staff_api import SHOW
from tests.returns.follow_up_helpers import delivered_order as delivered_order
from tests.returns.follow_up_helpers import lines as lines


def shipped_only(
    staff: TestClient, buyer: TestClient, db: Session, shop: Shop, auth: dict[str, str], key: str
) -> Order:
    added = buyer.post(
        f"{SHOW}/cart/items", json={"market": "US", "variant_id": shop.lamp, "quantity": 1}
    )
    assert added.status_code in (200, 201), added.text
    return fresh(db, shipped_order(staff, buyer, db, shop.shirt_m, key, auth))


def reviews_url(settings: Settings, order: Order) -> str:
    return f"/api/v1/order-links/{OrderLinks.from_settings(settings).token(order)}/reviews"


def counts(db: Session) -> tuple[int, int]:
    """How many reviews and moderation-log rows there are."""
    db.expire_all()
    reviews = db.scalar(select(func.count()).select_from(Review)) or 0
    actions = db.scalar(select(func.count()).select_from(ReviewAction)) or 0
    return reviews, actions


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
