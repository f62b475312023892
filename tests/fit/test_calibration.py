"""Top-label ECE and the reliability table on hand-computed cases; the calibrator."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from crosslive.fit.calibration import Calibrator, fit_calibrator
from crosslive.fit.metrics import expected_calibration_error, reliability
from crosslive.fit.model import FitModel, load_model, save_model
from crosslive.fit.training import TrainConfig, evaluate, train
from tests.fit.conftest import synthetic_rows, to_records

# conf 0.8 right, conf 0.8 wrong, conf 0.5 right, conf 0.65 right.
PROBA = np.array(
    [[0.1, 0.8, 0.1], [0.1, 0.8, 0.1], [0.5, 0.3, 0.2], [0.2, 0.15, 0.65]],
)
LABELS = np.array([1, 0, 0, 2])


def test_ece_by_hand() -> None:
    # Bins (11/15, 12/15]: 2 rows, accuracy 0.5, confidence 0.8 -> 2/4 x 0.3 = 0.15;
    # (7/15, 8/15]: 0.5 right -> 1/4 x 0.5 = 0.125; (9/15, 10/15]: 0.65 right -> 1/4 x 0.35.
    assert expected_calibration_error(LABELS, PROBA) == pytest.approx(0.15 + 0.125 + 0.0875)


def test_reliability_table_by_hand() -> None:
    table = reliability(LABELS, PROBA)
    assert [(b["low"], b["n"], b["confidence"], b["accuracy"]) for b in table] == [
        (round(7 / 15, 4), 1, 0.5, 1.0),
        (round(9 / 15, 4), 1, 0.65, 1.0),
        (round(11 / 15, 4), 2, 0.8, 0.5),
    ]
    assert table[-1]["high"] == round(12 / 15, 4)


def test_calibrated_rows_have_zero_ece() -> None:
    proba = np.tile([0.7, 0.2, 0.1], (10, 1))
    labels = np.array([0] * 7 + [1, 2, 1])  # 7 of 10 right at confidence 0.7
    assert expected_calibration_error(labels, proba) == pytest.approx(0.0)


def test_certainty_falls_in_the_last_bin_and_empty_input() -> None:
    table = reliability(np.array([2]), np.array([[0.0, 0.0, 1.0]]))
    assert table == [{"low": 0.9333, "high": 1.0, "n": 1, "confidence": 1.0, "accuracy": 1.0}]
    assert reliability(np.array([], dtype=np.int64), np.zeros((0, 3))) == []
    assert np.isnan(expected_calibration_error(np.array([], dtype=np.int64), np.zeros((0, 3))))


def _overconfident(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Labels drawn from true probabilities; the 'model' reports them sharpened (power 3)."""
    rng = np.random.default_rng(seed)
    true = rng.dirichlet([2.0, 6.0, 2.0], n)
    labels = np.array([rng.choice(3, p=p) for p in true])
    sharp = true**3
    return labels, sharp / sharp.sum(axis=1, keepdims=True)


def test_calibrator_undoes_overconfidence() -> None:
    labels, proba = _overconfident(4000, seed=1)
    calibrator = fit_calibrator(labels, proba)
    assert calibrator.temperature == pytest.approx(3.0, abs=0.5)
    test_labels, test_proba = _overconfident(4000, seed=2)
    before = expected_calibration_error(test_labels, test_proba)
    after = expected_calibration_error(test_labels, calibrator.apply(test_proba))
    assert before > 0.1
    assert after < 0.03


def test_identity_calibrator_and_json() -> None:
    assert np.allclose(Calibrator().apply(PROBA), PROBA)
    calibrator = Calibrator(1.5, (0.0, 0.2, -0.1))
    assert Calibrator.from_json(calibrator.to_json()) == calibrator
    with pytest.raises(ValueError):
        Calibrator.from_json({"temperature": 0, "bias": [0, 0, 0]})
    with pytest.raises(ValueError):
        fit_calibrator(LABELS, PROBA)


def test_model_keeps_its_calibrator(small_model: FitModel, tmp_path: Path) -> None:
    assert small_model.calibrator is None  # off by default
    config = TrainConfig(rounds=20, models=1, threads=1, calibration_share=0.1)
    model = train(to_records(synthetic_rows(1500)), config)
    assert model.calibrator is not None and model.info["calibration"]["share"] == 0.1
    assert model.info["rows"] == 1500  # the shipped model learns from every row
    save_model(model, tmp_path / "m")
    loaded = load_model(tmp_path / "m")
    assert loaded.calibrator == model.calibrator
    rows = to_records(synthetic_rows(20, seed=4))
    assert np.allclose(loaded.predict(rows), model.calibrator.apply(loaded.predict_raw(rows)))
    report = evaluate(loaded, to_records(synthetic_rows(600, seed=9)))
    assert {"ece", "ece_uncalibrated"} <= set(report)
