"""Orders for the review tests: a shirt (size M) and a lamp, bought through the real
checkout and delivered (or only shipped) through the staff API."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Order
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
