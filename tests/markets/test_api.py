from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crosslive.markets.models import Market, Warehouse

H = dict[str, str]


def _count(db: Session, model: type) -> int:
    db.expire_all()
    return int(db.scalar(select(func.count()).select_from(model)) or 0)


def test_owner_adds_a_preset_and_reads_the_promises(
    app_client: TestClient, auth_headers: H
) -> None:
    created = app_client.post(
        "/api/v1/markets/presets/US?with_warehouse=true", headers=auth_headers
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert (body["code"], body["currency"], body["size_system"]) == ("US", "USD", "US")
    assert body["delivery"] == {
        "warehouse_name": "Los Angeles warehouse",
        "city": "Los Angeles",
        "country": "US",
        "days_min": 3,
        "days_max": 5,
        "text": "Ships from our Los Angeles warehouse in 3-5 days",
    }
    assert body["returns"]["text"] == (
        "Return within 30 days to our Los Angeles warehouse; we pay the label"
    )
    assert body["trust_weights"]["reviews"] == 5
    listed = app_client.get("/api/v1/markets", headers=auth_headers).json()
    assert [m["code"] for m in listed] == ["US"]
    presets = app_client.get("/api/v1/markets/presets", headers=auth_headers).json()
    assert [p["code"] for p in presets] == ["US", "EU", "UK", "JP", "KR", "BR"]


def test_the_promises_are_written_in_the_callers_language(
    app_client: TestClient, auth_headers: H
) -> None:
    app_client.post("/api/v1/markets/presets/US?with_warehouse=true", headers=auth_headers)
    german = app_client.get(
        "/api/v1/markets", headers={**auth_headers, "Accept-Language": "de-DE,de;q=0.9"}
    ).json()[0]
    assert german["delivery"]["text"] == "Lieferung aus unserem Lager in Los Angeles in 3–5 Tagen"  # noqa: RUF001
    assert german["returns"]["text"] == (
        "Rückgabe innerhalb von 30 Tagen an unser Lager in Los Angeles; "
        "das Rücksendeetikett zahlen wir"
    )
    # The facts beside the text stay as they are; ?lang= wins over the browser.
    assert (german["delivery"]["days_min"], german["returns"]["window_days"]) == (3, 30)
    japanese = app_client.get(
        f"/api/v1/markets/{german['id']}?lang=ja",
        headers={**auth_headers, "Accept-Language": "de"},
    ).json()
    assert japanese["delivery"]["text"] == "Los Angelesの倉庫から発送、3〜5日でお届け"
    assert japanese["returns"]["text"] == (
        "30日以内にLos Angelesの倉庫へ返品できます。返送ラベルは当店が負担します"
    )


def test_create_and_patch_a_market_with_routes(app_client: TestClient, auth_headers: H) -> None:
    wh = app_client.post(
        "/api/v1/warehouses",
        json={"code": "lon", "name": "London hub", "city": "London", "country": "uk"},
        headers=auth_headers,
    )
    assert wh.status_code == 201, wh.text
    assert (wh.json()["code"], wh.json()["country"]) == ("LON", "GB")
    market = app_client.post(
        "/api/v1/markets",
        json={
            "code": "uk",
            "name": "UK",
            "currency": "gbp",
            "languages": ["en"],
            "countries": ["GB"],
            "size_system": "UK",
        },
        headers=auth_headers,
    ).json()
    patched = app_client.patch(
        f"/api/v1/markets/{market['id']}",
        json={
            "routes": [
                {"warehouse_id": wh.json()["id"], "delivery_days_min": 1, "delivery_days_max": 2}
            ],
            "return_warehouse_id": wh.json()["id"],
            "trust_weights": {"reviews": 5},
        },
        headers=auth_headers,
    )
    assert patched.status_code == 200, patched.text
    body = patched.json()
    assert body["delivery"]["text"] == "Ships from our London warehouse in 1-2 days"
    assert (
        body["returns"]["text"] == "Return within 30 days to our London warehouse; we pay the label"
    )
    assert body["trust_weights"]["reviews"] == 5 and body["trust_weights"]["sales_proof"] == 4


def test_bad_input_is_a_clear_422_and_changes_nothing(
    app_client: TestClient, auth_headers: H, db: Session
) -> None:
    market = app_client.post("/api/v1/markets/presets/EU", headers=auth_headers).json()
    refused = app_client.patch(
        f"/api/v1/markets/{market['id']}",
        json={"name": "Europe", "trust_weights": {"certification": 7}},
        headers=auth_headers,
    )
    assert refused.status_code == 422
    assert refused.json() == {"detail": "the weight of certification must be 1 to 5"}
    again = app_client.get(f"/api/v1/markets/{market['id']}", headers=auth_headers).json()
    assert again["name"] == "European Union" and again["trust_weights"]["certification"] == 5
    duplicate = app_client.post("/api/v1/markets/presets/EU", headers=auth_headers)
    assert duplicate.status_code == 409
    assert duplicate.json() == {"detail": "market EU already exists"}
    assert _count(db, Market) == 1


def test_host_reads_but_cannot_write(
    app_client: TestClient, auth_headers: H, host_headers: H, db: Session
) -> None:
    market = app_client.post("/api/v1/markets/presets/JP", headers=auth_headers).json()
    assert app_client.get("/api/v1/markets", headers=host_headers).status_code == 200
    attempts = [
        app_client.post("/api/v1/markets/presets/KR", headers=host_headers),
        app_client.patch(
            f"/api/v1/markets/{market['id']}", json={"name": "x"}, headers=host_headers
        ),
        app_client.delete(f"/api/v1/markets/{market['id']}", headers=host_headers),
        app_client.post(
            "/api/v1/warehouses",
            json={"code": "X", "name": "X", "city": "X", "country": "JP"},
            headers=host_headers,
        ),
    ]
    assert [r.status_code for r in attempts] == [403, 403, 403, 403]
    assert attempts[0].json() == {"detail": "this needs the owner role; you are host"}
    assert _count(db, Market) == 1 and _count(db, Warehouse) == 0
    assert (
        app_client.get(f"/api/v1/markets/{market['id']}", headers=host_headers).json()["name"]
        == "Japan"
    )


def test_stores_never_see_or_touch_each_other(
    app_client: TestClient, auth_headers: H, other_headers: H, db: Session
) -> None:
    market = app_client.post(
        "/api/v1/markets/presets/UK?with_warehouse=true", headers=auth_headers
    ).json()
    warehouse_id = market["return_warehouse_id"]
    assert app_client.get("/api/v1/markets", headers=other_headers).json() == []
    assert app_client.get("/api/v1/warehouses", headers=other_headers).json() == []
    responses = [
        app_client.get(f"/api/v1/markets/{market['id']}", headers=other_headers),
        app_client.patch(
            f"/api/v1/markets/{market['id']}", json={"name": "mine"}, headers=other_headers
        ),
        app_client.delete(f"/api/v1/markets/{market['id']}", headers=other_headers),
        app_client.get(f"/api/v1/warehouses/{warehouse_id}", headers=other_headers),
        app_client.delete(f"/api/v1/warehouses/{warehouse_id}", headers=other_headers),
    ]
    assert [r.status_code for r in responses] == [404] * 5
    # Their own market may not route through or return to our warehouse.
    theirs = app_client.post("/api/v1/markets/presets/UK", headers=other_headers).json()
    borrowed = app_client.patch(
        f"/api/v1/markets/{theirs['id']}",
        json={"return_warehouse_id": warehouse_id},
        headers=other_headers,
    )
    assert borrowed.status_code == 404
    assert borrowed.json() == {"detail": f"warehouse {warehouse_id} not found"}
    mine = app_client.get(f"/api/v1/markets/{market['id']}", headers=auth_headers).json()
    assert mine["name"] == "United Kingdom" and _count(db, Warehouse) == 1


def test_delete_market_and_warehouse(app_client: TestClient, auth_headers: H, db: Session) -> None:
    market = app_client.post(
        "/api/v1/markets/presets/KR?with_warehouse=true", headers=auth_headers
    ).json()
    gone = app_client.delete(
        f"/api/v1/warehouses/{market['return_warehouse_id']}", headers=auth_headers
    )
    assert gone.status_code == 204
    after = app_client.get(f"/api/v1/markets/{market['id']}", headers=auth_headers).json()
    assert after["routes"] == [] and after["delivery"] is None
    assert (
        app_client.delete(f"/api/v1/markets/{market['id']}", headers=auth_headers).status_code
        == 204
    )
    assert _count(db, Market) == 0


def test_anonymous_is_refused(app_client: TestClient) -> None:
    response = app_client.get("/api/v1/markets")
    assert response.status_code == 401
    assert response.json() == {"detail": "log in first"}
