"""Fit-model candidates from what OTHER renters wrote about an item, on the inner validation split.

    python -m benchmarks.fit_text --data ../shared/data/renttherunway_fit_dev.jsonl.gz \
        --split random|date [--cache /tmp/fittext-cache] [--only base,item_rating] \
        [--seeds 7,8,9] [--other-rows oof|past]

Same protocol as benchmarks/fit_history.py (inner split, base features and reference booster
imported from benchmarks/fit_candidates.py): one booster per candidate (`TrainConfig`
parameters, 150 rounds, 1 thread), extra columns appended; one JSON line per candidate with
its validation avg_auc per boosting seed (`--seeds`) and their mean; `base_seed8` is the
shipped base with boosting seed 8, the noise of one booster.

A row's own review (`rating`, `review_text`, `review_summary`) is written after the rental and
is never read for that row. Every extra column of a row is an aggregate of the reviews of
OTHER inner training rows (validation rows' reviews are never read):

- random split: out-of-fold on the base's fold assignment 0 (a training row reads the rows of
  the nine other folds; a validation row reads every inner training row);
- date split: strictly earlier review days (as fit_history.py's `past_sums`; a validation row
  reads every inner training row, all of which are earlier or of the boundary day), or
  out-of-fold as above with `--other-rows oof`.

Candidates:

- `item_rating` / `user_rating`: the item's (renter's) count of rated other rows, their mean
  rating shrunk to the overall mean with 4 rows, and the shrunk share of ratings below 8;
- `item_occasion`: the item's shrunk shares of the `rented for` occasions of its other rows;
- `item_words` / `user_words`: shrunk shares of the item's (renter's) other reviews that
  mention each fit cue of `CUES` (regexes on review_text + review_summary, lower case), and the
  item's "sized up" minus "sized down" share times this size minus the renter's usual size.
  Only when the file holds review text: the word candidates are skipped (one JSON line says
  so) on a file without it.
- `all`: every block above that the file allows.

The base matrix is cached (`--cache`), outside the repository, so reruns skip the features.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.fit_candidates import inner_split, reference_booster
from benchmarks.fit_history import cached_base, past_sums
from crosslive.fit.metrics import fit_report
from crosslive.fit.records import labelled, parse_record
from crosslive.fit.splits import read_lines, split_lines
from crosslive.fit.training import TrainConfig

PRIOR_ROWS = 4.0
LOW_RATING = 8.0
OCCASIONS = ("wedding", "formal affair", "party", "everyday", "work", "other", "date", "vacation")
CUES: dict[str, str] = {
    "sized_up": r"\b(sized?|sizing|went|go|going|ordered|order(ing)?|rented|got) up\b"
    r"|\bsize (bigger|larger|higher)\b|\bone size (up|bigger|larger)\b",
    "sized_down": r"\b(sized?|sizing|went|go|going|ordered|order(ing)?|rented|got) down\b"
    r"|\bsize smaller\b|\bone size (down|smaller)\b",
    "small": r"\bruns? small\b|\brunning small\b|\bsnug\b|\btight\b|\btoo small\b",
    "large": r"\bruns? (big|large)\b|\bloose\b|\btoo (big|large)\b|\bbaggy\b|\broomy\b",
    "true_size": r"\btrue to size\b|\btts\b|\bfit (perfectly|like a glove)\b|\bperfect fit\b",
    "long": r"\btoo long\b|\bwas long\b|\blong\b",
    "short": r"\btoo short\b|\bwas short\b|\bshort\b",
    "bust_tight": r"\b(tight|snug|small)\b.{0,30}\b(bust|chest|boobs?)\b"
    r"|\b(bust|chest|boobs?)\b.{0,30}\b(tight|snug|small)\b",
    "hips_tight": r"\b(tight|snug|small)\b.{0,30}\b(hips?|waist|butt|thighs?)\b"
    r"|\b(hips?|waist|butt|thighs?)\b.{0,30}\b(tight|snug|small)\b",
    "gaping": r"\b(gap|gaping|gapped|loose)\b.{0,30}\b(bust|chest)\b",
    "stretchy": r"\bstretchy\b|\bstretches\b|\b(some|lots of|a lot of|good) stretch\b",
    "no_stretch": r"\bno stretch\b|\bnot (very |much )?stretchy\b|\bnot much stretch\b"
    r"|\bdoes(n't| not) stretch\b|\bno give\b",
    "zipper": r"\bzip(per)?\b.{0,40}\b(hard|difficult|couldn'?t|could not|would(n'?t| not))\b",
}


def review_fields(data: Path, split: str) -> dict[str, list[dict[str, Any]]]:
    """The raw JSON objects of the inner training and validation rows, in the order of
    inner_split's records (checked field by field against them)."""
    train_lines, _test = split_lines(read_lines(data), split, 0.2, seed=0)
    parts = dict(
        zip(("train", "validation"), split_lines(train_lines, split, 0.2, seed=1), strict=True)
    )
    records = dict(zip(("train", "validation"), inner_split(data, split), strict=True))
    out: dict[str, list[dict[str, Any]]] = {}
    for part, lines in parts.items():
        raws, kept = [], []
        for line in lines:
            try:
                raw = json.loads(line)
            except ValueError:
                continue
            record = parse_record(raw) if isinstance(raw, dict) else None
            if record is not None and labelled([record]):
                raws.append(raw)
                kept.append(record)
        assert kept == records[part], f"{part}: raw rows do not align with inner_split"
        out[part] = raws
    return out


