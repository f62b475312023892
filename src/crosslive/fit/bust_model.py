"""A bust-circumference regression fitted on fit-feedback rows: height, weight, age, body type.

The fit data records a bra size (band and cup) next to height, weight, age and body type; a
bra size gives a bust circumference by the US convention (`bust_from_bra`). The regression is
ordinary least squares with a small ridge on standardised inputs, one row per renter, fitted on
80% of the renters and scored on the other 20% (renters chosen by a hash of their id, so one
person is never on both sides). The shipped coefficients (`bust_model.json`) are those of the
80% fit, so the held-out figures in docs/fit.md belong to exactly what the app uses.
Regenerate with `crosslive fit body-train --data FILE --out src/crosslive/fit/bust_model.json`.
"""

from __future__ import annotations

import json
import math
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from crosslive.fit.records import BODY_TYPES, FitRecord

CM_PER_INCH = 2.54
FORMAT_VERSION = 1
HELD_OUT_SHARE_IN_5 = 1  # renters whose crc32(id) % 5 is below this are held out
RIDGE = 1.0
SHIPPED = Path(__file__).with_name("bust_model.json")


def bust_from_bra(band_in: float, cup_steps: float) -> float:
    """Bust circumference in cm of a US bra size: the band in inches plus one inch per cup
    step (AA 0, A 1, B 2, C 3, D 4, DD/E 5, DDD/F 6 ...)."""
    return round((band_in + cup_steps) * CM_PER_INCH, 1)


def features(height_cm: float, weight_kg: float, age: float | None, body_type: str) -> list[float]:
    """Model inputs: height, weight, BMI, age (or a missing flag), one column per body type."""
    bmi = weight_kg / (height_cm / 100.0) ** 2
    row = [height_cm, weight_kg, bmi, math.sqrt(weight_kg / height_cm)]
    row += [age if age is not None else 0.0, 1.0 if age is None else 0.0]
    row += [1.0 if body_type == kind else 0.0 for kind in BODY_TYPES]
    return row


FEATURE_NAMES = [
    "height_cm",
    "weight_kg",
    "bmi",
    "sqrt_weight_per_height",
    "age",
    "age_missing",
    *[f"body_{kind}" for kind in BODY_TYPES],
]


@dataclass(frozen=True)
class BustModel:
    """Linear bust estimate: intercept + sum(coef * (x - mean) / scale)."""

    intercept: float
    coefficients: list[float]
    means: list[float]
    scales: list[float]
    held_out: dict[str, float]

    def predict(
        self, height_cm: float, weight_kg: float, age: float | None = None, body_type: str = ""
    ) -> float:
        x = features(height_cm, weight_kg, age, body_type)
        z = [(v - m) / s for v, m, s in zip(x, self.means, self.scales, strict=True)]
        value = self.intercept + sum(c * v for c, v in zip(self.coefficients, z, strict=True))
        return round(value, 1)

    @property
    def mae_cm(self) -> float:
        return float(self.held_out["mae_cm"])

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT_VERSION,
            "target": "bust circumference, cm (US band inches + cup steps, x 2.54)",
            "features": FEATURE_NAMES,
            "intercept": self.intercept,
            "coefficients": self.coefficients,
            "means": self.means,
            "scales": self.scales,
            "held_out": self.held_out,
        }


def load_bust_model(path: Path = SHIPPED) -> BustModel:
    raw = json.loads(path.read_text(encoding="utf-8"))
    if raw.get("format") != FORMAT_VERSION or raw.get("features") != FEATURE_NAMES:
        raise ValueError(f"{path} was written for other inputs; regenerate it (fit body-train)")
    return BustModel(
        intercept=float(raw["intercept"]),
        coefficients=[float(v) for v in raw["coefficients"]],
        means=[float(v) for v in raw["means"]],
        scales=[float(v) for v in raw["scales"]],
        held_out={k: float(v) for k, v in raw["held_out"].items()},
    )


def renter_rows(records: Iterable[FitRecord]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """One row per renter with bust size, height and weight (her first such row)."""
    users: list[str] = []
    xs: list[list[float]] = []
    ys: list[float] = []
    seen: set[str] = set()
    for r in records:
        if r.user_id in seen or r.bust_band is None or r.cup is None:
            continue
        if r.height_cm is None or r.weight_kg is None:
            continue
        seen.add(r.user_id)
        users.append(r.user_id)
        xs.append(features(r.height_cm, r.weight_kg, r.age, r.body_type))
        ys.append(bust_from_bra(r.bust_band, r.cup))
    return users, np.array(xs, dtype=float).reshape(-1, len(FEATURE_NAMES)), np.array(ys)


def held_out_mask(users: list[str]) -> np.ndarray:
    return np.array([zlib.crc32(u.encode()) % 5 < HELD_OUT_SHARE_IN_5 for u in users], dtype=bool)


def fit(x: np.ndarray, y: np.ndarray) -> tuple[float, list[float], list[float], list[float]]:
    means = x.mean(axis=0)
    scales = x.std(axis=0)
    scales[scales == 0] = 1.0
    z = (x - means) / scales
    intercept = float(y.mean())
    gram = z.T @ z + RIDGE * np.eye(z.shape[1])
    coef = np.linalg.solve(gram, z.T @ (y - intercept))
    return intercept, coef.tolist(), means.tolist(), scales.tolist()


def errors(predicted: np.ndarray, truth: np.ndarray) -> dict[str, float]:
    gap = predicted - truth
    return {
        "mae_cm": round(float(np.abs(gap).mean()), 2),
        "rmse_cm": round(float(np.sqrt((gap**2).mean())), 2),
        "p90_abs_cm": round(float(np.quantile(np.abs(gap), 0.9)), 2),
        "within_5cm": round(float((np.abs(gap) <= 5.0).mean()), 3),
    }


def train_bust_model(records: Iterable[FitRecord]) -> tuple[BustModel, dict[str, Any]]:
    """Fit on the training renters; report held-out errors next to a predict-the-mean baseline."""
    users, x, y = renter_rows(records)
    test = held_out_mask(users)
    if test.sum() < 10 or (~test).sum() < 10:
        raise ValueError(f"too few renters with bust size, height and weight: {len(users)}")
    intercept, coef, means, scales = fit(x[~test], y[~test])
    z = (x[test] - np.array(means)) / np.array(scales)
    predicted = intercept + z @ np.array(coef)
    held = {**errors(predicted, y[test]), "n": float(test.sum())}
    model = BustModel(intercept, coef, means, scales, held)
    baseline = errors(np.full(int(test.sum()), float(y[~test].mean())), y[test])
    report = {
        "renters": len(users),
        "train": int((~test).sum()),
        "held_out": held,
        "baseline_mean_bust": baseline,
    }
    return model, report
