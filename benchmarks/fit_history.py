"""Fit-model candidates from the rows' order in time, on the inner validation split (docs/fit.md).

    python -m benchmarks.fit_history --data ../shared/data/renttherunway_fit_dev.jsonl.gz \
        --split date [--cache /tmp/fit-cache] [--only base,user_past]

Same protocol as benchmarks/fit_candidates.py (imported from it): the shipped features of the
inner split (fold assignment 0), one booster per candidate (`TrainConfig` parameters, 150
rounds, 1 thread), extra columns appended; one JSON line per candidate.

Every extra column of a row is computed **strictly from rows of earlier review days** (a
row's own label and every later or same-day row are never read):

- `user_past`: the renter's earlier labelled rentals (training rows only): count, shrunk
  shares of small and large, mean step (small +1, large -1), her "true" size from them (size
  + 4 x step) and this size minus it, her mean earlier size and this size minus it;
- `item_past`: the same for the item (count, shares, mean step, mean size rented, this size
  minus it) and for the item in this size;
- `user_size_seen`: the renter's earlier rentals in the evaluated period too, sizes only (no
  label): count, and this size minus her mean earlier size. This reads unlabelled rows of
  the held-out part (what a store knows from its orders): another protocol, reported apart;
- `mf`: a rank-4 user x item factor model of the fit step (small +1, fit 0, large -1, after
  the item's mean step), fitted by alternating ridge regressions on the inner training rows'
  labels (5 folds out-of-fold for training rows, every training row for validation rows);
- `user_past_instead`: `user_past` in place of the shipped out-of-fold renter columns
  (USER_COLUMNS), so that training rows see a renter's history as a later period does;
- `recent_weight`: the base with sample weights halving per year before the latest day;
- `ordinal_plain` / `ordinal_monotone`: the base booster blended 0.7 / 0.3 with the shipped
  ordinal pair, without and with monotone constraints (+1 on MONOTONE_UP).

The base matrix is cached (`--cache`), outside the repository, so reruns skip the features.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import lightgbm as lgb
import numpy as np

from benchmarks.fit_candidates import base_matrices, inner_split, reference_booster
from crosslive.fit.features import Frame
from crosslive.fit.metrics import fit_report
from crosslive.fit.records import FitRecord
from crosslive.fit.training import TrainConfig

STEP = 4.0
PRIOR_ROWS = 4.0


def days_of(records: list[FitRecord]) -> np.ndarray:
    return np.array([-1 if r.review_day is None else r.review_day for r in records], dtype=float)


def past_sums(keys: np.ndarray, days: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Per row: the column sums of VALUES over the rows with the same key and an earlier day."""
    _, code = np.unique(keys, return_inverse=True)
    order = np.lexsort((days, code))
    k, d, v = code[order], days[order], values[order]
    cum = np.vstack([np.zeros((1, v.shape[1])), np.cumsum(v, axis=0)])
    n = len(k)
    index = np.arange(n)
    new_key = np.ones(n, dtype=bool)
    new_key[1:] = k[1:] != k[:-1]
    new_day = new_key.copy()
    new_day[1:] |= d[1:] != d[:-1]
    key_start = np.maximum.accumulate(np.where(new_key, index, 0))
    day_start = np.maximum.accumulate(np.where(new_day, index, 0))
    out = np.empty_like(v)
    out[order] = cum[day_start] - cum[key_start]
    return out


def _ratio(num: np.ndarray, den: np.ndarray, prior: float, weight: float) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        out = (num + weight * prior) / (den + weight)
    return np.where(den + weight > 0, out, np.nan)


def label_values(size: np.ndarray, label: np.ndarray, usable: np.ndarray) -> np.ndarray:
    """n, small, large, step, n with size, true size sum, n sized, size sum (labelled rows)."""
    has = usable & (label >= 0)
    small = (has & (label == 0)).astype(float)
    large = (has & (label == 2)).astype(float)
    sized = has & ~np.isnan(size)
    s = np.where(sized, size, 0.0)
    step = small - large
    return np.column_stack(
        [has, small, large, step, sized, np.where(sized, s + STEP * step, 0.0), sized, s]
    ).astype(float)


def size_values(size: np.ndarray, usable: np.ndarray) -> np.ndarray:
    sized = usable & ~np.isnan(size)
    return np.column_stack([sized, np.where(sized, size, 0.0)]).astype(float)


def past_label_columns(
    keys: np.ndarray, days: np.ndarray, size: np.ndarray, label: np.ndarray, usable: np.ndarray
) -> np.ndarray:
    t = past_sums(keys, days, label_values(size, label, usable))
    p_small = float(np.mean(label[usable & (label >= 0)] == 0))
    p_large = float(np.mean(label[usable & (label >= 0)] == 2))
    true = _ratio(t[:, 5], t[:, 4], 0.0, 0.0)
    mean = _ratio(t[:, 7], t[:, 6], 0.0, 0.0)
    return np.column_stack(
        [
            t[:, 0],
            _ratio(t[:, 1], t[:, 0], p_small, PRIOR_ROWS),
            _ratio(t[:, 2], t[:, 0], p_large, PRIOR_ROWS),
            _ratio(t[:, 3], t[:, 0], 0.0, 2.0),
            size - true,
            size - mean,
        ]
    )


