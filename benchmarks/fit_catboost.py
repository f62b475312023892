"""CatBoost candidates for the fit model on the inner validation split (docs/fit.md, issue 17).

    python -m benchmarks.fit_catboost --data ../shared/data/renttherunway_fit_dev.jsonl.gz \
        --split random [--variant raw|full] [--iterations 600] [--threads 2]

The inner split of benchmarks/fit_candidates.py, imported from it (the training part of the
evaluation split, split again with seed 1; the test part is never read). One LightGBM booster on the
shipped features (`TrainConfig` parameters, 150 rounds, fold assignment 0) is the reference;
CatBoost gets user, item, item x size, category and body type as native categoricals (ordered
target statistics; on the date split the rows are in date order and `has_time` makes every
row's statistics come from earlier rows only) plus either the raw purchase-time numbers
(`raw`) or the raw numbers and the shipped LightGBM feature matrix (`full`). Printed as one
JSON line: avg_auc of LightGBM, CatBoost and blends (mean of probabilities).

CatBoost is not a dependency of crosslive (its best blend gained no more than the seed noise of
one booster, docs/fit.md):
`pip install catboost==1.2.10` into the venv first.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from catboost import CatBoostClassifier, Pool

from benchmarks.fit_candidates import base_matrices, inner_split, reference_booster
from crosslive.fit.features import Frame
from crosslive.fit.metrics import expected_calibration_error, fit_report
from crosslive.fit.training import TrainConfig

CAT_NAMES = ["c_user", "c_item", "c_item_size", "c_category", "c_body"]
RAW_NAMES = ["size", "height", "weight", "band", "cup", "age", "bmi"]


def cat_columns(f: Frame) -> list[list[str]]:
    body = ["" if np.isnan(b) else str(int(b)) for b in f.body]
    item_size = [f"{i}|{s:g}" for i, s in zip(f.item, f.size, strict=True)]
    return [list(f.user), list(f.item), item_size, list(f.category), body]


def raw_columns(f: Frame) -> np.ndarray:
    bmi = f.weight / (f.height / 100.0) ** 2
    return np.column_stack([f.size, f.height, f.weight, f.band, f.cup, f.age, bmi])


def pool(f: Frame, numeric: np.ndarray, names: list[str]) -> Pool:
    cats = cat_columns(f)
    data: dict[str, Any] = {n: c for n, c in zip(CAT_NAMES, cats, strict=True)}
    for index, name in enumerate(names):
        data[name] = numeric[:, index]
    frame = pd.DataFrame(data)
    label = f.label if (f.label >= 0).all() else None
    return Pool(frame, label=label, cat_features=CAT_NAMES)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--split", choices=["random", "date"], default="random")
    parser.add_argument("--variant", choices=["raw", "full"], default="full")
    parser.add_argument("--iterations", type=int, default=600)
    parser.add_argument("--learning-rate", type=float, default=0.08)
    parser.add_argument("--depth", type=int, default=6)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--ctr-complexity", type=int, default=1)
    args = parser.parse_args()
    started = time.monotonic()
    inner, validation = inner_split(args.data, args.split)
    ftr, fva = Frame.from_records(inner), Frame.from_records(validation)
    xtr, xva, names = base_matrices(ftr, fva)
    p_lgb = reference_booster(xtr, ftr.label, names, {}).predict(xva, num_threads=1)
    lgb_seconds = round(time.monotonic() - started, 1)

    ntr, nva, num_names = raw_columns(ftr), raw_columns(fva), list(RAW_NAMES)
    if args.variant == "full":
        ntr, nva = np.column_stack([ntr, xtr]), np.column_stack([nva, xva])
        num_names += [f"lgb_{n}" for n in names]
    cb_started = time.monotonic()
    model = CatBoostClassifier(
        loss_function="MultiClass",
        iterations=args.iterations,
        learning_rate=args.learning_rate,
        depth=args.depth,
        thread_count=args.threads,
        random_seed=TrainConfig().seed,
        max_ctr_complexity=args.ctr_complexity,
        has_time=args.split == "date",
        verbose=False,
        allow_writing_files=False,
    )
    model.fit(pool(ftr, ntr, num_names))
    p_cb = model.predict_proba(pool(fva, nva, num_names))
    report: dict[str, Any] = {
        "split": args.split,
        "variant": args.variant,
        "iterations": args.iterations,
        "learning_rate": args.learning_rate,
        "depth": args.depth,
        "ctr_complexity": args.ctr_complexity,
        "lightgbm": fit_report(fva.label, p_lgb)["avg_auc"],
        "catboost": fit_report(fva.label, p_cb)["avg_auc"],
        "catboost_ece": round(expected_calibration_error(fva.label, p_cb), 4),
    }
    for weight in (0.3, 0.5, 0.7):
        mixed = (1 - weight) * p_lgb + weight * p_cb
        report[f"blend_cb_{weight}"] = fit_report(fva.label, mixed)["avg_auc"]
    report["lgb_seconds"] = lgb_seconds
    report["catboost_seconds"] = round(time.monotonic() - cb_started, 1)
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
