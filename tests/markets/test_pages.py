from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.markets import service
from crosslive.markets.models import LabelPaidBy, Market, Warehouse
from tests.factories import add_staff, other_store, page_login


def _count(db: Session, model: type) -> int:
    db.expire_all()
    return int(db.scalar(select(func.count()).select_from(model)) or 0)


def _edit_form(market_id: int, warehouse_id: int, csrf: str, **overrides: str) -> dict[str, str]:
    form = {
        "csrf_token": csrf,
        "name": "Japan",
        "currency": "JPY",
        "languages": "ja, en",
        "countries": "JP",
        "size_system": "JP",
        "return_window_days": "21",
        "return_label_paid_by": "buyer",
        "return_warehouse_id": str(warehouse_id),
        "keep_it_below": "1500",
        "disclosures": "ad-label",
        f"serve_{warehouse_id}": "on",
        f"min_{warehouse_id}": "1",
        f"max_{warehouse_id}": "2",
        "weight_brand_endorsement": "4",
        "weight_certification": "5",
        "weight_sales_proof": "3",
        "weight_reviews": "4",
        "weight_supply_chain": "5",
        "weight_after_sales": "5",
    }
    form.update(overrides)
    return form


def test_add_preset_then_edit_routes_returns_and_weights(
    app_client: TestClient, owner: dict[str, Any], db: Session
) -> None:
    csrf = page_login(app_client, owner["email"])
    listing = app_client.get("/admin/markets")
    assert "Add JP" in listing.text and "also add a Tokyo warehouse (1-3 days)" in listing.text
    assert "BR · Brazil" in listing.text and "also add a São Paulo warehouse (2-7 days)" in (
        listing.text
    )
    added = app_client.post(
        "/admin/markets/presets/JP", data={"csrf_token": csrf, "with_warehouse": "on"}
    )
    assert added.status_code == 200 and "JP · Japan" in added.text
    market = db.scalar(select(Market))
    assert market is not None and market.return_warehouse_id is not None
    saved = app_client.post(
        f"/admin/markets/{market.id}", data=_edit_form(market.id, market.return_warehouse_id, csrf)
    )
    assert saved.status_code == 200 and str(saved.url).endswith("/admin/markets")
    assert "Ships from our Tokyo warehouse in 1-2 days" in saved.text
    assert (
        "Return within 21 days to our Tokyo warehouse; you pay the return label. "
        "Items under ¥1,500 are refunded without sending them back"
    ) in saved.text
    assert "Add JP" not in saved.text
    db.expire_all()
    market = service.get_market(db, int(owner["seller_id"]), market.id)
    assert market.languages == ["ja", "en"] and market.return_window_days == 21
    assert market.return_label_paid_by == LabelPaidBy.BUYER
    assert market.keep_it_below_minor == 1500 and market.required_disclosures == ["ad-label"]
    assert service.effective_weights(market)["certification"] == 5


def test_refused_edit_keeps_the_typed_form_and_changes_nothing(
    app_client: TestClient, owner: dict[str, Any], db: Session
) -> None:
    csrf = page_login(app_client, owner["email"])
    app_client.post("/admin/markets/presets/JP", data={"csrf_token": csrf, "with_warehouse": "on"})
    market = db.scalar(select(Market))
    assert market is not None and market.return_warehouse_id is not None
    wid = market.return_warehouse_id
    cases = [
        ({"weight_reviews": "9"}, "the weight of reviews must be 1 to 5"),
        ({"weight_reviews": "lots"}, "the weight of Reviews must be a whole number"),
        ({f"min_{wid}": "4", f"max_{wid}": "2"}, "the fastest delivery cannot take longer"),
        ({"currency": "YEN!"}, "currency &#39;YEN!&#39; must be a 3-letter ISO code"),
        ({"keep_it_below": "12.5"}, "&#39;12.5&#39; has more decimals than JPY allows"),
        ({"countries": "Japan"}, "not a 2-letter country code: JAPAN"),
    ]
    for overrides, message in cases:
        response = app_client.post(
            f"/admin/markets/{market.id}", data=_edit_form(market.id, wid, csrf, **overrides)
        )
        assert response.status_code == 422, overrides
        assert message in response.text
        assert 'name="return_window_days" value="21"' in response.text
    db.expire_all()
    stored = service.get_market(db, int(owner["seller_id"]), market.id)
    assert (stored.return_window_days, stored.languages, stored.currency) == (14, ["ja"], "JPY")
    assert [(r.delivery_days_min, r.delivery_days_max) for r in stored.routes] == [(1, 3)]


