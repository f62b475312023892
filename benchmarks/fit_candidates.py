"""Quick comparison of fit-model candidates on the inner validation split (docs/fit.md).

    python benchmarks/fit_candidates.py --data ../shared/data/renttherunway_fit_dev.jsonl.gz \
        --split random [--ordinal] [--params '{"extra_trees": true}']

Features of the inner split (the training part split again, never the test part) are computed
once with fold assignment 0; one booster (`TrainConfig` parameters, 150 rounds, 1 thread) is
trained per candidate and its validation avg_auc printed as one JSON line. `--ordinal` appends
the columns of an ordinal true-size model (Sembium et al. 2017 style: a size per renter, an
offset per item, item x size and category, cumulative logit small < fit < large, L-BFGS),
out-of-fold for training rows, and also blends its probabilities in.

CatBoost candidates (native categoricals, alone and blended with this booster) are in
benchmarks/fit_catboost.py; every candidate's validation figures are in docs/fit.md.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import lightgbm as lgb
import numpy as np
from scipy.optimize import minimize
from scipy.special import expit

from crosslive.fit.features import Frame, build_tables, fit_encoder, lookup_matrix, train_matrix
from crosslive.fit.metrics import fit_report
from crosslive.fit.records import FitRecord, labelled, parse_record
from crosslive.fit.splits import read_lines, split_lines
from crosslive.fit.training import TrainConfig

ORDINAL_NAMES = ["ord_l", "ord_ps", "ord_pf", "ord_pl", "ord_user", "ord_item", "ord_item_size"]


def records_of(lines: list[str]) -> list[FitRecord]:
    """Labelled records of JSON lines (lines that are not JSON objects are skipped)."""
    out = []
    for line in lines:
        try:
            raw = json.loads(line)
        except ValueError:
            continue
        record = parse_record(raw) if isinstance(raw, dict) else None
        if record is not None:
            out.append(record)
    return labelled(out)


def inner_split(data: Path, split: str) -> tuple[list[FitRecord], list[FitRecord]]:
    """(inner training rows, validation rows): the evaluation split's training part split
    again by the same rule (seed 1); the test part is never read."""
    train_lines, _test = split_lines(read_lines(data), split, 0.2, seed=0)
    inner, validation = split_lines(train_lines, split, 0.2, seed=1)
    return records_of(inner), records_of(validation)


def base_matrices(ftr: Frame, fva: Frame) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The shipped features of the inner training rows (out-of-fold, fold assignment 0) and
    of the validation rows (looked up in the tables of every inner training row)."""
    encoder = fit_encoder(ftr)
    folds = np.random.default_rng(TrainConfig().seed).integers(0, TrainConfig().folds, len(ftr))
    xtr = train_matrix(encoder, ftr, folds)
    xva = lookup_matrix(encoder, fva, build_tables(encoder, ftr, folds))
    return xtr, xva, encoder.names()


def reference_booster(
    xtr: np.ndarray, label: np.ndarray, names: list[str], params: dict[str, Any], rounds: int = 150
) -> Any:
    """One booster with `TrainConfig` parameters (1 thread) updated by PARAMS."""
    merged = dict(TrainConfig().params, num_threads=1, seed=TrainConfig().seed)
    merged.update(params)
    data = lgb.Dataset(xtr, label, feature_name=names, categorical_feature=["body", "category"])
    return lgb.train(merged, data, num_boost_round=rounds)


