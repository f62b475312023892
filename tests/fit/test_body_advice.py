"""Advice from height and weight alone on an imported product, in the viewer's size system,
and clear refusals when the product's chart cannot support advice."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth.models import Seller
from crosslive.catalog import service as catalog_service
from crosslive.catalog.models import SizeChartRow
from crosslive.catalog.shopify_import import import_shopify_csv
from crosslive.db import transaction
from crosslive.fit.advisor import ProductSizing, Profile, advise, body_of
from crosslive.fit.chart import ChartSize, Preference
from crosslive.fit.ease import Style
from crosslive.fit.sizes import Garment, SizeSystem
from tests.catalog.conftest import EXPORT
from tests.fit.test_api import add_product

HEIGHT_WEIGHT = {"height_cm": 165, "weight_kg": 58}
# What the seller adds after the import (Shopify exports no size chart): a loose linen shirt.
SHIRT_CHART = {
    "S": {"bust": 96.0, "waist": 92.0, "hips": 98.0, "length": 68.0},
    "M": {"bust": 102.0, "waist": 98.0, "hips": 104.0, "length": 70.0},
}
SHOE_CHART = {"40": 25.0, "41": 25.7, "42": 26.3}


def _import_with_charts(factory: sessionmaker[Session], seller_id: int) -> dict[str, int]:
    with transaction(factory) as db:
        seller = db.get(Seller, seller_id)
        assert seller is not None
        import_shopify_csv(db, seller, EXPORT.read_bytes())
        ids = {}
        for handle, chart in (
            ("linen-shirt", SHIRT_CHART),
            ("trail-runner", {k: {"foot_length": v} for k, v in SHOE_CHART.items()}),
        ):
            product = catalog_service.find_by_handle(db, seller_id, handle)
            assert product is not None
            for position, (label, cm) in enumerate(chart.items(), 1):
                product.size_chart.append(
                    SizeChartRow(size_label=label, position=position, measurements_cm=cm)
                )
            ids[handle] = product.id
        return ids


@pytest.fixture
def imported(session_factory: sessionmaker[Session], owner: dict[str, Any]) -> dict[str, int]:
    return _import_with_charts(session_factory, int(owner["seller_id"]))


def _advice(
    client: TestClient, product_id: int, headers: dict[str, str] | None = None, **extra: object
) -> Any:
    body = {"product_id": product_id, **HEIGHT_WEIGHT, **extra}
    return client.post("/api/v1/fit/advice", json=body, headers=headers)


def test_imported_shirt_is_advised_from_height_and_weight_alone(
    app_client: TestClient, imported: dict[str, int]
) -> None:
    response = _advice(app_client, imported["linen-shirt"])
    assert response.status_code == 200, response.text
    answer = response.json()
    # Estimated body for 165 cm, 58 kg: bust 93.1 (fitted), waist 74.1, hips 100.1 (published).
    # S would leave 2.9 cm at the bust (6 wanted) and pinch the hips by 2.1 cm: M.
    assert (answer["size"], answer["runner_up"], answer["source"]) == ("M", "S", "chart")
    assert answer["estimated"] == ["chest", "hips", "waist"]
    assert answer["reason"] == (
        "M: waist leaves 23.9 cm (9.4 in) of room (regular fit); "
        "bust or chest, hips, and waist estimated from your height and weight"
    )
    assert answer["sharpen"] == "measure your waist: 74.1 cm is an estimate (about ±6 cm)"
    # A German page reads the same advice in German, numbers with its decimal comma.
    german = _advice(app_client, imported["linen-shirt"], headers={"Accept-Language": "de"})
    assert german.json()["reason"] == (
        "M: Taillenumfang mit 23,9 cm (9,4 in) Spielraum (normale Passform); "
        "Ober- oder Brustweite, Hüftumfang und Taillenumfang aus Ihrer Körpergröße und "
        "Ihrem Gewicht geschätzt"
    )
    assert german.json()["sharpen"] == ("Taillenumfang messen: 74,1 cm sind geschätzt (etwa ±6 cm)")
    japanese = _advice(app_client, imported["linen-shirt"], headers={"Accept-Language": "ja"})
    assert japanese.json()["reason"].startswith("M：ウエストに23.9 cm（9.4 in）のゆとり（標準）。")  # noqa: RUF001
    # The same body measured is surer than estimated.
    measured = _advice(
        app_client, imported["linen-shirt"], bust_cm=93.1, waist_cm=74.1, hips_cm=100.1
    ).json()
    assert (measured["size"], measured["confidence"], measured["sharpen"]) == ("M", 0.55, None)
    assert answer["confidence"] == round(measured["confidence"] * 0.7, 2)


def test_shoes_from_height_alone(app_client: TestClient, imported: dict[str, int]) -> None:
    answer = _advice(app_client, imported["trail-runner"], height_cm=170, weight_kg=60).json()
    assert (answer["size"], answer["estimated"]) == ("41", ["foot_length"])
    assert answer["reason"].endswith("; foot length estimated from your height")


def test_japanese_viewer_gets_the_advice_and_the_chart_in_jp_sizes(
    app_client: TestClient, imported: dict[str, int]
) -> None:
    shirt = _advice(app_client, imported["linen-shirt"], viewer_system="JP").json()
    # INT S spans US 4-6, JIS 9-11; M spans US 8-10, JIS 13-15.
    assert (shirt["size"], shirt["size_local"], shirt["runner_up_local"]) == (
        "M",
        "JP 13-15",
        "JP 9-11",
    )
    assert shirt["viewer_system"] == "JP"
    shoes = _advice(app_client, imported["trail-runner"], viewer_system="JP").json()
    assert (shoes["size"], shoes["size_local"]) == ("40", "JP 25.5")
    chart = app_client.get(
        f"/api/v1/fit/products/{imported['trail-runner']}/chart", params={"system": "JP"}
    ).json()
    assert [(r["size"], r["local"]) for r in chart["rows"]] == [
        ("40", "JP 25.5"),
        ("41", "JP 26.5"),
        ("42", "JP 27"),
    ]


def test_chart_without_the_measurement_the_kind_needs(
    app_client: TestClient, session_factory: sessionmaker[Session], imported: dict[str, int]
) -> None:
    with transaction(session_factory) as db:
        for row in db.scalars(
            select(SizeChartRow).where(SizeChartRow.product_id == imported["linen-shirt"])
        ):
            row.measurements_cm = {"length": row.measurements_cm["length"], "sleeve": 60.0}
    response = _advice(app_client, imported["linen-shirt"])
    assert response.status_code == 422
    assert response.json() == {
        "detail": "this product's size chart lists length and sleeve but not the bust or "
        "chest this kind of garment is sized by: give your usual size (e.g. US 6 or EU 38)"
    }
    # With a usual size, the conversion tables still answer.
    usual = _advice(app_client, imported["linen-shirt"], usual_system="US", usual_size="6")
    assert (usual.status_code, usual.json()["source"]) == (200, "size_table")


def test_product_without_a_chart_says_so(
    app_client: TestClient, session_factory: sessionmaker[Session], owner: dict[str, Any]
) -> None:
    slip = add_product(
        session_factory, "slip", variants=("36", "38"), seller_id=int(owner["seller_id"])
    )
    response = _advice(app_client, slip)
    assert response.status_code == 422
    assert response.json() == {
        "detail": "this product has no size chart with garment measurements: "
        "give your usual size (e.g. US 6 or EU 38)"
    }


def _mens(
    factory: sessionmaker[Session], seller_id: int, handle: str, chart: dict[str, dict[str, float]]
) -> int:
    product_id = add_product(factory, handle, seller_id=seller_id)
    with transaction(factory) as db:
        product = catalog_service.get_product(db, seller_id, product_id)
        product.tags = ["men"]
        for position, (label, cm) in enumerate(chart.items(), 1):
            product.size_chart.append(
                SizeChartRow(size_label=label, position=position, measurements_cm=cm)
            )
    return product_id


def test_mens_top_is_advised_from_the_chart_and_an_estimated_chest(
    app_client: TestClient, session_factory: sessionmaker[Session], owner: dict[str, Any]
) -> None:
    seller = int(owner["seller_id"])
    chart = {"S": {"chest": 96.0}, "M": {"chest": 102.0}, "L": {"chest": 108.0}}
    shirt = _mens(session_factory, seller, "oxford", chart)
    # 180 cm, 75 kg: chest 105.9 x sqrt((75 / 180) / (85.5 / 175.6)) = 98.0 cm; M leaves 4 cm
    # (6 wanted), L 10 cm, S pinches by 2 cm.
    response = _advice(app_client, shirt, height_cm=180, weight_kg=75)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert (answer["size"], answer["runner_up"], answer["source"]) == ("M", "L", "chart")
    assert answer["estimated"] == ["chest"]
    assert "chart-based" in answer["reason"]
    assert "not validated here" in answer["reason"]
    assert answer["sharpen"].startswith("measure your bust or chest: 98 cm is an estimate")
    # A heavier man of the same height is advised a size up; a measured chest beats the guess.
    heavier = _advice(app_client, shirt, height_cm=180, weight_kg=95).json()
    assert heavier["size"] == "L"
    measured = _advice(app_client, shirt, height_cm=180, weight_kg=75, bust_cm=92).json()
    assert (measured["size"], measured["estimated"]) == ("S", [])
    assert measured["confidence"] > answer["confidence"]


def test_mens_trousers_ask_for_the_waist_rather_than_guess(
    app_client: TestClient, session_factory: sessionmaker[Session], owner: dict[str, Any]
) -> None:
    chart = {"30": {"waist": 78.0, "hips": 98.0}, "32": {"waist": 83.0, "hips": 103.0}}
    chinos = _mens(session_factory, int(owner["seller_id"]), "chinos", chart)
    response = _advice(app_client, chinos)
    assert response.status_code == 422
    assert response.json() == {
        "detail": "height and weight are not enough for this product: give your hips or "
        "waist measurement, or your usual size (e.g. US 6 or EU 38)"
    }
    # In the viewer's language, the measurement words too.
    german = _advice(app_client, chinos, headers={"Accept-Language": "de-DE,de;q=0.9"})
    assert german.json() == {
        "detail": "Größe und Gewicht reichen für dieses Produkt nicht aus: Geben Sie Ihr Maß "
        "(Hüftumfang oder Taillenumfang) oder Ihre übliche Größe an (z. B. US 6 oder EU 38)"
    }
    waist = _advice(app_client, chinos, waist_cm=72)
    assert (waist.status_code, waist.json()["size"]) == (200, "30")


def test_the_measurement_that_could_change_the_size_is_named() -> None:
    chart = [
        ChartSize(label, {"bust": bust, "waist": bust - 4, "hips": bust + 2})
        for label, bust in (("S", 96.0), ("M", 102.0), ("L", 108.0))
    ]
    product = ProductSizing(Garment.WOMENS_APPAREL, chart, None, Style.TOP)
    advice = advise(None, product, Profile(170, 75, Preference.REGULAR))
    assert advice is not None
    assert (advice.size, advice.runner_up) == ("L", "M")
    # Hips estimated at 105.9 cm: 5 cm less and M would do.
    assert advice.sharpen is not None
    assert str(advice.sharpen) == (
        "measure your hips: 105.9 cm is an estimate (about ±5 cm) and could make it M"
    )
    assert advice.sharpen.render("de") == (
        "Hüftumfang messen: 105,9 cm sind geschätzt (etwa ±5 cm) und könnten M ergeben"
    )
    assert advice.sharpen.render("ja") == (
        "ヒップを測ってください：105.9 cmは推定値で（誤差約±5 cm）、Mになる可能性があります"  # noqa: RUF001
    )


def test_body_of_fills_what_was_not_given_from_height_and_weight() -> None:
    estimated = body_of(Profile(165, 58, Preference.REGULAR), Garment.WOMENS_APPAREL)
    assert estimated == {"chest": 93.1, "waist": 74.1, "hips": 100.1}
    older_pear = body_of(
        Profile(165, 58, Preference.REGULAR, age=55, body_type="pear"), Garment.WOMENS_APPAREL
    )
    assert older_pear["chest"] != estimated["chest"]
    measured = body_of(
        Profile(165, 58, Preference.REGULAR, bust_cm=88.0, usual=(SizeSystem.US, "10")),
        Garment.WOMENS_APPAREL,
    )
    # Measured first, then the usual size's typical body (ASTM D5585, US 10), estimates last.
    assert measured == {"chest": 88.0, "waist": 76.5, "hips": 102.5}