def test_warehouses_are_added_and_deleted_on_the_page(
    app_client: TestClient, owner: dict[str, Any], db: Session
) -> None:
    csrf = page_login(app_client, owner["email"])
    form = {"csrf_token": csrf, "code": "lax", "name": "LA hub", "city": "Los Angeles"}
    added = app_client.post("/admin/warehouses", data={**form, "country": "US"})
    assert added.status_code == 200 and "LA hub" in added.text
    refused = app_client.post("/admin/warehouses", data={**form, "code": "sfo", "country": "USA"})
    assert (
        refused.status_code == 422 and "not a 2-letter country code: &#39;USA&#39;" in refused.text
    )
    duplicate = app_client.post("/admin/warehouses", data={**form, "country": "US"})
    assert "a warehouse with code LAX already exists" in duplicate.text
    assert _count(db, Warehouse) == 1
    warehouse = db.scalar(select(Warehouse))
    assert warehouse is not None
    app_client.post(f"/admin/warehouses/{warehouse.id}/delete", data={"csrf_token": csrf})
    assert _count(db, Warehouse) == 0


def test_warehouses_are_edited_in_place_and_bad_edits_change_nothing(
    app_client: TestClient, owner: dict[str, Any], session_factory: sessionmaker, db: Session
) -> None:
    csrf = page_login(app_client, owner["email"])
    for code, city in (("lax", "Los Angeles"), ("nrt", "Narita")):
        form = {"csrf_token": csrf, "code": code, "name": f"{city} hub", "city": city}
        app_client.post("/admin/warehouses", data={**form, "country": "US"})
    lax, nrt = db.scalars(select(Warehouse).order_by(Warehouse.code)).all()
    listing = app_client.get("/admin/markets").text
    assert f'action="/admin/warehouses/{nrt.id}"' in listing and 'value="Narita hub"' in listing

    fields = {
        "csrf_token": csrf,
        "code": "nrt",
        "name": "Tokyo Narita",
        "city": "Narita",
        "country": "JP",
    }
    saved = app_client.post(f"/admin/warehouses/{nrt.id}", data={**fields, "country": "jp"})
    assert saved.status_code == 200 and 'value="Tokyo Narita"' in saved.text
    db.expire_all()
    assert (nrt.name, nrt.country) == ("Tokyo Narita", "JP")

    clash = app_client.post(f"/admin/warehouses/{nrt.id}", data={**fields, "code": "LAX"})
    assert clash.status_code == 422 and "a warehouse with code LAX already exists" in clash.text
    empty = app_client.post(f"/admin/warehouses/{nrt.id}", data={**fields, "city": " "})
    assert empty.status_code == 422 and "the warehouse city cannot be empty" in empty.text
    db.expire_all()
    assert (nrt.code, nrt.city, lax.code) == ("NRT", "Narita", "LAX")

    host = add_staff(session_factory, int(owner["seller_id"]), "host@acme.test")
    host_csrf = page_login(app_client, host)
    denied = app_client.post(
        f"/admin/warehouses/{nrt.id}", data={**fields, "csrf_token": host_csrf, "name": "X"}
    )
    assert denied.status_code == 403
    db.expire_all()
    assert nrt.name == "Tokyo Narita"


def test_host_reads_but_cannot_change_markets(
    app_client: TestClient, owner: dict[str, Any], session_factory: sessionmaker, db: Session
) -> None:
    csrf = page_login(app_client, owner["email"])
    app_client.post("/admin/markets/presets/US", data={"csrf_token": csrf})
    app_client.cookies.clear()
    csrf = page_login(
        app_client, add_staff(session_factory, int(owner["seller_id"]), "h@acme.test")
    )
    listing = app_client.get("/admin/markets")
    assert "US · United States" in listing.text and "Add EU" not in listing.text
    assert "Add warehouse" not in listing.text
    market = db.scalar(select(Market))
    assert market is not None
    edit = app_client.get(f"/admin/markets/{market.id}")
    assert "Save market" not in edit.text and "<fieldset disabled>" in edit.text
    refused = [
        app_client.post("/admin/markets/presets/EU", data={"csrf_token": csrf}),
        app_client.post(f"/admin/markets/{market.id}/delete", data={"csrf_token": csrf}),
        app_client.post(
            "/admin/warehouses",
            data={"csrf_token": csrf, "code": "X", "name": "X", "city": "X", "country": "US"},
        ),
    ]
    assert [r.status_code for r in refused] == [403, 403, 403]
    assert _count(db, Market) == 1 and _count(db, Warehouse) == 0


def test_other_store_cannot_open_or_change_a_market(
    app_client: TestClient, owner: dict[str, Any], session_factory: sessionmaker, db: Session
) -> None:
    csrf = page_login(app_client, owner["email"])
    app_client.post("/admin/markets/presets/EU", data={"csrf_token": csrf})
    market = db.scalar(select(Market))
    assert market is not None
    app_client.cookies.clear()
    csrf = page_login(app_client, str(other_store(session_factory)["email"]))
    assert 'data-market="EU"' not in app_client.get("/admin/markets").text
    assert app_client.get(f"/admin/markets/{market.id}").status_code == 404
    deleted = app_client.post(f"/admin/markets/{market.id}/delete", data={"csrf_token": csrf})
    assert deleted.status_code == 404 and _count(db, Market) == 1
