"""The bust estimator (bra size rule, regression, CLI) and the published relations."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crosslive.cli import app as cli_app
from crosslive.fit.body_estimate import Basis, Measure, estimate_body, shipped_bust_model
from crosslive.fit.bust_model import bust_from_bra, load_bust_model, train_bust_model
from crosslive.fit.records import FitRecord
from crosslive.fit.sizes import Garment
from tests.fit.conftest import write_jsonl_gz

CUP_LETTERS = ["aa", "a", "b", "c", "d", "e", "f"]


def test_bra_size_becomes_a_bust_circumference() -> None:
    # US convention: band inches + one inch per cup step (AA 0, A 1 ... D 4, DD/E 5).
    assert bust_from_bra(34, 4) == 96.5  # 34D: 38 in
    assert bust_from_bra(32, 0) == 81.3  # 32AA: 32 in
    assert bust_from_bra(36, 5) == 104.1  # 36DD: 41 in


def _renter(index: int, rng: random.Random) -> tuple[float, float, int, int]:
    """A renter whose bust (inches) follows weight and height, rounded to a bra size."""
    height = rng.uniform(150, 182)
    weight = rng.uniform(45, 90)
    bust_in = round(14 + 0.35 * weight + 0.05 * height)
    band = bust_in - 2 - index % 3
    return height, weight, band, bust_in - band


def synthetic_records(count: int, seed: int = 5) -> list[FitRecord]:
    rng = random.Random(seed)
    records = []
    for index in range(count):
        height, weight, band, cup = _renter(index, rng)
        records.append(
            FitRecord(
                user_id=f"u{index}",
                item_id="i",
                size=8.0,
                category="dress",
                height_cm=height,
                weight_kg=weight,
                bust_band=float(band),
                cup=float(cup),
                age=30.0 if index % 4 else None,
                body_type="pear" if index % 2 else "",
                label=1,
                review_day=None,
            )
        )
    return records


def test_regression_learns_the_relation_and_reports_held_out_error() -> None:
    records = synthetic_records(600)
    # The same renter twice counts once.
    model, report = train_bust_model([*records, records[0]])
    assert report["renters"] == 600
    assert report["train"] + report["held_out"]["n"] == 600
    # Rounding to whole inches leaves at most 1.27 cm of error, about 0.64 on average.
    assert report["held_out"]["mae_cm"] < 1.0
    assert report["baseline_mean_bust"]["mae_cm"] > 4.0
    expected = (14 + 0.35 * 70 + 0.05 * 165) * 2.54
    assert model.predict(165, 70, 30, "pear") == pytest.approx(expected, abs=1.5)


def test_too_few_renters_is_an_error() -> None:
    with pytest.raises(ValueError, match="too few renters with bust size, height and weight: 5"):
        train_bust_model(synthetic_records(5))


def test_body_train_command_writes_coefficients_the_app_can_load(tmp_path: Path) -> None:
    rng = random.Random(2)
    rows = []
    for index in range(300):
        height, weight, band, cup = _renter(index, rng)
        inches = round(height / 2.54)
        rows.append(
            {
                "fit": "fit",
                "user_id": str(index),
                "item_id": "1",
                "bust size": f"{band}{CUP_LETTERS[cup]}",
                "height": f"{inches // 12}' {inches % 12}\"",
                "weight": f"{round(weight / 0.45359237)}lbs",
                "age": "31",
                "body type": "hourglass",
            }
        )
    data = write_jsonl_gz(tmp_path / "rows.jsonl.gz", rows)
    out = tmp_path / "bust.json"
    result = CliRunner().invoke(
        cli_app, ["fit", "body-train", "--data", str(data), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["renters"] == 300
    model = load_bust_model(out)
    assert model.held_out["mae_cm"] == report["held_out"]["mae_cm"] < 1.5
    expected = (14 + 0.35 * 60 + 0.05 * 165) * 2.54
    assert model.predict(165, 60, 31, "hourglass") == pytest.approx(expected, abs=2.0)


def test_coefficients_of_another_format_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    path.write_text(json.dumps({"format": 0, "features": []}))
    with pytest.raises(ValueError, match="regenerate it"):
        load_bust_model(path)


def test_shipped_coefficients_are_those_reported_in_the_docs() -> None:
    model = shipped_bust_model()
    assert model.held_out == {
        "mae_cm": 2.86,
        "rmse_cm": 3.65,
        "p90_abs_cm": 5.89,
        "within_5cm": 0.839,
        "n": 13691.0,
    }
    docs = (Path(__file__).parents[2] / "docs" / "fit.md").read_text(encoding="utf-8")
    assert "| bust (regression on the fit data) | 2.86 | 3.65 | 5.89 | 83.9% | 13,691 |" in docs
    # A heavier body of the same height has a larger bust.
    assert model.predict(165, 58) < model.predict(165, 75)


def test_women_get_a_fitted_bust_and_published_waist_and_hips() -> None:
    body = estimate_body(Garment.WOMENS_APPAREL, 165, 58)
    bust = shipped_bust_model().predict(165, 58)
    assert body == {
        "chest": Measure(bust, Basis.FITTED, 2.86),
        # ASTM D5585 misses' body table: waist 19 cm below the bust, hips 7 cm above.
        "waist": Measure(round(bust - 19, 1), Basis.PUBLISHED, 6.0),
        "hips": Measure(round(bust + 7, 1), Basis.PUBLISHED, 5.0),
    }


def test_foot_length_from_stature_and_mens_chest_from_a_reference_man() -> None:
    assert estimate_body(Garment.WOMENS_SHOES, 170, 60) == {
        "foot_length": Measure(25.5, Basis.PUBLISHED, 0.8)
    }
    assert estimate_body(Garment.MENS_SHOES, 180, 80)["foot_length"].cm == 27.0
    # The reference man keeps his chest; the chest grows with sqrt(weight / height).
    assert estimate_body(Garment.MENS_APPAREL, 175.6, 85.5) == {
        "chest": Measure(105.9, Basis.PUBLISHED, 6.0)
    }
    assert estimate_body(Garment.MENS_APPAREL, 180, 75)["chest"].cm == 98.0
    assert estimate_body(Garment.MENS_APPAREL, 180, 95)["chest"].cm == 110.3
