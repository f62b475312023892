"""Where the fit model wins and loses on held-out rows, and how it grows with data (docs/fit.md).

    python -m benchmarks.fit_segments --data ../shared/data/renttherunway_fit_dev.jsonl.gz \
        --split date [--validate] [--curve 0.5,0.65,0.8] [--cold-model]

One JSON line per measurement, all with the shipped model (`TrainConfig`, 1 thread):

- `segments`: avg_auc of the held-out rows whose renter (item) has rows in the training part
  and of those whose renter (item) has none, and (date split) by 30-day window of the
  held-out period;
- `curve`: the same held-out rows scored by a model trained on a share of the training part
  (the latest share for `date`, a random share for `random`): how much more data buys;
- `cold_model`: a second model trained with every item id made unique (so every row reads
  as a new item, as the held-out rows of a new item do) scores the rows of unseen items;
  the main model keeps the others; and, as a bound, the main model's probabilities of those
  rows rescaled to their true class shares.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path

import numpy as np

from crosslive.fit.metrics import fit_report
from crosslive.fit.records import FitRecord, labelled, parse_record
from crosslive.fit.splits import read_lines, split_lines
from crosslive.fit.tables import FloatArray, IntArray
from crosslive.fit.training import TrainConfig, train

WINDOW_DAYS = 30
MIN_ROWS = 300  # a segment with fewer rows prints null: its AUC would be noise


def _records(lines: list[str]) -> list[FitRecord]:
    parsed = (parse_record(json.loads(line)) for line in lines)
    return labelled([record for record in parsed if record is not None])


def _auc(labels: IntArray, proba: FloatArray, mask: np.ndarray) -> float | None:
    if mask.sum() < MIN_ROWS:
        return None
    return round(float(fit_report(labels[mask], proba[mask])["avg_auc"]), 5)


def _share(mask: np.ndarray) -> float:
    return round(float(mask.mean()), 3)


def segments(
    train_rows: list[FitRecord], test_rows: list[FitRecord], proba: FloatArray, by: str
) -> dict[str, object]:
    labels = np.array([r.label for r in test_rows], dtype=np.int64)
    users = {r.user_id for r in train_rows}
    items = {r.item_id for r in train_rows}
    user_seen = np.array([r.user_id in users for r in test_rows])
    item_seen = np.array([r.item_id in items for r in test_rows])
    days = np.array([r.review_day or 0 for r in test_rows])
    windows = []  # of the later period only: a random split's rows span the whole file
    for start in range(int(days.min()), int(days.max()) + 1 if by == "date" else 0, WINDOW_DAYS):
        window = (days >= start) & (days < start + WINDOW_DAYS)
        windows.append(
            {
                "rows": int(window.sum()),
                "avg_auc": _auc(labels, proba, window),
                "item_seen_share": _share(item_seen[window]) if window.any() else None,
                "item_seen_auc": _auc(labels, proba, window & item_seen),
            }
        )
    everything = np.ones(len(labels), dtype=bool)
    return {
        "avg_auc": _auc(labels, proba, everything),
        "user_seen_share": _share(user_seen),
        "user_seen": _auc(labels, proba, user_seen),
        "user_unseen": _auc(labels, proba, ~user_seen),
        "item_seen_share": _share(item_seen),
        "item_seen": _auc(labels, proba, item_seen),
        "item_unseen": _auc(labels, proba, ~item_seen),
        "windows": windows,
    }


def _part(train_rows: list[FitRecord], by: str, share: float) -> list[FitRecord]:
    """The latest SHARE of the rows by review day (date), or a random SHARE (random)."""
    if by == "date":
        order = sorted(range(len(train_rows)), key=lambda i: (train_rows[i].review_day or 0, i))
        return [train_rows[i] for i in order[len(order) - round(len(order) * share) :]]
    keep = np.random.default_rng(2).random(len(train_rows)) < share
    return [r for r, k in zip(train_rows, keep, strict=True) if k]


def cold_model(
    train_rows: list[FitRecord], test_rows: list[FitRecord], proba: FloatArray, config: TrainConfig
) -> dict[str, object]:
    labels = np.array([r.label for r in test_rows], dtype=np.int64)
    items = {r.item_id for r in train_rows}
    unseen = np.array([r.item_id not in items for r in test_rows])
    unique = [dataclasses.replace(r, item_id=f"new-{i}") for i, r in enumerate(train_rows)]
    model = train(unique, config)
    cold = model.predict(
        [dataclasses.replace(r, item_id=f"new-test-{i}") for i, r in enumerate(test_rows)]
    )
    both = np.where(unseen[:, None], cold, proba)
    # A bound, not a model: the main model's probabilities of the new items' rows rescaled to
    # their true class shares (read from the held-out labels), as no recalibration could beat.
    rescaled = proba.copy()
    truth = np.bincount(labels[unseen], minlength=3) / max(int(unseen.sum()), 1)
    rescaled[unseen] *= truth / np.maximum(proba[unseen].mean(axis=0), 1e-9)
    rescaled[unseen] /= rescaled[unseen].sum(axis=1, keepdims=True)
    return {
        "item_unseen_share": _share(unseen),
        "main_on_unseen_items": _auc(labels, proba, unseen),
        "cold_on_unseen_items": _auc(labels, cold, unseen),
        "main": _auc(labels, proba, np.ones(len(labels), dtype=bool)),
        "main_and_cold": _auc(labels, both, np.ones(len(labels), dtype=bool)),
        "main_rescaled_by_truth": _auc(labels, rescaled, np.ones(len(labels), dtype=bool)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--split", choices=["random", "date"], required=True)
    parser.add_argument("--validate", action="store_true", help="the inner validation split")
    parser.add_argument("--curve", default="", help="training shares, e.g. 0.5,0.65,0.8")
    parser.add_argument("--cold-model", action="store_true")
    args = parser.parse_args()
    train_lines, test_lines = split_lines(read_lines(args.data), args.split, 0.2, seed=0)
    if args.validate:
        train_lines, test_lines = split_lines(train_lines, args.split, 0.2, seed=1)
    train_rows, test_rows = _records(train_lines), _records(test_lines)
    del train_lines, test_lines
    held_out = "validation" if args.validate else "test"
    config = TrainConfig(threads=1)
    labels = np.array([r.label for r in test_rows], dtype=np.int64)
    for share in [float(s) for s in args.curve.split(",") if s]:
        part = _part(train_rows, args.split, share)
        proba = train(part, config).predict(test_rows)
        line = {"split": args.split, "held_out": held_out, "curve_share": share}
        line |= {"train_rows": len(part), "avg_auc": _auc(labels, proba, labels >= 0)}
        print(json.dumps(line), flush=True)
    proba = train(train_rows, config).predict(test_rows)
    line = {"split": args.split, "held_out": held_out, "train_rows": len(train_rows)}
    print(
        json.dumps(line | {"segments": segments(train_rows, test_rows, proba, args.split)}),
        flush=True,
    )
    if args.cold_model:
        result = cold_model(train_rows, test_rows, proba, config)
        print(json.dumps(line | {"cold_model": result}), flush=True)


if __name__ == "__main__":
    main()
