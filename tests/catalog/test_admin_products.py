from __future__ import annotations

import io
from typing import Any

from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy.orm import Session

from crosslive.catalog import service
from crosslive.catalog.models import VariantPrice
from tests.catalog.conftest import catalog_snapshot
from tests.factories import page_login


def _form(csrf: str, **changes: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "csrf_token": csrf,
        "title": "Linen Shirt",
        "handle": "",
        "category": "apparel",
        "vendor": "Acme",
        "product_type": "Shirts",
        "description": "<p>Washed linen</p>",
        "materials": "100% linen",
        "tags": "linen, summer",
        "published": "on",
        "option1_name": "Size",
        "option2_name": "",
        "option3_name": "",
        "variant_option1": ["S", "M", ""],
        "variant_option2": ["", "", ""],
        "variant_option3": ["", "", ""],
        "variant_sku": ["LS-S", "LS-M", ""],
        "variant_stock": ["4", "6", ""],
        "variant_price": ["49.00", "49.00", ""],
        "variant_compare_at": ["", "59.00", ""],
        "chart_size": ["S", "M", ""],
        "chart_chest": ["96", "102", ""],
        "chart_length": ["70", "72.5", ""],
        "model_height": "172",
        "model_weight": "",
        "model_size": "S",
        "flaws": "Slub texture is normal\n\nSlightly sheer in white",
    }
    form.update(changes)
    return form


def test_owner_creates_a_product_with_variants_and_size_chart(
    app_client: TestClient, owner: dict[str, Any], db: Session
) -> None:
    csrf = page_login(app_client, str(owner["email"]))
    response = app_client.post("/admin/products/new", data=_form(csrf), follow_redirects=False)
    assert response.status_code == 303, response.text
    product_id = int(response.headers["location"].split("/")[3].split("?")[0])
    product = service.get_product(db, int(owner["seller_id"]), product_id)
    assert product.handle == "linen-shirt"
    assert [(v.sku, v.options, v.stock) for v in product.variants] == [
        ("LS-S", ["S"], 4),
        ("LS-M", ["M"], 6),
    ]
    assert [(p.amount_minor, p.compare_at_minor) for v in product.variants for p in v.prices] == [
        (4900, None),
        (4900, 5900),
    ]
    assert [(r.size_label, r.measurements_cm) for r in product.size_chart] == [
        ("S", {"chest": 96.0, "length": 70.0}),
        ("M", {"chest": 102.0, "length": 72.5}),
    ]
    assert product.disclosed_flaws == ["Slub texture is normal", "Slightly sheer in white"]
    assert product.fit_item_id is None
    assert (product.model_height_cm, product.model_weight_kg, product.model_size_worn) == (
        172.0,
        None,
        "S",
    )
    page = app_client.get(f"/admin/products/{product_id}").text
    for text in ("96 cm", "37.8 in", "72.5 cm", "28.5 in", "$49.00", "$59.00", "wears S"):
        assert text in page
    listing = app_client.get("/admin/products").text
    assert "Linen Shirt" in listing and "$49.00" in listing


def test_rejected_form_keeps_what_was_typed_and_saves_nothing(
    app_client: TestClient, owner: dict[str, Any], db: Session
) -> None:
    csrf = page_login(app_client, str(owner["email"]))
    bad = _form(csrf, title="Linen <Shirt>", variant_price=["49.00", "forty", ""])
    response = app_client.post("/admin/products/new", data=bad)
    assert response.status_code == 422
    assert "variant row 2: &#39;forty&#39; is not a price" in response.text
    assert 'value="Linen &lt;Shirt&gt;"' in response.text
    assert 'value="forty"' in response.text and 'value="LS-M"' in response.text
    assert catalog_snapshot(db) == []
    nameless = _form(csrf, option1_name="")
    response = app_client.post("/admin/products/new", data=nameless)
    assert response.status_code == 422
    assert "variant row 1: option 1 has a value but no option name" in response.text
    assert catalog_snapshot(db) == []