def history_columns(
    ftr: Frame, fva: Frame, days: tuple[np.ndarray, np.ndarray]
) -> dict[str, tuple[np.ndarray, np.ndarray, list[str]]]:
    """Candidate column blocks: name -> (training rows, validation rows, column names)."""
    n_tr = len(ftr)
    day = np.concatenate(days)
    size = np.concatenate([ftr.size, fva.size])
    label = np.concatenate([ftr.label, fva.label])
    usable = np.arange(len(day)) < n_tr  # labels of training rows only
    user = np.asarray(ftr.user + fva.user, dtype=str)
    item = np.asarray(ftr.item + fva.item, dtype=str)
    sizes = np.array(["na" if np.isnan(s) else f"{s:g}" for s in size])
    item_size = np.char.add(np.char.add(item, "|"), sizes)
    blocks: dict[str, tuple[np.ndarray, np.ndarray, list[str]]] = {}

    def add(name: str, cols: np.ndarray, names: list[str]) -> None:
        blocks[name] = (cols[:n_tr], cols[n_tr:], names)

    stats = ["n", "small", "large", "step", "gap_true", "gap_mean"]
    add("user_past", past_label_columns(user, day, size, label, usable), [f"up_{s}" for s in stats])
    item_cols = past_label_columns(item, day, size, label, usable)
    item_size_cols = past_label_columns(item_size, day, size, label, usable)[:, :4]
    add(
        "item_past",
        np.column_stack([item_cols, item_size_cols]),
        [f"ip_{s}" for s in stats] + [f"isp_{s}" for s in stats[:4]],
    )
    seen = past_sums(user, day, size_values(size, np.ones(len(day), dtype=bool)))
    mean = _ratio(seen[:, 1], seen[:, 0], 0.0, 0.0)
    add("user_size_seen", np.column_stack([seen[:, 0], size - mean]), ["us_n", "us_gap"])
    return blocks


def mf_columns(
    ftr: Frame, fva: Frame, folds: np.ndarray, rank: int = 4, lam: float = 5.0, sweeps: int = 6
) -> tuple[np.ndarray, np.ndarray]:
    """User x item factors of the fit step: out-of-fold for training rows, all rows for the rest."""

    def fit_predict(rows: np.ndarray, target_frame: Frame, target: np.ndarray) -> np.ndarray:
        users = np.asarray(ftr.user, dtype=str)[rows]
        items = np.asarray(ftr.item, dtype=str)[rows]
        y = (ftr.label[rows] == 0).astype(float) - (ftr.label[rows] == 2).astype(float)
        u_names, u = np.unique(users, return_inverse=True)
        i_names, i = np.unique(items, return_inverse=True)
        item_mean = np.bincount(i, y, len(i_names)) / (np.bincount(i, None, len(i_names)) + 5.0)
        r = y - item_mean[i]
        rng = np.random.default_rng(0)
        pu = rng.normal(0, 0.1, (len(u_names), rank))
        qi = rng.normal(0, 0.1, (len(i_names), rank))
        for _ in range(sweeps):
            for own, other, code, other_code in ((pu, qi, u, i), (qi, pu, i, u)):
                gram = np.zeros((len(own), rank, rank))
                np.add.at(gram, code, other[other_code][:, :, None] * other[other_code][:, None, :])
                rhs = np.zeros((len(own), rank))
                np.add.at(rhs, code, other[other_code] * r[:, None])
                own[:] = np.linalg.solve(gram + lam * np.eye(rank), rhs[:, :, None])[:, :, 0]
        u_index = {n: k for k, n in enumerate(u_names)}
        i_index = {n: k for k, n in enumerate(i_names)}
        tu = np.array([u_index.get(x, -1) for x in np.asarray(target_frame.user)[target]])
        ti = np.array([i_index.get(x, -1) for x in np.asarray(target_frame.item)[target]])
        known = (tu >= 0) & (ti >= 0)
        out = np.full(len(target), np.nan)
        out[known] = np.sum(pu[tu[known]] * qi[ti[known]], axis=1)
        return out

    every = np.arange(len(ftr))
    tr = np.full(len(ftr), np.nan)
    for fold in range(5):
        mine = folds % 5 == fold
        tr[mine] = fit_predict(every[~mine], ftr, every[mine])
    va = fit_predict(every, fva, np.arange(len(fva)))
    return tr[:, None], va[:, None]


def cached_base(data: Path, split: str, cache: Path) -> dict[str, Any]:
    inner, validation = inner_split(data, split)
    ftr, fva = Frame.from_records(inner), Frame.from_records(validation)
    days = (days_of(inner), days_of(validation))
    path = cache / f"base-{split}.npz"
    if path.exists():
        saved = np.load(path, allow_pickle=False)
        xtr, xva, names = saved["xtr"], saved["xva"], [str(n) for n in saved["names"]]
    else:
        xtr, xva, names = base_matrices(ftr, fva)
        cache.mkdir(parents=True, exist_ok=True)
        np.savez(path, xtr=xtr, xva=xva, names=np.asarray(names))
    return {"ftr": ftr, "fva": fva, "days": days, "xtr": xtr, "xva": xva, "names": names}