def _number(value: object) -> float:
    try:
        number = float(str(value))
    except ValueError:
        return np.nan
    return number if np.isfinite(number) else np.nan


def other_sums(
    keys: np.ndarray, values: np.ndarray, n_tr: int, folds: np.ndarray, days: np.ndarray | None
) -> np.ndarray:
    """Per row: column sums of VALUES over OTHER inner training rows with the same key.
    Training rows: out-of-fold (FOLDS), or strictly earlier days when DAYS is given;
    validation rows: every training row."""
    _, code = np.unique(keys, return_inverse=True)
    n_keys = int(code.max()) + 1
    v = values.copy()
    v[n_tr:] = 0.0  # validation rows' reviews are never read
    total = np.column_stack([np.bincount(code, v[:, j], n_keys) for j in range(v.shape[1])])
    out = total[code]
    if days is not None:
        out[:n_tr] = past_sums(keys[:n_tr], days, v[:n_tr])
        return out
    n_folds = int(folds.max()) + 1
    fold_code = code[:n_tr] * n_folds + folds
    size = n_keys * n_folds
    own = np.column_stack([np.bincount(fold_code, v[:n_tr, j], size) for j in range(v.shape[1])])
    out[:n_tr] = total[code[:n_tr]] - own[fold_code]
    return out


def shrunk_shares(sums: np.ndarray, priors: np.ndarray) -> np.ndarray:
    """Column 0 is the count; columns 1.. the hits, shrunk to PRIORS with PRIOR_ROWS rows."""
    return (sums[:, 1:] + PRIOR_ROWS * priors) / (sums[:, :1] + PRIOR_ROWS)


def rating_values(raws: list[dict[str, Any]]) -> np.ndarray:
    rating = np.array([_number(r.get("rating")) for r in raws])
    rated = ~np.isnan(rating)
    r = np.where(rated, rating, 0.0)
    return np.column_stack([rated, r, rated & (r < LOW_RATING)]).astype(float)


def rating_columns(sums: np.ndarray, values: np.ndarray, n_tr: int) -> np.ndarray:
    priors = values[:n_tr, 1:].sum(axis=0) / max(values[:n_tr, 0].sum(), 1.0)
    return np.column_stack([sums[:, 0], shrunk_shares(sums, priors)])


def occasion_values(raws: list[dict[str, Any]]) -> np.ndarray:
    said = [str(r.get("rented for") or "").strip().lower() for r in raws]
    hits = [[s == o for o in OCCASIONS] for s in said]
    return np.column_stack([[s != "" for s in said], np.array(hits)]).astype(float)


def has_text(raws: list[dict[str, Any]]) -> bool:
    return any(r.get("review_text") or r.get("review_summary") for r in raws)


def cue_values(raws: list[dict[str, Any]]) -> np.ndarray:
    patterns = [re.compile(p) for p in CUES.values()]
    rows = []
    for r in raws:
        text = f"{r.get('review_summary') or ''} . {r.get('review_text') or ''}".lower()
        written = bool(text.strip(" ."))
        rows.append([written] + [written and bool(p.search(text)) for p in patterns])
    return np.array(rows, dtype=float)


