"""Lane costs and their economics; the camera checklist ticks of a show."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crosslive.auth.models import StaffUser
from crosslive.catalog.models import Category, Product, VariantPrice
from crosslive.events.models import ShowEvent
from crosslive.markets.models import Market
from crosslive.returns.models import CameraCheck, LaneCost
from crosslive.shows.models import ShowHost
from tests.factories import Shop

H = dict[str, str]
LANE = {"outbound_minor": 800, "return_shipping_minor": 1500, "handling_minor": 500}


def _market(db: Session, code: str) -> Market:
    return db.scalars(select(Market).where(Market.code == code)).one()


def test_the_owner_enters_lane_costs_and_reads_break_evens_and_warnings(
    app_client: TestClient, shop: Shop, auth_headers: H, db: Session
) -> None:
    shirt = db.scalars(select(Product).where(Product.title == "Linen Shirt")).one()
    shirt.category = Category.APPAREL
    # The shirt costs 15.00 to make: 25.00 - 15.00 - 8.00 outbound = 2.00 margin in the US,
    # below 25 % x (15.00 + 5.00) = 5.00 of expected returns.
    for price in db.scalars(select(VariantPrice).where(VariantPrice.currency == "USD")):
        if price.variant_id == shop.shirt_m:
            price.unit_cost_minor = 1500
    db.commit()
    us = _market(db, "US")

    put = app_client.put(f"/api/v1/lanes/{us.id}", json=LANE, headers=auth_headers)
    assert put.status_code == 200, put.text
    assert put.json() == {**LANE, "market_id": us.id, "market_code": "US", "currency": "USD"}
    again = app_client.put(
        f"/api/v1/lanes/{us.id}", json={**LANE, "handling_minor": 700}, headers=auth_headers
    )
    assert again.json()["handling_minor"] == 700
    assert db.scalar(select(func.count()).select_from(LaneCost)) == 1
    app_client.put(f"/api/v1/lanes/{us.id}", json=LANE, headers=auth_headers)

    body = app_client.get("/api/v1/returns/economics", headers=auth_headers).json()
    by_code = {m["market_code"]: m for m in body["markets"]}
    assert by_code["EU"]["lane"] is None and by_code["EU"]["categories"] == []
    us_row = by_code["US"]
    apparel = next(c for c in us_row["categories"] if c["category"] == "apparel")
    assert (apparel["break_even_minor"], apparel["break_even"]) == (2353, "$23.53")
    assert apparel["expected_return_cost_minor"] == 500
    # The store sells apparel and "other" (the lamp): the lower break-even is apparel's.
    assert (us_row["suggested_keep_it_minor"], us_row["suggested_keep_it"]) == (2300, "$23.00")
    assert [
        (w["product_id"], w["market_code"], w["variant"], w["margin_minor"])
        for w in body["warnings"]
    ] == [(shirt.id, "US", "M", 200)]
    assert body["warnings"][0]["expected_return_cost_minor"] == 500


def test_bad_lane_input_and_other_stores_change_nothing(
    app_client: TestClient,
    shop: Shop,
    auth_headers: H,
    other_headers: H,
    host_headers: H,
    db: Session,
) -> None:
    us = _market(db, "US")
    negative = app_client.put(
        f"/api/v1/lanes/{us.id}", json={**LANE, "outbound_minor": -1}, headers=auth_headers
    )
    assert negative.status_code == 422
    assert (
        app_client.put(f"/api/v1/lanes/{us.id}", json=LANE, headers=other_headers).status_code
        == 404
    )
    assert (
        app_client.put(f"/api/v1/lanes/{us.id}", json=LANE, headers=host_headers).status_code == 403
    )
    assert app_client.get("/api/v1/returns/economics", headers=host_headers).status_code == 403
    assert db.scalar(select(func.count()).select_from(LaneCost)) == 0
    assert app_client.get("/api/v1/lanes", headers=auth_headers).json() == []


def _events(db: Session, kind: str) -> list[dict[str, object]]:
    rows = db.scalars(select(ShowEvent).where(ShowEvent.kind == kind).order_by(ShowEvent.id))
    return [row.payload for row in rows]


def test_a_host_ticks_the_checklist_and_the_show_log_records_it(
    app_client: TestClient, shop: Shop, auth_headers: H, db: Session
) -> None:
    shirt = db.scalars(select(Product).where(Product.title == "Linen Shirt")).one()
    shirt.category = Category.APPAREL
    db.commit()
    url = "/api/v1/host/spring-drop/camera-checks"

    ticked = app_client.post(
        url, json={"product_id": shirt.id, "item": "measure"}, headers=auth_headers
    )
    assert ticked.status_code == 201, ticked.text
    assert ticked.json()["kind"] == "camera_check"
    app_client.post(
        url, json={"product_id": shirt.id, "item": "natural_light"}, headers=auth_headers
    )
    app_client.post(
        url,
        json={"product_id": shirt.id, "item": "natural_light", "done": False},
        headers=auth_headers,
    )

    lists = {c["product_id"]: c for c in app_client.get(url, headers=auth_headers).json()}
    assert lists[shirt.id]["category"] == "apparel"
    assert [(i["key"], i["done"]) for i in lists[shirt.id]["items"]] == [
        ("measure", True),
        ("natural_light", False),
        ("model_size", False),
        ("flaws", False),
    ]
    assert _events(db, "camera_check") == [
        {"product_id": shirt.id, "item": "measure", "done": True},
        {"product_id": shirt.id, "item": "natural_light", "done": True},
        {"product_id": shirt.id, "item": "natural_light", "done": False},
    ]
    rows = db.execute(select(CameraCheck.item, CameraCheck.done).order_by(CameraCheck.item)).all()
    assert [tuple(r) for r in rows] == [("measure", True), ("natural_light", False)]


def test_ticks_need_a_host_a_product_of_the_show_and_an_item_of_its_list(
    app_client: TestClient,
    shop: Shop,
    auth_headers: H,
    host_headers: H,
    other_headers: H,
    db: Session,
) -> None:
    url = "/api/v1/host/spring-drop/camera-checks"
    lamp = db.scalars(select(Product).where(Product.title == "Lamp")).one()
    hidden = db.scalars(select(Product).where(Product.title == "Hidden")).one()

    # A host not named on the show, another store's owner: refused.
    refused = app_client.post(
        url, json={"product_id": lamp.id, "item": "details"}, headers=host_headers
    )
    assert refused.status_code == 403
    assert (
        app_client.post(
            url, json={"product_id": lamp.id, "item": "details"}, headers=other_headers
        ).status_code
        == 404
    )
    # "measure" is an apparel item, the lamp is "other"; the hidden product is not in the show.
    wrong = app_client.post(
        url, json={"product_id": lamp.id, "item": "measure"}, headers=auth_headers
    )
    assert wrong.status_code == 422
    assert wrong.json() == {"detail": "'measure' is not on the other checklist"}
    outside = app_client.post(
        url, json={"product_id": hidden.id, "item": "details"}, headers=auth_headers
    )
    assert outside.status_code == 404
    assert db.scalar(select(func.count()).select_from(CameraCheck)) == 0
    assert _events(db, "camera_check") == []

    # Named on the show, the host may tick.
    host = db.scalars(select(StaffUser).where(StaffUser.email == "host@acme.test")).one()
    db.add(ShowHost(show_id=shop.show_id, user_id=host.id))
    db.commit()
    named = app_client.post(
        url, json={"product_id": lamp.id, "item": "details"}, headers=host_headers
    )
    assert named.status_code == 201
    assert _events(db, "camera_check") == [{"product_id": lamp.id, "item": "details", "done": True}]
