"""POST /api/v1/fit/advice on products each test adds (sizes from the variants, unpublished
or sizeless products) and in apps with settings of their own (the per-client limit, a
trained model)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from crosslive.app import create_app
from crosslive.fit.model import save_model
from crosslive.fit.training import TrainConfig, train
from crosslive.settings import Settings
from crosslive.state import state_of
from tests.fit.conftest import synthetic_rows, to_records
from tests.fit.test_api import CHART, VIEWER, add_product


def test_variants_without_chart_use_the_size_tables(
    app_client: TestClient, session_factory: sessionmaker[Session], owner: dict[str, str | int]
) -> None:
    product = add_product(
        session_factory, "slip", variants=("36", "38", "40"), seller_id=int(owner["seller_id"])
    )
    body = {
        "product_id": product,
        "height_cm": 165,
        "weight_kg": 58,
        "usual_system": "US",
        "usual_size": "6",
    }
    response = app_client.post("/api/v1/fit/advice", json=body)
    assert response.status_code == 200, response.text
    assert response.json()["size"] == "38"
    assert response.json()["reason"] == "your US 6 is 38 in this product's EU sizes"


def test_missing_and_unpublished_products_are_not_found(
    app_client: TestClient, session_factory: sessionmaker[Session], owner: dict[str, str | int]
) -> None:
    hidden = add_product(
        session_factory, "draft", CHART, published=False, seller_id=int(owner["seller_id"])
    )
    for product_id in (hidden, 9999):
        response = app_client.post("/api/v1/fit/advice", json={"product_id": product_id, **VIEWER})
        assert response.status_code == 404
        assert response.json() == {"detail": f"no product {product_id}"}


def test_product_without_sizes(
    app_client: TestClient, session_factory: sessionmaker[Session], owner: dict[str, str | int]
) -> None:
    bare = add_product(session_factory, "scarf", seller_id=int(owner["seller_id"]))
    response = app_client.post("/api/v1/fit/advice", json={"product_id": bare, **VIEWER})
    assert response.status_code == 422
    assert response.json() == {"detail": "this product has no sizes to advise on"}


def test_rate_limit_per_client(
    settings: Settings, session_factory: sessionmaker[Session], owner: dict[str, str | int]
) -> None:
    dress = add_product(session_factory, "wrap-dress", CHART, seller_id=int(owner["seller_id"]))
    app = create_app(settings.model_copy(update={"fit_advice_per_minute": 3}))
    with TestClient(app) as client:
        codes = [
            client.post("/api/v1/fit/advice", json={"product_id": dress, **VIEWER}).status_code
            for _ in range(5)
        ]
        last = client.post("/api/v1/fit/advice", json={"product_id": dress, **VIEWER})
    state_of(app).engine.dispose()
    assert codes == [200, 200, 200, 429, 429]
    assert last.json() == {"detail": "too many size-advice requests; try again in a minute"}


def test_trained_model_is_loaded_from_the_setting(
    settings: Settings,
    session_factory: sessionmaker[Session],
    owner: dict[str, str | int],
    tmp_path: Path,
) -> None:
    model_dir = tmp_path / "fit-model"
    save_model(
        train(to_records(synthetic_rows(3000)), TrainConfig(rounds=40, models=1, threads=1)),
        model_dir,
    )
    product = add_product(
        session_factory,
        "dress-1",
        variants=("4", "8", "12", "16"),
        seller_id=int(owner["seller_id"]),
    )
    app = create_app(settings.model_copy(update={"fit_model_dir": model_dir}))
    body = {
        "product_id": product,
        "height_cm": 168,
        "weight_kg": 56.2,
        "usual_system": "US",
        "usual_size": "8",
    }
    with TestClient(app) as client:
        response = client.post("/api/v1/fit/advice", json=body)
    state_of(app).engine.dispose()
    assert response.status_code == 200, response.text
    assert (response.json()["source"], response.json()["size"]) == ("model", "12")
    assert response.json()["reason"].startswith("runs small: ")
    assert response.json()["between"] is None
    unsure = create_app(
        settings.model_copy(update={"fit_model_dir": model_dir, "fit_between_below": 1.0})
    )
    with TestClient(unsure) as client:
        between = client.post("/api/v1/fit/advice", json=body).json()["between"]
    state_of(unsure).engine.dispose()
    assert [option["size"] for option in between] in (["8", "12"], ["12", "16"])
    assert all(0 < option["confidence"] < 1 for option in between)
