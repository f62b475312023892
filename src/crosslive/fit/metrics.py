"""The paper's metric: the mean of the three one-vs-rest ROC AUCs."""

from __future__ import annotations

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
