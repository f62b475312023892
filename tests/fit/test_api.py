"""POST /api/v1/fit/advice, the size chart and conversion endpoints, for a dress arranged
once: the tests only read it (advice is kept only for a viewer's token, which these requests
do not carry), so they share one store (tests/shared_store.py). Advice on products a test
adds, and apps with settings of their own, are in test_api_products.py."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.catalog.models import Category, Product, SizeChartRow, Variant
from crosslive.db import transaction
from tests.shared_store import once_per_module

pytestmark = pytest.mark.shared_store

CHART = {"S": (88, 70, 94), "M": (94, 76, 100), "L": (100, 82, 106)}
VIEWER = {"height_cm": 165, "weight_kg": 58, "bust_cm": 86, "waist_cm": 68, "hips_cm": 94}


def add_product(
    factory: sessionmaker[Session],
    handle: str,
    chart: dict[str, tuple[int, int, int]] | None = None,
    variants: tuple[str, ...] = (),
    published: bool = True,
    category: Category = Category.APPAREL,
    seller_id: int = 1,
) -> int:
    with transaction(factory) as db:
        product = Product(
            seller_id=seller_id,
            handle=handle,
            title=handle.title(),
            category=category,
            published=published,
        )
        for position, (label, (bust, waist, hips)) in enumerate((chart or {}).items(), 1):
            product.size_chart.append(
                SizeChartRow(
                    size_label=label,
                    position=position,
                    measurements_cm={"bust": bust, "waist": waist, "hips": hips},
                )
            )
        for position, label in enumerate(variants, 1):
            product.variants.append(
                Variant(
                    seller_id=seller_id, sku=f"{handle}-{label}", position=position, option1=label
                )
            )
        db.add(product)
        db.flush()
        return product.id


@pytest.fixture
def dress(
    request: pytest.FixtureRequest,
    session_factory: sessionmaker[Session],
    owner: dict[str, str | int],
) -> int:
    seller_id = int(owner["seller_id"])
    return once_per_module(
        request, lambda: add_product(session_factory, "wrap-dress", CHART, seller_id=seller_id)
    )


def test_advice_from_the_chart(app_client: TestClient, dress: int) -> None:
    response = app_client.post("/api/v1/fit/advice", json={"product_id": dress, **VIEWER})
    assert response.status_code == 200, response.text
    assert response.json() == {
        "product_id": dress,
        "size": "M",
        "confidence": 0.76,
        "runner_up": "S",
        "reason": "M: waist leaves 8.0 cm (3.1 in) of room (regular fit)",
        "source": "chart",
        "probabilities": None,
        "estimated": [],
        "sharpen": None,
        "between": None,
        "viewer_system": None,
        "size_local": None,
        "runner_up_local": None,
    }


def test_loose_preference_and_usual_size(app_client: TestClient, dress: int) -> None:
    body = {
        "product_id": dress,
        "height_cm": 165,
        "weight_kg": 58,
        "preference": "loose",
        "usual_system": "UK",
        "usual_size": "10",
    }
    response = app_client.post("/api/v1/fit/advice", json=body)
    assert response.status_code == 200, response.text
    assert (response.json()["size"], response.json()["runner_up"]) == ("L", "M")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"height_cm": 20}, "height is in centimetres (120-230); 20 cm is outside the human"),
        ({"height_cm": 65}, "65 looks like inches: 65 in is 165 cm"),
        ({"height_cm": 1.65}, "1.65 looks like metres: 1.65 m is 165 cm"),
        ({"weight_kg": 300}, "300 looks like pounds: 300 lb is 136 kg"),
        ({"weight_kg": 251, "height_cm": 230}, "251 looks like pounds"),
        ({"height_cm": 200, "weight_kg": 31}, "200 cm and 31 kg do not fit one person (BMI 8)"),
        ({"bust_cm": 34}, "34 looks like inches: 34 in is 86 cm"),
        ({"foot_cm": 245}, "245 looks like millimetres: 245 mm is 24.5 cm"),
        ({"body_type": "round"}, "Input should be 'apple', 'athletic'"),
        ({"usual_system": "US"}, "give usual_size together with usual_system"),
        ({"usual_system": "XX", "usual_size": "6"}, "Input should be 'US', 'UK'"),
        ({"preference": "tight"}, "Input should be 'snug', 'regular' or 'loose'"),
    ],
)
def test_invalid_input_is_explained(
    app_client: TestClient, dress: int, change: dict[str, object], message: str
) -> None:
    response = app_client.post("/api/v1/fit/advice", json={"product_id": dress, **VIEWER, **change})
    assert response.status_code == 422
    assert message in str(response.json()["detail"])


def test_unknown_usual_size_lists_the_known_ones(app_client: TestClient, dress: int) -> None:
    body = {"product_id": dress, **VIEWER, "usual_system": "US", "usual_size": "7"}
    response = app_client.post("/api/v1/fit/advice", json=body)
    assert response.status_code == 422
    assert response.json()["detail"].startswith(
        "US 7 is not a size of women's clothing; the US sizes are 0, 2"
    )


def test_the_advisors_errors_read_in_the_viewers_language(
    app_client: TestClient, dress: int
) -> None:
    body = {"product_id": dress, **VIEWER, "usual_system": "US", "usual_size": "7"}
    german = app_client.post("/api/v1/fit/advice", json=body, headers={"Accept-Language": "de"})
    assert german.json()["detail"] == (
        "US 7 ist keine Größe für Damenbekleidung; die US-Größen sind "
        "0, 2, 4, 6, 8, 10, 12, 14, 16 und 18"
    )
    chinese = app_client.post("/api/v1/fit/advice", json=body, headers={"Accept-Language": "zh-CN"})
    assert chinese.json()["detail"].startswith("女装没有US 7这个尺码")
    assert "US尺码有" in chinese.json()["detail"]
    missing = {**body, "product_id": 987654}
    gone = app_client.post("/api/v1/fit/advice", json=missing, headers={"Accept-Language": "fr"})
    assert (gone.status_code, gone.json()["detail"]) == (404, "produit 987654 introuvable")


def test_advice_writes_nothing(app_client: TestClient, dress: int, db: Session) -> None:
    before = db.scalar(select(func.count()).select_from(SizeChartRow))
    app_client.post("/api/v1/fit/advice", json={"product_id": dress, **VIEWER})
    assert db.scalar(select(func.count()).select_from(SizeChartRow)) == before == 3


def test_size_chart_in_cm_and_inches(app_client: TestClient, dress: int) -> None:
    response = app_client.get(f"/api/v1/fit/products/{dress}/chart")
    assert response.status_code == 200
    rows = response.json()["rows"]
    assert response.json()["garment"] == "womens_apparel"
    assert rows[0] == {
        "size": "S",
        "local": None,
        "cm": {"bust": 88.0, "waist": 70.0, "hips": 94.0},
        "inches": {"bust": 34.6, "waist": 27.6, "hips": 37.0},
    }
    assert [r["size"] for r in rows] == ["S", "M", "L"]


def test_convert_endpoint(app_client: TestClient) -> None:
    response = app_client.get(
        "/api/v1/fit/convert", params={"garment": "womens_apparel", "system": "US", "size": "6"}
    )
    assert response.status_code == 200
    assert response.json()["sizes"] == {
        "US": ["6"],
        "UK": ["10"],
        "EU": ["38"],
        "FR": ["40"],
        "IT": ["42"],
        "JP": ["11"],
        "CN": ["165/88A"],
        "KR": ["55"],
        "AU": ["10"],
        "INT": ["S"],
    }
    bad = app_client.get(
        "/api/v1/fit/convert", params={"garment": "mens_shoes", "system": "EU", "size": "50"}
    )
    assert bad.status_code == 422
    assert bad.json()["detail"].startswith(
        "EU 50 is not a size of men's shoes; the EU sizes are 38.5, 39"
    )


def test_out_of_range_body_figures_are_explained_in_the_viewers_language(
    app_client: TestClient, dress: int
) -> None:
    def refused(change: dict[str, object], language: str) -> dict[str, object]:
        body = {"product_id": dress, **VIEWER, **change}
        headers = {"Accept-Language": language}
        response = app_client.post("/api/v1/fit/advice", json=body, headers=headers)
        assert response.status_code == 422
        [error] = response.json()["detail"]
        return dict(error)

    metres = refused({"height_cm": 1.65}, "de")
    assert metres["type"] == "body_height_metres"
    assert metres["msg"] == (
        "Die Körpergröße wird in Zentimetern angegeben (120-230); "
        "1.65 sieht nach Metern aus: 1.65 m sind 165 cm"
    )
    assert refused({"weight_kg": 300}, "ja")["msg"].endswith("300 lb は 136 kg です")
    bmi = refused({"height_cm": 200, "weight_kg": 31}, "zh-CN")["msg"]
    assert bmi.startswith("200 厘米和 31 千克不可能是同一个人") and "BMI 8" in bmi
    # Pydantic's own messages are left as they are, in English.
    assert refused({"preference": "tight"}, "de")["msg"].startswith("Input should be 'snug'")