SUFFIXES = ("n", "small", "large")
# Shipped columns read from the renter's other rentals in every period (out-of-fold).
USER_COLUMNS = (
    *("user_size_n", "user_size_mean", "user_size_std", "delta", "user_true_gap"),
    *(f"{g}_{s}" for g in ("user", "user_cat", "user_item", "user_at_size") for s in SUFFIXES),
    *("user_residual_small", "user_residual_fit", "user_residual_large", "latent_user_gap"),
)
# Columns that rise with the chance of "large" at a fixed renter and item (monotone +1).
MONOTONE_UP = ("size", "delta", "size_vs_item", "size_vs_body", "latent_gap", "user_true_gap")

CANDIDATES: dict[str, list[str]] = {
    "base": [],
    "user_past": ["user_past"],
    "item_past": ["item_past"],
    "user_item_past": ["user_past", "item_past"],
    "mf": ["mf"],
    "user_past_instead": ["user_past", "-user"],
    "recent_weight": ["weight"],
    "ordinal_monotone": ["ordinal", "monotone"],
    "ordinal_plain": ["ordinal"],
    "user_size_seen (reads held-out sizes)": ["user_size_seen"],
}


def ordinal_pair(
    xtr: np.ndarray, xva: np.ndarray, label: np.ndarray, names: list[str], monotone: bool
) -> np.ndarray:
    """P(small), P(fit), P(large) of the shipped ordinal pair (binary, 300 rounds each)."""
    params = {k: v for k, v in TrainConfig().params.items() if k != "num_class"}
    params.update(objective="binary", num_threads=1, seed=TrainConfig().seed)
    if monotone:
        params["monotone_constraints"] = [1 if n in MONOTONE_UP else 0 for n in names]
    out = []
    for threshold in (1, 2):
        data = lgb.Dataset(
            xtr,
            (label >= threshold).astype(int),
            feature_name=names,
            categorical_feature=["body", "category"],
        )
        out.append(lgb.train(params, data, num_boost_round=300).predict(xva, num_threads=1))
    return np.column_stack([1 - out[0], out[0] - out[1], out[1]])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--split", choices=["random", "date"], default="random")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/fit-history-cache"))
    parser.add_argument("--only", default="", help="comma-separated candidate names")
    parser.add_argument("--params", default="{}", help="JSON: LightGBM parameters to override")
    args = parser.parse_args()
    started = time.monotonic()
    base = cached_base(args.data, args.split, args.cache)
    ftr, fva = base["ftr"], base["fva"]
    blocks = history_columns(ftr, fva, base["days"])
    wanted = [n for n in CANDIDATES if not args.only or n.split(" ")[0] in args.only.split(",")]
    if any("mf" in CANDIDATES[n] for n in wanted):
        folds = np.random.default_rng(7).integers(0, 10, len(ftr))
        mtr, mva = mf_columns(ftr, fva, folds)
        blocks["mf"] = (mtr, mva, ["mf_step"])
    print(json.dumps({"split": args.split, "features_seconds": round(time.monotonic() - started)}))
    for name in wanted:
        tick = time.monotonic()
        xtr, xva, names = base["xtr"], base["xva"], list(base["names"])
        parts = CANDIDATES[name]
        for block in parts:
            if block in blocks:
                btr, bva, bnames = blocks[block]
                xtr, xva = np.column_stack([xtr, btr]), np.column_stack([xva, bva])
                names = names + bnames
        if "-user" in parts:
            keep = [i for i, n in enumerate(names) if n not in USER_COLUMNS]
            xtr, xva, names = xtr[:, keep], xva[:, keep], [names[i] for i in keep]
        params = json.loads(args.params)
        report: dict[str, Any] = {"split": args.split, "candidate": name, "params": args.params}
        if "weight" in parts:
            # Recent rows count more: half weight per year before the latest training day.
            age_days = base["days"][0].max() - np.maximum(base["days"][0], 0)
            weight = 0.5 ** (age_days / 365.0)
            merged = dict(TrainConfig().params, num_threads=1, seed=TrainConfig().seed, **params)
            data = lgb.Dataset(
                xtr,
                ftr.label,
                weight=weight,
                feature_name=names,
                categorical_feature=["body", "category"],
            )
            proba = lgb.train(merged, data, num_boost_round=150).predict(xva, num_threads=1)
        elif "ordinal" in parts:
            multi = reference_booster(xtr, ftr.label, names, params).predict(xva, num_threads=1)
            pair = ordinal_pair(xtr, xva, ftr.label, names, "monotone" in parts)
            report["pair_alone"] = fit_report(fva.label, pair)["avg_auc"]
            proba = 0.7 * multi + 0.3 * pair
        else:
            booster = reference_booster(xtr, ftr.label, names, params)
            proba = booster.predict(xva, num_threads=1)
        report.update(fit_report(fva.label, proba))
        report["booster_seconds"] = round(time.monotonic() - tick, 1)
        print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