class OrdinalSize:
    """l = c (size - body size) - b1 missing - b2 + o_item + o_item_size + o_cat - e_user;
    P(y >= fit) = sig(l - t1), P(y >= large) = sig(l - t2), t2 = t1 + exp(dt); L2 penalties."""

    def __init__(self, lam: tuple[float, float, float, float] = (1.0, 2.0, 5.0, 1.0)) -> None:
        self.lam = lam

    @staticmethod
    def _keys(f: Frame, rows: np.ndarray) -> list[list[str]]:
        return [
            [f.user[i] for i in rows],
            [f.item[i] for i in rows],
            [f"{f.item[i]}|{f.size[i]:g}" for i in rows],
            [f.category[i] for i in rows],
        ]

    def _x(self, f: Frame, body: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        s = np.where(np.isnan(f.size), self.mean, f.size)[rows]
        b = np.where(np.isnan(body), self.mean, body)[rows]
        return s - b, np.isnan(body)[rows].astype(float)

    def fit(self, f: Frame, body: np.ndarray, rows: np.ndarray) -> OrdinalSize:
        self.mean = float(np.nanmean(f.size[rows]))
        self.vocab, codes = [], []
        for keys in self._keys(f, rows):
            names, code = np.unique(np.asarray(keys, dtype=str), return_inverse=True)
            self.vocab.append({str(n): i for i, n in enumerate(names)})
            codes.append(code)
        sizes = [len(v) for v in self.vocab]
        x, miss = self._x(f, body, rows)
        y = f.label[rows]
        signs = (-1.0, 1.0, 1.0, 1.0)  # the renter's size counts against, the item's for

        def fun(p: np.ndarray) -> tuple[float, np.ndarray]:
            c, b1, b2, t1, dt = p[:5]
            parts = np.split(p[5:], np.cumsum(sizes)[:-1])
            lat = c * x - b1 * miss - b2
            for sign, part, code in zip(signs, parts, codes, strict=True):
                lat = lat + sign * part[code]
            f1, f2 = expit(lat - t1), expit(lat - t1 - np.exp(dt))
            pf = np.clip(f1 - f2, 1e-9, None)
            g1, g2 = f1 * (1 - f1), f2 * (1 - f2)
            small, large = y == 0, y == 2
            loss = np.where(small, -np.log(np.clip(1 - f1, 1e-9, None)), -np.log(pf))
            loss = np.where(large, -np.log(np.clip(f2, 1e-9, None)), loss)
            dl = np.where(small, f1, np.where(large, -(1 - f2), -(g1 - g2) / pf))
            dt1 = np.where(small, -f1, np.where(large, 0.0, g1 / pf))
            dt2 = np.where(small, 0.0, np.where(large, 1 - f2, -g2 / pf))
            grad = [dl @ x, -(dl @ miss), -dl.sum(), dt1.sum() + dt2.sum(), dt2.sum() * np.exp(dt)]
            total = float(loss.sum())
            out = [np.array(grad)]
            for sign, part, code, lam, n in zip(signs, parts, codes, self.lam, sizes, strict=True):
                total += lam * float(part @ part)
                out.append(sign * np.bincount(code, dl, n) + 2 * lam * part)
            return total, np.concatenate(out)

        start = np.zeros(5 + sum(sizes))
        start[[0, 3, 4]] = (0.3, -2.0, np.log(4.0))
        options = {"maxiter": 120, "ftol": 1e-9, "gtol": 1e-3}
        self.p = minimize(fun, start, jac=True, method="L-BFGS-B", options=options).x
        return self

    def columns(self, f: Frame, body: np.ndarray, rows: np.ndarray) -> np.ndarray:
        c, b1, b2, t1, dt = self.p[:5]
        parts = np.split(self.p[5:], np.cumsum([len(v) for v in self.vocab])[:-1])
        x, miss = self._x(f, body, rows)
        values = []
        for part, vocab, keys in zip(parts, self.vocab, self._keys(f, rows), strict=True):
            code = np.array([vocab.get(k, -1) for k in keys])
            values.append(np.where(code >= 0, part[np.maximum(code, 0)], 0.0))
        lat = c * x - b1 * miss - b2 - values[0] + values[1] + values[2] + values[3]
        f1, f2 = expit(lat - t1), expit(lat - t1 - np.exp(dt))
        return np.column_stack([lat, 1 - f1, f1 - f2, f2, values[0], values[1], values[2]])


def ordinal_columns(
    ftr: Frame, fva: Frame, body: tuple[np.ndarray, np.ndarray], folds: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold columns for training rows (3 folds: the fits are slow), full fit for the rest."""
    every = np.arange(len(ftr))
    tr = np.zeros((len(ftr), len(ORDINAL_NAMES)))
    for fold in range(3):
        mine = folds % 3 == fold
        model = OrdinalSize().fit(ftr, body[0], every[~mine])
        tr[mine] = model.columns(ftr, body[0], every[mine])
    va = OrdinalSize().fit(ftr, body[0], every).columns(fva, body[1], np.arange(len(fva)))
    return tr, va


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--split", choices=["random", "date"], default="random")
    parser.add_argument("--ordinal", action="store_true")
    parser.add_argument("--params", default="{}", help="JSON: LightGBM parameters to override")
    parser.add_argument("--rounds", type=int, default=150)
    args = parser.parse_args()
    inner, validation = inner_split(args.data, args.split)
    ftr, fva = Frame.from_records(inner), Frame.from_records(validation)
    xtr, xva, names = base_matrices(ftr, fva)
    folds = np.random.default_rng(TrainConfig().seed).integers(0, TrainConfig().folds, len(ftr))
    blend = None
    if args.ordinal:
        encoder = fit_encoder(ftr)
        body = (encoder.body_size(ftr), encoder.body_size(fva))
        otr, ova = ordinal_columns(ftr, fva, body, folds)
        xtr, xva, names = (
            np.column_stack([xtr, otr]),
            np.column_stack([xva, ova]),
            names + ORDINAL_NAMES,
        )
        blend = ova[:, 1:4]
    started = time.monotonic()
    booster = reference_booster(xtr, ftr.label, names, json.loads(args.params), args.rounds)
    proba = booster.predict(xva, num_threads=1)
    report: dict[str, Any] = {"split": args.split, "ordinal": args.ordinal, "params": args.params}
    report["avg_auc"] = fit_report(fva.label, proba)["avg_auc"]
    if blend is not None:
        report["ordinal_alone"] = fit_report(fva.label, blend)["avg_auc"]
        for weight in (0.1, 0.2, 0.3):
            mixed = (1 - weight) * proba + weight * blend
            report[f"blend_{weight}"] = fit_report(fva.label, mixed)["avg_auc"]
    report["booster_seconds"] = round(time.monotonic() - started, 1)
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
