"""Offline training and evaluation of the fit model (`crosslive fit train` / `fit eval`)."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from crosslive.fit.calibration import Calibrator, fit_calibrator
from crosslive.fit.features import Frame, build_tables, fit_encoder, train_matrix
from crosslive.fit.metrics import expected_calibration_error, fit_report, reliability
from crosslive.fit.model import FitModel, load_model, save_model
from crosslive.fit.records import FitRecord, labelled, read_records
from crosslive.fit.tables import FloatArray, IntArray

if TYPE_CHECKING:
    import lightgbm as lgb

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TrainConfig:
    """Boosting settings; the defaults were chosen on subsamples (docs/fit.md)."""

    rounds: int = 150
    models: int = 3  # averaged; each reads its out-of-fold encodings from other folds
    folds: int = 10
    seed: int = 7
    threads: int = 2
    # Weight of the ordinal pair (P(y >= fit), P(y >= large), binary, 2 x rounds) in the blend.
    ordinal_weight: float = 0.3
    # Share of the rows held out to fit the calibrator (0: none). A model trained on the
    # other rows scores them; the shipped model is then trained on every row. Off by default:
    # the model's held-out ECE is 0.004 (random) / 0.015 (date) without it (docs/fit.md).
    calibration_share: float = 0.0
    params: dict[str, Any] = field(
        default_factory=lambda: {
            "objective": "multiclass",
            "num_class": 3,
            "learning_rate": 0.05,
            "num_leaves": 31,
            "min_data_in_leaf": 200,
            "feature_fraction": 0.6,
            "bagging_fraction": 0.8,
            "bagging_freq": 1,
            "lambda_l2": 10.0,
            "verbose": -1,
        }
    )


def train(records: list[FitRecord], config: TrainConfig | None = None) -> FitModel:
    """A model from labelled records (unlabelled ones are ignored), calibrated on a held-out
    slice when `config.calibration_share` > 0 and the slice has at least 30 rows."""
    config = config or TrainConfig()
    rows = labelled(records)
    if len(rows) < 20:
        raise ValueError(f"need at least 20 labelled rows to train, got {len(rows)}")
    started = time.monotonic()
    calibrator = _calibrator(rows, config)
    model = _train_rows(rows, config)
    model.calibrator = calibrator
    model.info["seconds"] = round(time.monotonic() - started, 1)
    if calibrator is not None:
        model.info["calibration"] = dict(calibrator.to_json(), share=config.calibration_share)
    return model


def _calibrator(rows: list[FitRecord], config: TrainConfig) -> Calibrator | None:
    """Fitted on a random slice of ROWS scored by a model trained on the other rows."""
    held = np.random.default_rng(config.seed).random(len(rows)) < config.calibration_share
    if held.sum() < 30 or (~held).sum() < 20:
        return None
    inner = _train_rows([r for r, h in zip(rows, held, strict=True) if not h], config)
    slice_rows = [r for r, h in zip(rows, held, strict=True) if h]
    labels = np.array([r.label for r in slice_rows], dtype=np.int64)
    calibrator = fit_calibrator(labels, inner.predict_raw(slice_rows))
    log.info("fit model calibrated on %d rows: %s", len(slice_rows), calibrator)
    return calibrator


def _train_rows(rows: list[FitRecord], config: TrainConfig) -> FitModel:
    import lightgbm as lgb  # here: slow to import, and only training needs it

    started = time.monotonic()
    frame = Frame.from_records(rows)
    encoder = fit_encoder(frame)
    boosters = []
    ordinal: list[lgb.Booster] = []
    fold_sets = [
        np.random.default_rng(config.seed + index).integers(0, config.folds, len(frame))
        for index in range(config.models)
    ]
    for index, folds in enumerate(fold_sets):
        seed = config.seed + index
        matrix = train_matrix(encoder, frame, folds)
        dataset = lgb.Dataset(
            matrix,
            frame.label,
            feature_name=encoder.names(),
            categorical_feature=["body", "category"],
            params={"verbose": -1},
        )
        params = dict(config.params, num_threads=config.threads, seed=seed)
        boosters.append(lgb.train(params, dataset, num_boost_round=config.rounds))
        log.info("fit model %d of %d trained", index + 1, config.models)
        if index == 0 and config.ordinal_weight > 0:
            ordinal = train_ordinal(matrix, frame.label, encoder.names(), config)
    info = {
        "rows": len(rows),
        "rounds": config.rounds,
        "models": config.models,
        "ordinal_weight": config.ordinal_weight if config.ordinal_weight > 0 else 0.0,
        "seconds": round(time.monotonic() - started, 1),
    }
    tables = build_tables(encoder, frame, fold_sets[0])
    weight = config.ordinal_weight if ordinal else 0.0
    return FitModel(encoder, boosters, tables, info, ordinal, weight)


def train_ordinal(
    matrix: FloatArray, label: IntArray, names: list[str], config: TrainConfig
) -> list[lgb.Booster]:
    """Two binary boosters on the same features: P(y >= fit) and P(y >= large)."""
    import lightgbm as lgb

    params = {k: v for k, v in config.params.items() if k != "num_class"}
    params.update(objective="binary", num_threads=config.threads, seed=config.seed)
    pair = []
    for threshold in (1, 2):
        binary = lgb.Dataset(
            matrix,
            (label >= threshold).astype(np.int64),
            feature_name=names,
            categorical_feature=["body", "category"],
            params={"verbose": -1},
        )
        pair.append(lgb.train(params, binary, num_boost_round=2 * config.rounds))
    log.info("ordinal pair of the fit model trained")
    return pair


def train_file(data: Path, out: Path, config: TrainConfig | None = None) -> dict[str, Any]:
    model = train(list(read_records(data)), config)
    save_model(model, out)
    return dict(model.info, out=str(out))


def evaluate(model: FitModel, records: list[FitRecord]) -> dict[str, Any]:
    """avg_auc, auc_small, auc_fit, auc_large, n, the top-label ECE and its reliability table
    over the labelled records (and the ECE before calibration when the model has one)."""
    rows = labelled(records)
    if not rows:
        raise ValueError("no labelled rows to evaluate")
    labels = np.array([r.label for r in rows], dtype=np.int64)
    raw = model.predict_raw(rows)
    proba = raw if model.calibrator is None else model.calibrator.apply(raw)
    report: dict[str, Any] = dict(fit_report(labels, proba))
    report["ece"] = round(expected_calibration_error(labels, proba), 5)
    if model.calibrator is not None:
        report["ece_uncalibrated"] = round(expected_calibration_error(labels, raw), 5)
    report["reliability"] = reliability(labels, proba)
    return report


def evaluate_file(model_dir: Path, data: Path) -> dict[str, Any]:
    return evaluate(load_model(model_dir), list(read_records(data)))
