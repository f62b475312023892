"""The paper's metric (the mean of the three one-vs-rest ROC AUCs) and calibration: top-label
expected calibration error and the reliability table behind it."""

from __future__ import annotations

from typing import Any

import numpy as np

from crosslive.fit.records import LABELS
from crosslive.fit.tables import FloatArray, IntArray


def roc_auc(positive: np.ndarray, score: FloatArray) -> float:
    """Area under the ROC curve (ties count one half); NaN without both classes."""
    positive = positive.astype(bool)
    n_pos = int(positive.sum())
    n_neg = len(positive) - n_pos
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    order = np.argsort(score, kind="mergesort")
    sorted_scores = score[order]
    ranks = np.empty(len(score))
    # Average ranks over runs of equal scores.
    _, first, counts = np.unique(sorted_scores, return_index=True, return_counts=True)
    average = first + (counts + 1) / 2.0
    ranks[order] = np.repeat(average, counts)
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


def fit_report(labels: IntArray, proba: FloatArray) -> dict[str, float | int]:
    """avg_auc and the per-class AUCs of predicted probabilities (rows x LABELS)."""
    report: dict[str, float | int] = {}
    aucs = []
    for index, name in enumerate(LABELS):
        auc = roc_auc(labels == index, proba[:, index])
        report[f"auc_{name}"] = round(auc, 5)
        aucs.append(auc)
    report["avg_auc"] = round(float(np.mean(aucs)), 5)
    report["n"] = len(labels)
    return report


ECE_BINS = 15


def _bin_of(confidence: FloatArray, bins: int) -> IntArray:
    """Bin i holds confidences in (i / bins, (i + 1) / bins]; 0 goes to the first bin."""
    index: IntArray = np.clip(np.ceil(confidence * bins).astype(np.int64) - 1, 0, bins - 1)
    return index


def reliability(labels: IntArray, proba: FloatArray, bins: int = ECE_BINS) -> list[dict[str, Any]]:
    """Top-label reliability table: per equal-width bin of the highest probability, how many
    rows fall in it, their mean confidence and how often the top label was the true one.
    Empty bins are left out."""
    if len(labels) == 0:
        return []
    confidence = proba.max(axis=1)
    correct = (proba.argmax(axis=1) == labels).astype(float)
    index = _bin_of(confidence, bins)
    table = []
    for b in range(bins):
        inside = index == b
        n = int(inside.sum())
        if n == 0:
            continue
        table.append(
            {
                "low": round(b / bins, 4),
                "high": round((b + 1) / bins, 4),
                "n": n,
                "confidence": round(float(confidence[inside].mean()), 4),
                "accuracy": round(float(correct[inside].mean()), 4),
            }
        )
    return table


def expected_calibration_error(labels: IntArray, proba: FloatArray, bins: int = ECE_BINS) -> float:
    """Top-label ECE: sum over bins of (rows in bin / rows) x |accuracy - mean confidence|."""
    if len(labels) == 0:
        return float("nan")
    confidence = proba.max(axis=1)
    correct = (proba.argmax(axis=1) == labels).astype(float)
    index = _bin_of(confidence, bins)
    gap = np.bincount(index, weights=correct - confidence, minlength=bins)
    return float(np.abs(gap).sum() / len(labels))
