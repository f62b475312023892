"""The buyer's order page behind the signed link: status, tracking, the delivery window, the
market's return terms, all escaped; a tampered, made-up or expired link shows nothing. The
size the advisor advised is kept on the order line."""

from __future__ import annotations

import re
import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.models import Variant
from crosslive.db import transaction
from crosslive.fit.models import AdviceGiven
from crosslive.i18n import format_day
from crosslive.mail.models import OutboxEmail
from crosslive.markets.models import Market, Warehouse, WarehouseRoute
from crosslive.orders.links import OrderLinks
from crosslive.orders.models import Cart, Order
from tests.factories import Shop
from tests.orders.lifecycle_helpers import fresh, place_order, shipped_order

BASE = "http://127.0.0.1:8000"
LINKS = OrderLinks(BASE, "test-secret")


def _warehouse_route(factory: sessionmaker[Session], shop: Shop) -> None:
    with transaction(factory) as db:
        market = db.scalar(
            select(Market).where(Market.seller_id == shop.seller_id, Market.code == "US")
        )
        assert market is not None
        house = Warehouse(
            seller_id=shop.seller_id, code="NJ", name="East", city="Newark", country="US"
        )
        market.routes.append(
            WarehouseRoute(warehouse=house, delivery_days_min=3, delivery_days_max=5)
        )
        market.keep_it_below_minor = 1500


def test_the_signed_link_shows_status_tracking_delivery_and_return_terms(
    app_client: TestClient,
    other_viewer: TestClient,
    shop: Shop,
    auth_headers: dict[str, str],
    session_factory: sessionmaker[Session],
    db: Session,
) -> None:
    _warehouse_route(session_factory, shop)
    oid = shipped_order(app_client, other_viewer, db, shop.shirt_m, "link-0001", auth_headers)
    order = fresh(db, oid)
    page = other_viewer.get(f"/orders/{LINKS.token(order)}")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    assert 'data-status="shipped"' in page.text and "on its way" in page.text
    assert f'href="https://www.ups.com/track?tracknum=1Z{oid:06d}"' in page.text
    assert order.shipped_at is not None
    day = order.shipped_at.date()
    first, last = (day.toordinal() + 3, day.toordinal() + 5)
    assert f"Expected between {day.fromordinal(first)} and {day.fromordinal(last)}." in page.text
    assert "Return within 30 days; we pay the label. Items under $15.00 are refunded" in page.text

    # The shipped email's link is signed too, and opens the same page.
    email = db.scalars(select(OutboxEmail).order_by(OutboxEmail.id.desc())).first()
    assert email is not None and email.subject == "Acme Outfitters: your order is on its way"
    link = re.search(rf"{BASE}(/orders/\S+)", email.text_body)
    assert link is not None
    assert 'data-status="shipped"' in other_viewer.get(link.group(1)).text
    assert f"Shipped on {day}." in page.text

    # In the buyer's language: the day as they write it, the words of the page's catalog.
    german = other_viewer.get(f"/orders/{LINKS.token(order)}?lang=de").text
    assert f"Versandt am {format_day(day, 'de')}." in german
    assert "Sendungsnummer:" in german and ">Sendung verfolgen</a>" in german
    assert "Shipped on" not in german
    assert f"und {format_day(day.fromordinal(last), 'de')}." in german  # the expected days too


def test_tampered_made_up_expired_and_old_style_links_show_nothing(
    app_client: TestClient,
    other_viewer: TestClient,
    shop: Shop,
    db: Session,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    placed = place_order(other_viewer, shop.shirt_m, "link-0002")
    second = place_order(other_viewer, shop.shirt_m, "link-0003")
    order = db.scalar(select(Order).where(Order.public_id == placed["public_id"]))
    assert order is not None
    token = LINKS.token(order)
    payload, stamp, signature = token.split(".")
    other_payload = LINKS.token(fresh(db, order.id + 1)).split(".")[0]
    tampered = [
        f"{payload}.{stamp}.{signature[:-2]}xx",
        f"{other_payload}.{stamp}.{signature}",  # another order's id under this signature
        OrderLinks(BASE, "another-secret").token(order),
        placed["public_id"],  # the old, unsigned link
    ]
    for bad in tampered:
        page = app_client.get(f"/orders/{bad}")
        assert page.status_code == 404, bad
        assert "This order link does not work" in page.text
        assert "Ana Buyer" not in page.text and placed["payment"]["reference"] not in page.text
    with monkeypatch.context() as m:
        m.setattr(time, "time", lambda: 1_000_000_000.0)  # signed in 2001
        old = LINKS.token(order)
    expired = app_client.get(f"/orders/{old}")
    assert expired.status_code == 403
    assert "this order link has expired" in expired.text and "Ana Buyer" not in expired.text
    # Each order's own link shows that order only.
    mine = app_client.get(second["url"].removeprefix(BASE))
    assert mine.status_code == 200 and second["payment"]["reference"] in mine.text
    assert placed["payment"]["reference"] not in mine.text


def test_the_advised_size_is_kept_on_the_order_line(
    app_client: TestClient, shop: Shop, db: Session
) -> None:
    app_client.post(
        "/api/v1/shows/spring-drop/cart/items",
        json={"market": "US", "variant_id": shop.shirt_m, "quantity": 1},
    )
    app_client.post(
        "/api/v1/shows/spring-drop/cart/items",
        json={"market": "US", "variant_id": shop.lamp, "quantity": 1},
    )
    viewer = db.scalar(select(Cart.viewer_id))
    product_id = db.scalar(select(Variant.product_id).where(Variant.id == shop.shirt_m))
    assert viewer is not None and product_id is not None
    db.add_all(
        [
            AdviceGiven(
                viewer_id=viewer, product_id=product_id, size="L", confidence=0.6, source="chart"
            ),
            AdviceGiven(
                viewer_id=viewer, product_id=product_id, size="M", confidence=0.8, source="model"
            ),
            AdviceGiven(
                viewer_id="someone-else",
                product_id=product_id,
                size="S",
                confidence=1,
                source="chart",
            ),
        ]
    )
    db.commit()
    placed = place_order(app_client, shop.shirt_m, "link-0004")
    order = db.scalar(select(Order).where(Order.public_id == placed["public_id"]))
    assert order is not None
    assert [(line.variant_label, line.advised_size) for line in order.lines] == [
        ("M", "M"),
        ("Default", None),
    ]
