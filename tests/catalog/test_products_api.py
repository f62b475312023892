from __future__ import annotations

import io
from typing import Any

from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy.orm import Session

from crosslive.catalog import service
from crosslive.catalog.models import Product
from crosslive.settings import Settings
from tests.catalog.conftest import catalog_snapshot
from tests.factories import login_headers

SHIRT: dict[str, Any] = {
    "title": "Linen Shirt",
    "description_html": "<p>Garment-washed linen</p>",
    "category": "apparel",
    "materials": "100% linen",
    "option_names": ["Size", "Color"],
    "disclosed_flaws": ["Slub texture in the weave is normal"],
    "model_height_cm": 172,
    "model_weight_kg": 58,
    "model_size_worn": "S",
    "variants": [
        {
            "sku": "LS-S",
            "options": ["S", "Sand"],
            "stock": 5,
            "prices": [{"currency": "USD", "amount_minor": 4900}],
        },
        {
            "sku": "LS-M",
            "options": ["M", "Sand"],
            "stock": 8,
            "prices": [
                {
                    "currency": "USD",
                    "amount_minor": 4900,
                    "compare_at_minor": 6900,
                    "unit_cost_minor": 1800,
                },
                {"currency": "EUR", "amount_minor": 4500},
            ],
        },
    ],
    "size_chart": [
        {"size_label": "S", "measurements_cm": {"chest": 96, "length": 70}},
        {"size_label": "M", "measurements_cm": {"chest": 102, "length": 72}},
    ],
}


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (10, 200, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def _create(client: TestClient, headers: dict[str, str]) -> dict[str, Any]:
    response = client.post("/api/v1/products", json=SHIRT, headers=headers)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_owner_creates_and_reads_a_product(
    app_client: TestClient, auth_headers: dict[str, str]
) -> None:
    created = _create(app_client, auth_headers)
    assert created["handle"] == "linen-shirt"
    assert [(v["sku"], v["options"], v["label"], v["stock"]) for v in created["variants"]] == [
        ("LS-S", ["S", "Sand"], "S / Sand", 5),
        ("LS-M", ["M", "Sand"], "M / Sand", 8),
    ]
    assert created["variants"][1]["prices"] == [
        {
            "currency": "USD",
            "amount_minor": 4900,
            "compare_at_minor": 6900,
            "unit_cost_minor": 1800,
        },
        {
            "currency": "EUR",
            "amount_minor": 4500,
            "compare_at_minor": None,
            "unit_cost_minor": None,
        },
    ]
    assert [(r["size_label"], r["measurements_cm"]) for r in created["size_chart"]] == [
        ("S", {"chest": 96.0, "length": 70.0}),
        ("M", {"chest": 102.0, "length": 72.0}),
    ]
    assert (created["model_height_cm"], created["model_size_worn"]) == (172.0, "S")
    assert created["disclosed_flaws"] == ["Slub texture in the weave is normal"]

    listed = app_client.get("/api/v1/products", headers=auth_headers).json()
    assert listed == [
        {
            "id": created["id"],
            "handle": "linen-shirt",
            "title": "Linen Shirt",
            "category": "apparel",
            "published": True,
            "variant_count": 2,
            "total_stock": 13,
        }
    ]
    fetched = app_client.get(f"/api/v1/products/{created['id']}", headers=auth_headers)
    assert fetched.json() == created


def test_update_keeps_skus_stable_and_replaces_the_rest(
    app_client: TestClient, auth_headers: dict[str, str]
) -> None:
    created = _create(app_client, auth_headers)
    ids = {v["sku"]: v["id"] for v in created["variants"]}
    chart_ids = {r["size_label"]: r["id"] for r in created["size_chart"]}
    change = {
        **SHIRT,
        "title": "Linen Shirt, washed",
        "disclosed_flaws": [],
        "variants": [
            {
                "sku": "LS-M",
                "options": ["M", "Sand"],
                "prices": [{"currency": "USD", "amount_minor": 4500}],
            },
            {
                "sku": "LS-L",
                "options": ["L", "Sand"],
                "stock": 2,
                "prices": [{"currency": "USD", "amount_minor": 4900}],
            },
        ],
        "size_chart": [
            {"size_label": "M", "measurements_cm": {"chest": 103}},
            {"size_label": "L", "measurements_cm": {"chest": 108}},
        ],
    }
    response = app_client.put(
        f"/api/v1/products/{created['id']}", json=change, headers=auth_headers
    )
    assert response.status_code == 200, response.text
    updated = response.json()
    assert (updated["title"], updated["handle"]) == ("Linen Shirt, washed", "linen-shirt")
    assert [(v["sku"], v["stock"]) for v in updated["variants"]] == [("LS-M", 8), ("LS-L", 2)]
    assert updated["variants"][0]["id"] == ids["LS-M"]
    assert updated["variants"][0]["prices"] == [
        {"currency": "USD", "amount_minor": 4500, "compare_at_minor": None, "unit_cost_minor": None}
    ]
    assert updated["size_chart"][0]["id"] == chart_ids["M"]
    assert [(r["size_label"], r["measurements_cm"]) for r in updated["size_chart"]] == [
        ("M", {"chest": 103.0}),
        ("L", {"chest": 108.0}),
    ]
    assert updated["disclosed_flaws"] == []


def test_invalid_products_are_refused_and_nothing_is_stored(
    app_client: TestClient, auth_headers: dict[str, str], db: Session
) -> None:
    created = _create(app_client, auth_headers)
    before = catalog_snapshot(db)
    no_base_price = {
        **SHIRT,
        "title": "Other",
        "variants": [
            {
                "sku": "X-1",
                "options": ["S", "Red"],
                "prices": [{"currency": "EUR", "amount_minor": 1}],
            }
        ],
    }
    response = app_client.post("/api/v1/products", json=no_base_price, headers=auth_headers)
    assert response.status_code == 422
    assert response.json() == {
        "detail": "variant X-1: needs a price in USD, the store's base currency"
    }
    stolen_sku = {**SHIRT, "title": "Other", "handle": "other"}
    response = app_client.post("/api/v1/products", json=stolen_sku, headers=auth_headers)
    assert response.status_code == 409
    assert response.json() == {"detail": "SKU 'LS-S' already belongs to product 'linen-shirt'"}
    missing_option = {**SHIRT, "variants": [{**SHIRT["variants"][0], "options": ["S"]}]}
    response = app_client.put(
        f"/api/v1/products/{created['id']}", json=missing_option, headers=auth_headers
    )
    assert response.status_code == 422
    assert response.json() == {
        "detail": "variant LS-S: give one value for each option (Size, Color)"
    }
    nul = app_client.post(
        "/api/v1/products", json={**SHIRT, "title": "A\u0000B"}, headers=auth_headers
    )
    assert nul.status_code == 422
    assert catalog_snapshot(db) == before


def test_hosts_read_but_only_owners_write(
    app_client: TestClient, auth_headers: dict[str, str], host_email: str, db: Session
) -> None:
    created = _create(app_client, auth_headers)
    before = catalog_snapshot(db)
    host = login_headers(app_client, host_email)
    assert app_client.get(f"/api/v1/products/{created['id']}", headers=host).status_code == 200
    for response in (
        app_client.post("/api/v1/products", json={**SHIRT, "handle": "x"}, headers=host),
        app_client.put(f"/api/v1/products/{created['id']}", json=SHIRT, headers=host),
        app_client.delete(f"/api/v1/products/{created['id']}", headers=host),
    ):
        assert response.status_code == 403
        assert response.json() == {"detail": "this needs the owner role; you are host"}
    assert catalog_snapshot(db) == before
    assert app_client.get("/api/v1/products").status_code == 401


def test_another_store_can_neither_see_nor_change_the_product(
    app_client: TestClient,
    auth_headers: dict[str, str],
    other_store: dict[str, Any],
    db: Session,
) -> None:
    created = _create(app_client, auth_headers)
    before = catalog_snapshot(db)
    other = login_headers(app_client, other_store["email"])
    url = f"/api/v1/products/{created['id']}"
    assert app_client.get("/api/v1/products", headers=other).json() == []
    assert app_client.get(url, headers=other).status_code == 404
    assert app_client.put(url, json={**SHIRT, "variants": []}, headers=other).status_code == 404
    assert app_client.delete(url, headers=other).status_code == 404
    upload = app_client.post(
        f"{url}/images", files={"file": ("a.png", _png(), "image/png")}, headers=other
    )
    assert upload.status_code == 404
    assert catalog_snapshot(db) == before
    # The same SKU may exist in another store: SKUs are unique per store.
    same = {
        **SHIRT,
        "variants": [
            {**v, "prices": [{"currency": "EUR", "amount_minor": 10}]} for v in SHIRT["variants"]
        ],
    }
    assert app_client.post("/api/v1/products", json=same, headers=other).status_code == 201


def test_image_upload_with_lighting_and_delete(
    app_client: TestClient, auth_headers: dict[str, str], settings: Settings
) -> None:
    created = _create(app_client, auth_headers)
    url = f"/api/v1/products/{created['id']}/images"
    response = app_client.post(
        url,
        files={"file": ("window.png", _png(), "image/png")},
        data={"lighting": "natural", "alt": "By the window, daylight"},
        headers=auth_headers,
    )
    assert response.status_code == 201, response.text
    image = response.json()
    assert (image["lighting"], image["alt"], image["position"]) == (
        "natural",
        "By the window, daylight",
        1,
    )
    assert (settings.media_dir / image["src"].rsplit("/", 1)[1]).read_bytes() == _png()
    assert app_client.get(image["src"]).content == _png()

    refused = app_client.post(
        url, files={"file": ("x.png", b"<svg/>", "image/png")}, headers=auth_headers
    )
    assert refused.status_code == 422
    assert refused.json() == {"detail": "the file is not a JPEG, PNG or WebP image"}
    patched = app_client.patch(
        f"{url}/{image['id']}", json={"lighting": "studio"}, headers=auth_headers
    )
    assert patched.json()["lighting"] == "studio"
    product = app_client.get(f"/api/v1/products/{created['id']}", headers=auth_headers).json()
    assert [i["id"] for i in product["images"]] == [image["id"]]
    assert app_client.delete(f"{url}/{image['id']}", headers=auth_headers).status_code == 204
    product = app_client.get(f"/api/v1/products/{created['id']}", headers=auth_headers).json()
    assert product["images"] == []
    assert not (settings.media_dir / image["src"].rsplit("/", 1)[1]).exists()
    assert app_client.get(image["src"]).status_code == 404


def test_image_files_go_with_a_committed_delete_only(
    app_client: TestClient,
    auth_headers: dict[str, str],
    settings: Settings,
    db: Session,
) -> None:
    created = _create(app_client, auth_headers)
    url = f"/api/v1/products/{created['id']}/images"
    srcs = [
        app_client.post(
            url, files={"file": ("p.png", _png(), "image/png")}, data={"lighting": "studio"},
            headers=auth_headers,
        ).json()["src"]
        for _ in range(2)
    ]  # fmt: skip
    files = [settings.media_dir / src.rsplit("/", 1)[1] for src in srcs]
    assert all(f.exists() for f in files)
    # A deletion that rolls back leaves the file where it was.
    product = db.get(Product, created["id"])
    assert product is not None
    service.delete_image(db, settings, product.seller_id, product.id, product.images[0].id)
    db.rollback()
    assert all(f.exists() for f in files)
    # Deleting the product takes every one of its image files.
    assert (
        app_client.delete(f"/api/v1/products/{created['id']}", headers=auth_headers).status_code
        == 204
    )
    assert not any(f.exists() for f in files)


def test_delete_product(app_client: TestClient, auth_headers: dict[str, str], db: Session) -> None:
    created = _create(app_client, auth_headers)
    assert (
        app_client.delete(f"/api/v1/products/{created['id']}", headers=auth_headers).status_code
        == 204
    )
    assert (
        app_client.get(f"/api/v1/products/{created['id']}", headers=auth_headers).status_code == 404
    )
    assert catalog_snapshot(db) == []


def test_a_description_is_sanitised_before_it_is_stored(
    app_client: TestClient, auth_headers: dict[str, str], db: Session
) -> None:
    hostile = '<p onmouseover="steal()">Soft</p><script>alert(1)</script><style>*{}</style>'
    response = app_client.post(
        "/api/v1/products", json={**SHIRT, "description_html": hostile}, headers=auth_headers
    )
    assert response.status_code == 201, response.text
    assert response.json()["description_html"] == "<p>Soft</p>"
    stored = db.get(Product, response.json()["id"])
    assert stored is not None and stored.description_html == "<p>Soft</p>"


def test_link_to_a_fit_data_item_is_set_kept_and_cleared(
    app_client: TestClient, auth_headers: dict[str, str], db: Session
) -> None:
    created = _create(app_client, auth_headers)
    assert created["fit_item_id"] is None
    url = f"/api/v1/products/{created['id']}"
    linked = app_client.put(url, json={**SHIRT, "fit_item_id": " 2260466 "}, headers=auth_headers)
    assert linked.status_code == 200, linked.text
    assert linked.json()["fit_item_id"] == "2260466"
    kept = app_client.put(url, json=SHIRT, headers=auth_headers)  # omitted: the link stays
    assert kept.json()["fit_item_id"] == "2260466"
    cleared = app_client.put(url, json={**SHIRT, "fit_item_id": ""}, headers=auth_headers)
    assert cleared.json()["fit_item_id"] is None
    product = db.get(Product, created["id"])
    assert product is not None and "fit_item_id" not in product.extra
    too_long = app_client.put(url, json={**SHIRT, "fit_item_id": "x" * 129}, headers=auth_headers)
    assert too_long.status_code == 422
