"""Calibration of the fit model's probabilities: temperature plus a per-class bias.

The boosters' blended P(small), P(fit), P(large) are mapped to

    q_k = softmax(log(p_k) / T + b_k)        (b_small = 0)

with T and b fitted by maximum likelihood on a calibration slice of the training rows that
the boosters behind it never saw (`training.train`), never on evaluation rows. T > 1 softens
an overconfident model; the biases correct a shift of the class shares between the rows the
boosters learned from and unseen rows (cold users and items).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from crosslive.fit.tables import FloatArray, IntArray

_FLOOR = 1e-9


def _logits(proba: FloatArray, temperature: float, bias: FloatArray) -> FloatArray:
    logits: FloatArray = np.log(np.clip(proba, _FLOOR, 1.0)) / temperature + bias
    return logits - logits.max(axis=1, keepdims=True)


@dataclass(frozen=True)
class Calibrator:
    temperature: float = 1.0
    bias: tuple[float, float, float] = (0.0, 0.0, 0.0)

    def apply(self, proba: FloatArray) -> FloatArray:
        """Calibrated probabilities (rows x 3, each row summing to 1)."""
        if len(proba) == 0:
            return proba
        scaled = np.exp(_logits(proba, self.temperature, np.asarray(self.bias)))
        result: FloatArray = scaled / scaled.sum(axis=1, keepdims=True)
        return result

    def to_json(self) -> dict[str, Any]:
        return {"temperature": self.temperature, "bias": list(self.bias)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Calibrator:
        temperature = float(data["temperature"])
        bias = [float(b) for b in data["bias"]]
        if not temperature > 0 or len(bias) != 3 or not np.all(np.isfinite(bias)):
            raise ValueError(f"bad calibrator {data!r}")
        return cls(temperature, (bias[0], bias[1], bias[2]))


def _nll(params: FloatArray, proba: FloatArray, labels: IntArray) -> float:
    temperature = float(np.exp(params[0]))
    bias = np.array([0.0, params[1], params[2]])
    logits = _logits(proba, temperature, bias)
    log_norm = np.log(np.exp(logits).sum(axis=1))
    return float(-(logits[np.arange(len(labels)), labels] - log_norm).mean())


def fit_calibrator(labels: IntArray, proba: FloatArray) -> Calibrator:
    """The temperature and biases that maximise the likelihood of LABELS under PROBA."""
    if len(labels) < 30:
        raise ValueError(f"need at least 30 rows to calibrate, got {len(labels)}")
    from scipy.optimize import minimize  # here: slow to import, and the app's start needs none

    result = minimize(_nll, np.zeros(3), args=(proba, labels), method="L-BFGS-B")
    log_t, b_fit, b_large = (float(v) for v in result.x)
    return Calibrator(round(float(np.exp(log_t)), 5), (0.0, round(b_fit, 5), round(b_large, 5)))
