"""What the market's rules add to the viewer's room: the paid host's disclosure (US FTC),
the total with delivery up front (UK DMCC) and, for the EU, the product safety block."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth.models import StaffUser
from crosslive.catalog.models import Product
from crosslive.db import transaction
from crosslive.landed.models import ShippingFee
from crosslive.live import service
from crosslive.markets.models import Market
from crosslive.shows.models import Show
from tests.chat.factories import Room
from tests.compliance.factories import SAFE


@pytest.fixture
def pinned(session_factory: sessionmaker[Session], room: Room) -> Room:
    with transaction(session_factory) as db:
        show = db.get(Show, room.show_id)
        assert show is not None
        service.pin(db, show, room.product_id)
    return room


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_host_paid_by_the_brand_is_disclosed_while_they_host(
    app_client: TestClient, pinned: Room, session_factory: sessionmaker[Session]
) -> None:
    def paid(value: bool) -> str:
        with transaction(session_factory) as db:
            db.execute(
                update(StaffUser)
                .where(StaffUser.email == pinned.host_email)
                .values(paid_by_brand=value)
            )
            return db.scalars(
                select(StaffUser.name).where(StaffUser.email == pinned.host_email)
            ).one()

    name = paid(True)
    german = app_client.get(
        f"/live/{pinned.slug}?country=DE", headers={"Accept-Language": "de"}
    ).text
    assert f"Werbung: {name} wird von Acme Outfitters bezahlt" in _text(german)
    english = _text(app_client.get(f"/live/{pinned.slug}?country=US").text)
    assert f"Ad: {name} is paid by Acme Outfitters" in english
    paid(False)
    assert "is paid by" not in _text(app_client.get(f"/live/{pinned.slug}?country=US").text)


def test_total_with_delivery_up_front_and_the_safety_block_where_the_market_wants_them(
    app_client: TestClient, pinned: Room, session_factory: sessionmaker[Session]
) -> None:
    before = _text(app_client.get(f"/live/{pinned.slug}?country=US").text)
    assert "Total with delivery" not in before and "Product safety" not in before
    with transaction(session_factory) as db:
        db.execute(
            update(Market)
            .where(Market.seller_id == pinned.seller_id, Market.code == "US")
            .values(required_disclosures=["total-price"])
        )
        db.execute(
            update(Market)
            .where(Market.seller_id == pinned.seller_id, Market.code == "EU")
            .values(required_disclosures=["gpsr"], languages=["en"])
        )
        db.execute(update(Product).where(Product.id == pinned.product_id).values(**SAFE))
        us_market = db.scalars(
            select(Market).where(Market.seller_id == pinned.seller_id, Market.code == "US")
        ).one()
        for route in us_market.routes:
            db.add(
                ShippingFee(
                    seller_id=pinned.seller_id,
                    market_id=us_market.id,
                    warehouse_id=route.warehouse_id,
                    flat_minor=750,
                    bands=[],
                    free_above_minor=None,
                )
            )
    us = _text(app_client.get(f"/live/{pinned.slug}?country=US").text)
    assert "Total with delivery: $56.50" in us  # $49.00 and the LA route's $7.50
    eu = _text(app_client.get(f"/live/{pinned.slug}?country=DE").text)
    assert "Product safety" in eu and "Acme Europe B.V." in eu and "Keep away from water." in eu
    assert "Total with delivery" not in eu