def review_columns(
    base: dict[str, Any], raws: dict[str, list[dict[str, Any]]], past: bool
) -> dict[str, tuple[np.ndarray, np.ndarray, list[str]]]:
    """Candidate column blocks: name -> (training rows, validation rows, column names)."""
    ftr, fva = base["ftr"], base["fva"]
    n_tr = len(ftr)
    rows = raws["train"] + raws["validation"]
    folds = np.random.default_rng(TrainConfig().seed).integers(0, TrainConfig().folds, n_tr)
    days = base["days"][0] if past else None
    user = np.asarray(ftr.user + fva.user, dtype=str)
    item = np.asarray(ftr.item + fva.item, dtype=str)
    blocks: dict[str, tuple[np.ndarray, np.ndarray, list[str]]] = {}

    def add(name: str, cols: np.ndarray, names: list[str]) -> None:
        blocks[name] = (cols[:n_tr], cols[n_tr:], names)

    ratings = rating_values(rows)
    for who, keys in (("item", item), ("user", user)):
        cols = rating_columns(other_sums(keys, ratings, n_tr, folds, days), ratings, n_tr)
        add(f"{who}_rating", cols, [f"{who}_rated_n", f"{who}_rating_mean", f"{who}_rating_low"])
    occasions = occasion_values(rows)
    sums = other_sums(item, occasions, n_tr, folds, days)
    priors = occasions[:n_tr, 1:].sum(axis=0) / max(occasions[:n_tr, 0].sum(), 1.0)
    add("item_occasion", shrunk_shares(sums, priors), [f"item_for_{o}" for o in OCCASIONS])
    if has_text(raws["train"]):
        cues = cue_values(rows)
        priors = cues[:n_tr, 1:].sum(axis=0) / max(cues[:n_tr, 0].sum(), 1.0)
        names = list(CUES)
        item_sums = other_sums(item, cues, n_tr, folds, days)
        item_shares = shrunk_shares(item_sums, priors)
        delta = np.concatenate(
            [
                base["xtr"][:, base["names"].index("delta")],
                base["xva"][:, base["names"].index("delta")],
            ]
        )
        tilt = (
            item_shares[:, names.index("sized_up")] - item_shares[:, names.index("sized_down")]
        ) * delta
        add(
            "item_words",
            np.column_stack([item_sums[:, 0], item_shares, tilt]),
            ["item_written_n"] + [f"item_says_{c}" for c in names] + ["item_sized_up_x_delta"],
        )
        user_sums = other_sums(user, cues, n_tr, folds, days)
        add(
            "user_words",
            np.column_stack([user_sums[:, 0], shrunk_shares(user_sums, priors)]),
            ["user_written_n"] + [f"user_says_{c}" for c in names],
        )
    return blocks


CANDIDATES: dict[str, list[str]] = {
    "base": [],
    "base_seed8": ["seed8"],
    "item_rating": ["item_rating"],
    "user_rating": ["user_rating"],
    "item_occasion": ["item_occasion"],
    "item_words": ["item_words"],
    "user_words": ["user_words"],
    "all": ["item_rating", "user_rating", "item_occasion", "item_words", "user_words"],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--split", choices=["random", "date"], default="random")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/fittext-cache"))
    parser.add_argument("--only", default="", help="comma-separated candidate names")
    parser.add_argument("--seeds", default="7", help="comma-separated boosting seeds (mean)")
    parser.add_argument(
        "--other-rows",
        choices=["oof", "past"],
        default=None,
        help="training rows read out-of-fold or strictly earlier days (default: past for date)",
    )
    args = parser.parse_args()
    started = time.monotonic()
    base = cached_base(args.data, args.split, args.cache)
    raws = review_fields(args.data, args.split)
    past = (args.other_rows or ("past" if args.split == "date" else "oof")) == "past"
    blocks = review_columns(base, raws, past)
    report: dict[str, Any] = {
        "split": args.split,
        "features_seconds": round(time.monotonic() - started),
    }
    report["review_text"] = has_text(raws["train"])
    report["other_rows"] = "strictly earlier days" if past else "out-of-fold"
    print(json.dumps(report), flush=True)
    wanted = [n for n in CANDIDATES if not args.only or n in args.only.split(",")]
    for name in wanted:
        parts = CANDIDATES[name]
        missing = [p for p in parts if p != "seed8" and p not in blocks]
        if missing and len(missing) == len(parts):
            print(json.dumps({"split": args.split, "candidate": name, "skipped": "no review text"}))
            continue
        tick = time.monotonic()
        xtr, xva, names = base["xtr"], base["xva"], list(base["names"])
        for block in parts:
            if block in blocks:
                btr, bva, bnames = blocks[block]
                xtr, xva = np.column_stack([xtr, btr]), np.column_stack([xva, bva])
                names = names + bnames
        seeds = [8] if "seed8" in parts else [int(x) for x in args.seeds.split(",")]
        line: dict[str, Any] = {"split": args.split, "candidate": name, "columns": len(names)}
        by_seed = {}
        for seed in seeds:
            booster = reference_booster(xtr, base["ftr"].label, names, {"seed": seed})
            scores = fit_report(base["fva"].label, booster.predict(xva, num_threads=1))
            by_seed[seed] = scores["avg_auc"]
            line.setdefault("first_seed", scores)
        line["avg_auc_by_seed"] = by_seed
        line["avg_auc"] = round(float(np.mean(list(by_seed.values()))), 5)
        line["booster_seconds"] = round(time.monotonic() - tick, 1)
        print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