def test_edit_keeps_variant_ids_and_other_currency_prices(
    app_client: TestClient, owner: dict[str, Any], db: Session
) -> None:
    csrf = page_login(app_client, str(owner["email"]))
    response = app_client.post("/admin/products/new", data=_form(csrf), follow_redirects=False)
    product_id = int(response.headers["location"].split("/")[3].split("?")[0])
    product = service.get_product(db, int(owner["seller_id"]), product_id)
    product.variants[0].prices.append(VariantPrice(currency="EUR", amount_minor=4500))
    # A measurement the form does not list by default (set through the API) stays editable.
    product.size_chart[0].measurements_cm = {"chest": 96.0, "hem_width": 51.0}
    db.commit()
    ids = [v.id for v in product.variants]

    edit_page = app_client.get(f"/admin/products/{product_id}/edit").text
    assert '<input type="hidden" name="variant_stock_was" value="4">' in edit_page
    # An order takes one LS-S while the seller has the form open.
    product.variants[0].stock = 3
    db.commit()
    assert 'value="LS-M"' in edit_page and 'value="72.5"' in edit_page
    assert '<input name="chart_hem_width" value="51"' in edit_page
    assert '<input type="hidden" name="chart_column" value="hem_width">' in edit_page
    changed = _form(
        csrf,
        variant_price=["45.00", "49.00", ""],
        variant_stock=["4", "10", ""],
        variant_stock_was=["4", "6", ""],
        chart_size=["M", "", ""],
        chart_chest=["103", "", ""],
        chart_length=["", "", ""],
        chart_column=["chest", "hem_width"],
        chart_hem_width=["52", "", ""],
    )
    response = app_client.post(
        f"/admin/products/{product_id}/edit", data=changed, follow_redirects=False
    )
    assert response.status_code == 303, response.text
    db.expire_all()
    product = service.get_product(db, int(owner["seller_id"]), product_id)
    assert [v.id for v in product.variants] == ids
    # LS-S was not touched in the form, so the order's reservation stands; LS-M was recounted.
    assert [(v.sku, v.stock) for v in product.variants] == [("LS-S", 3), ("LS-M", 10)]
    assert sorted((p.currency, p.amount_minor) for p in product.variants[0].prices) == [
        ("EUR", 4500),
        ("USD", 4500),
    ]
    assert [(r.size_label, r.measurements_cm) for r in product.size_chart] == [
        ("M", {"chest": 103.0, "hem_width": 52.0})
    ]


def test_photo_upload_needs_a_lighting_tag(
    app_client: TestClient, owner: dict[str, Any], db: Session
) -> None:
    csrf = page_login(app_client, str(owner["email"]))
    response = app_client.post("/admin/products/new", data=_form(csrf), follow_redirects=False)
    product_id = int(response.headers["location"].split("/")[3].split("?")[0])
    buffer = io.BytesIO()
    Image.new("RGB", (6, 6), (240, 230, 200)).save(buffer, format="JPEG")
    url = f"/admin/products/{product_id}/images"
    missing = app_client.post(
        url,
        data={"csrf_token": csrf, "lighting": "", "alt": "x"},
        files={"file": ("a.jpg", buffer.getvalue(), "image/jpeg")},
    )
    assert missing.status_code == 422
    assert "say whether the photo was taken in studio or natural light" in missing.text
    done = app_client.post(
        url,
        data={"csrf_token": csrf, "lighting": "natural", "alt": "Sand shirt in daylight"},
        files={"file": ("a.jpg", buffer.getvalue(), "image/jpeg")},
        follow_redirects=False,
    )
    assert done.status_code == 303
    product = service.get_product(db, int(owner["seller_id"]), product_id)
    assert [(i.lighting.value, i.alt, i.src.endswith(".jpg")) for i in product.images] == [
        ("natural", "Sand shirt in daylight", True)
    ]
    assert "natural light" in app_client.get(f"/admin/products/{product_id}").text


def test_hosts_read_only_and_other_stores_see_nothing(
    app_client: TestClient,
    owner: dict[str, Any],
    host_email: str,
    other_store: dict[str, Any],
    db: Session,
) -> None:
    csrf = page_login(app_client, str(owner["email"]))
    response = app_client.post("/admin/products/new", data=_form(csrf), follow_redirects=False)
    product_id = int(response.headers["location"].split("/")[3].split("?")[0])
    before = catalog_snapshot(db)

    host_csrf = page_login(app_client, host_email)
    listing = app_client.get("/admin/products").text
    assert "Linen Shirt" in listing and "New product" not in listing
    assert "Edit" not in app_client.get(f"/admin/products/{product_id}").text
    assert app_client.get("/admin/products/new").status_code == 403
    forged = _form(host_csrf, title="Host product", variant_sku=["H-1", "H-2", ""])
    assert app_client.post("/admin/products/new", data=forged).status_code == 403
    assert (
        app_client.post(
            f"/admin/products/{product_id}/delete", data={"csrf_token": host_csrf}
        ).status_code
        == 403
    )

    other_csrf = page_login(app_client, other_store["email"])
    assert "Linen Shirt" not in app_client.get("/admin/products").text
    assert app_client.get(f"/admin/products/{product_id}").status_code == 404
    assert (
        app_client.post(
            f"/admin/products/{product_id}/edit", data=_form(other_csrf, title="Stolen")
        ).status_code
        == 404
    )
    assert catalog_snapshot(db) == before


def test_forms_need_the_csrf_token(
    app_client: TestClient, owner: dict[str, Any], db: Session
) -> None:
    page_login(app_client, str(owner["email"]))
    assert app_client.post("/admin/products/new", data=_form("forged")).status_code == 403
    assert catalog_snapshot(db) == []


def test_the_form_links_a_product_to_a_fit_data_item(
    app_client: TestClient, owner: dict[str, Any], db: Session
) -> None:
    csrf = page_login(app_client, str(owner["email"]))
    form = _form(csrf, fit_item_id="2260466")
    response = app_client.post("/admin/products/new", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text
    product_id = int(response.headers["location"].split("/")[3].split("?")[0])
    product = service.get_product(db, int(owner["seller_id"]), product_id)
    assert product.extra["fit_item_id"] == "2260466"
    page = app_client.get(f"/admin/products/{product_id}/edit")
    assert 'name="fit_item_id" value="2260466"' in page.text
