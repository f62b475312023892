"""Feature rows for the fit model: body, size and target encodings of user, item and size.

The same code serves training (encodings out-of-fold / leave-one-out) and prediction
(encodings looked up in the tables saved with the model), so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from crosslive.fit.latent import SIZE_STEP, fit_latent, latent_columns, out_of_fold_latent
from crosslive.fit.records import BODY_TYPES, LABELS, FitRecord
from crosslive.fit.tables import FloatArray, GroupTable, IntArray, leave_one_out, out_of_fold

SMOOTHING = 4.0
SIZE_COLUMNS = ("n", "s", "s2")
LABEL_COLUMNS = (
    *("n", "small", "large", "n_s", "true", "n_d", "off", "n_dfit", "dfit"),
    *(f"{kind}_{stat}_{label}" for kind in ("r", "d") for label in LABELS for stat in ("n", "sum")),
)
CENTROID_GROUPS = ("item", "item_size")
LABEL_GROUPS = (
    *("user", "item", "item_size", "item_delta", "user_cat", "cat_size", "item_body"),
    *("user_item", "item_bmi", "item_height", "user_at_size"),
)
# How many LABEL_COLUMNS each group keeps (the rest are only read for the first groups).
KEPT_COLUMNS = {"user": 9, "item": len(LABEL_COLUMNS), "item_size": len(LABEL_COLUMNS)}
BASIC_COLUMNS = 3

# Reads a group's per-row sums: out-of-fold at training, a table lookup at prediction.
SumsReader = Callable[[str, list[str], FloatArray], FloatArray]
# Reads item-size sums of other sizes: (own keys, per-row values, keys to read).
NearReader = Callable[[list[str], FloatArray, list[str]], FloatArray]


RESIDUAL_COLUMNS = ("n", "r_small", "r_fit", "r_large")


def kept(group: str) -> int:
    return KEPT_COLUMNS.get(group, BASIC_COLUMNS)


@dataclass
class Frame:
    """Purchase-time fields of many rows as arrays (NaN where unknown)."""

    user: list[str]
    item: list[str]
    category: list[str]
    size: FloatArray
    height: FloatArray
    weight: FloatArray
    band: FloatArray
    cup: FloatArray
    age: FloatArray
    body: FloatArray
    label: IntArray  # -1 unknown

    @classmethod
    def from_records(cls, records: list[FitRecord]) -> Frame:
        def col(name: str) -> FloatArray:
            values = [getattr(r, name) for r in records]
            return np.array([np.nan if v is None else v for v in values], dtype=np.float64)

        body = [BODY_TYPES.index(r.body_type) if r.body_type else np.nan for r in records]
        return cls(
            user=[r.user_id for r in records],
            item=[r.item_id for r in records],
            category=[r.category for r in records],
            size=col("size"),
            height=col("height_cm"),
            weight=col("weight_kg"),
            band=col("bust_band"),
            cup=col("cup"),
            age=col("age"),
            body=np.array(body, dtype=np.float64),
            label=np.array([-1 if r.label is None else r.label for r in records], dtype=np.int64),
        )

    def __len__(self) -> int:
        return len(self.user)


def _size_values(frame: Frame) -> FloatArray:
    known = ~np.isnan(frame.size)
    s = np.where(known, frame.size, 0.0)
    return np.column_stack([known.astype(float), s, s * s])


def label_values(frame: Frame, delta: FloatArray, resid: FloatArray) -> FloatArray:
    """Per-row values summed by every label group (see LABEL_COLUMNS)."""
    has = frame.label >= 0
    small = (frame.label == 0).astype(float)
    fit = (frame.label == 1).astype(float)
    large = (frame.label == 2).astype(float)
    shift = SIZE_STEP * (small - large)
    has_s = has & ~np.isnan(frame.size)
    has_d = has & ~np.isnan(delta)
    s = np.where(has_s, frame.size, 0.0)
    d = np.where(has_d, delta, 0.0)
    centroid_cols: list[FloatArray] = []
    for values in (resid, delta):
        known = ~np.isnan(values)
        for label in range(len(LABELS)):
            mask = known & (frame.label == label)
            centroid_cols += [mask.astype(float), np.where(mask, values, 0.0)]
    return np.column_stack(
        [
            has.astype(float),
            small,
            large,
            has_s.astype(float),
            np.where(has_s, s + shift, 0.0),
            has_d.astype(float),
            np.where(has_d, d + shift, 0.0),
            (has_d & (fit > 0)).astype(float),
            np.where(has_d & (fit > 0), d, 0.0),
            *centroid_cols,
        ]
    )


def group_keys(frame: Frame, delta: FloatArray) -> dict[str, list[str]]:
    sizes = ["na" if np.isnan(s) else f"{s:g}" for s in frame.size]
    buckets = [
        "na" if np.isnan(d) else str(int(np.clip(np.round(d / (SIZE_STEP / 2)), -4, 4)))
        for d in delta
    ]
    bodies = ["na" if np.isnan(b) else str(int(b)) for b in frame.body]
    bmi = frame.weight / (frame.height / 100.0) ** 2
    bmis = ["na" if np.isnan(b) else str(int(b // 1.5)) for b in bmi]
    heights = ["na" if np.isnan(h) else str(int(h // 5)) for h in frame.height]
    return {
        "user": frame.user,
        "item": frame.item,
        "item_size": [f"{i}|{s}" for i, s in zip(frame.item, sizes, strict=True)],
        "item_delta": [f"{i}|{b}" for i, b in zip(frame.item, buckets, strict=True)],
        "user_cat": [f"{u}|{c}" for u, c in zip(frame.user, frame.category, strict=True)],
        "cat_size": [f"{c}|{s}" for c, s in zip(frame.category, sizes, strict=True)],
        "item_body": [f"{i}|{b}" for i, b in zip(frame.item, bodies, strict=True)],
        "user_item": [f"{u}|{i}" for u, i in zip(frame.user, frame.item, strict=True)],
        "item_bmi": [f"{i}|{b}" for i, b in zip(frame.item, bmis, strict=True)],
        "item_height": [f"{i}|{h}" for i, h in zip(frame.item, heights, strict=True)],
        "user_at_size": [f"{u}|{s}" for u, s in zip(frame.user, sizes, strict=True)],
    }


def near_size_keys(frame: Frame, step: float) -> list[str]:
    return [
        f"{i}|na" if np.isnan(s) else f"{i}|{s + step:g}"
        for i, s in zip(frame.item, frame.size, strict=True)
    ]


def _ratio(
    num: FloatArray, den: FloatArray, prior: float = np.nan, weight: float = 0.0
) -> FloatArray:
    """num / den shrunk toward prior by `weight` pseudo-rows; prior where den + weight is 0."""
    shrink = weight * prior if weight else 0.0
    with np.errstate(invalid="ignore", divide="ignore"):
        out = (num + shrink) / (den + weight)
    return np.where(den + weight > 0, out, prior)


@dataclass
class Encoder:
    """Turns a frame into the model's feature matrix given a way to read group sums."""

    priors: tuple[float, float]
    categories: dict[str, int]
    # Least-squares size from the body: intercept, then one weight per BODY_FIELDS entry.
    body_coef: tuple[float, ...]
    body_means: tuple[float, ...]

    def body_size(self, frame: Frame) -> FloatArray:
        """The size a body usually rents (NaN without height, weight and bust)."""
        fields = body_fields(frame)
        known = ~np.isnan(fields)
        filled = np.where(known, fields, np.asarray(self.body_means))
        coef = np.asarray(self.body_coef)
        size: FloatArray = coef[0] + filled @ coef[1:]
        return np.where(known.any(axis=1), size, np.nan)

    def to_json(self) -> dict[str, object]:
        return {
            "priors": list(self.priors),
            "categories": self.categories,
            "body_coef": list(self.body_coef),
            "body_means": list(self.body_means),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Encoder:
        return cls(
            priors=(float(data["priors"][0]), float(data["priors"][1])),
            categories={str(k): int(v) for k, v in data["categories"].items()},
            body_coef=tuple(float(c) for c in data["body_coef"]),
            body_means=tuple(float(m) for m in data["body_means"]),
        )

    def names(self) -> list[str]:
        base = ["size", "height", "weight", "bmi", "band", "cup", "age", "body", "category"]
        base += ["user_size_n", "user_size_mean", "user_size_std", "delta"]
        base += ["item_rentals", "item_size_mean", "size_vs_item"]
        for group in LABEL_GROUPS:
            base += [f"{group}_n", f"{group}_small", f"{group}_large"]
        base += ["user_true_gap", "item_offset", "item_fit_delta", "gap_to_right", "fit_gap"]
        base += ["body_size", "size_vs_body"]
        for group in CENTROID_GROUPS:
            base += [f"{group}_{k}_gap_{label}" for k in ("r", "d") for label in LABELS]
        base += ["user_residual_small", "user_residual_fit", "user_residual_large"]
        for side in ("down", "up"):
            base += [f"size_{side}_n", f"size_{side}_small", f"size_{side}_large"]
        base += ["latent_user_gap", "latent_item_offset", "latent_gap"]
        return base

    def matrix(
        self,
        frame: Frame,
        size_sums: SumsReader,
        label_sums: SumsReader,
        near: NearReader,
        latent: FloatArray,
    ) -> FloatArray:
        sv = _size_values(frame)
        user_s = size_sums("user", frame.user, sv)
        item_s = size_sums("item", frame.item, sv)
        user_mean = _ratio(user_s[:, 1], user_s[:, 0])
        user_var = _ratio(user_s[:, 2], user_s[:, 0]) - user_mean**2
        item_mean = _ratio(item_s[:, 1], item_s[:, 0])
        delta = frame.size - user_mean
        body = self.body_size(frame)
        resid = frame.size - body
        lv = label_values(frame, delta, resid)
        keys = group_keys(frame, delta)
        bmi = frame.weight / (frame.height / 100.0) ** 2
        category = np.array([self.categories.get(c, -1) for c in frame.category], dtype=float)
        cols: list[FloatArray] = [frame.size, frame.height, frame.weight, bmi, frame.band]
        cols += [frame.cup, frame.age, frame.body, category]
        cols += [user_s[:, 0], user_mean, np.sqrt(np.clip(user_var, 0, None)), delta]
        cols += [item_s[:, 0], item_mean, frame.size - item_mean]
        sums = {g: label_sums(g, keys[g], lv[:, : kept(g)]) for g in LABEL_GROUPS}
        p_small, p_large = self.priors
        for group in LABEL_GROUPS:
            t = sums[group]
            cols += [t[:, 0], _ratio(t[:, 1], t[:, 0], p_small, SMOOTHING)]
            cols.append(_ratio(t[:, 2], t[:, 0], p_large, SMOOTHING))
        user_t, item_t = sums["user"], sums["item"]
        user_true = _ratio(user_t[:, 4], user_t[:, 3])
        item_off = _ratio(item_t[:, 6], item_t[:, 5], 0.0, 1.0)
        item_dfit = _ratio(item_t[:, 8], item_t[:, 7], 0.0, 1.0)
        cols += [frame.size - user_true, item_off, item_dfit, delta - item_off, delta - item_dfit]
        cols += [body, resid]
        for group in CENTROID_GROUPS:
            cols += centroid_gaps(sums[group], resid, delta)
        residuals = residual_values(frame, sums["item"], sums["item_size"], self.priors)
        user_r = label_sums("user_residual", frame.user, residuals)
        for column in (1, 2, 3):
            cols.append(_ratio(user_r[:, column], user_r[:, 0], 0.0, 2.0))
        for step in (-SIZE_STEP, SIZE_STEP):
            t = near(keys["item_size"], lv[:, :BASIC_COLUMNS], near_size_keys(frame, step))
            cols += [t[:, 0], _ratio(t[:, 1], t[:, 0], p_small, SMOOTHING)]
            cols.append(_ratio(t[:, 2], t[:, 0], p_large, SMOOTHING))
        cols += [latent[:, 0], latent[:, 1], latent[:, 2]]
        return np.column_stack(cols)


def residual_values(
    frame: Frame, item: FloatArray, item_size: FloatArray, priors: tuple[float, float]
) -> FloatArray:
    """Per labelled row: its label minus what its item and size predict (the renter's bias)."""
    item_small = _ratio(item[:, 1], item[:, 0], priors[0], SMOOTHING)
    item_large = _ratio(item[:, 2], item[:, 0], priors[1], SMOOTHING)
    p_small = (item_size[:, 1] + SMOOTHING * item_small) / (item_size[:, 0] + SMOOTHING)
    p_large = (item_size[:, 2] + SMOOTHING * item_large) / (item_size[:, 0] + SMOOTHING)
    has = (frame.label >= 0).astype(float)
    onehot = [(frame.label == k).astype(float) for k in range(len(LABELS))]
    return np.column_stack(
        [
            has,
            has * (onehot[0] - p_small),
            has * (onehot[1] - (1.0 - p_small - p_large)),
            has * (onehot[2] - p_large),
        ]
    )


def centroid_gaps(sums: FloatArray, resid: FloatArray, delta: FloatArray) -> list[FloatArray]:
    """How far this row sits from the group's small / fit / large renters (NaN if none)."""
    start = LABEL_COLUMNS.index("r_n_small")
    gaps = []
    for offset, values in ((0, resid), (2 * len(LABELS), delta)):
        for label in range(len(LABELS)):
            col = start + offset + 2 * label
            gaps.append(values - _ratio(sums[:, col + 1], sums[:, col]))
    return gaps


def body_fields(frame: Frame) -> FloatArray:
    return np.column_stack([frame.height, frame.weight, frame.band, frame.cup])


def fit_encoder(frame: Frame, min_category_rows: int = 30) -> Encoder:
    """Priors, category codes and the body-to-size regression of a training frame."""
    label = frame.label[frame.label >= 0]
    priors = (
        (float(np.mean(label == 0)), float(np.mean(label == 2))) if len(label) else (0.13, 0.13)
    )
    names, counts = np.unique(np.asarray(frame.category, dtype=str), return_counts=True)
    kept = sorted(str(n) for n, c in zip(names, counts, strict=True) if c >= min_category_rows)
    fields = body_fields(frame)
    means = np.nanmean(np.where(np.isnan(fields).all(axis=0), 0.0, fields), axis=0)
    rows = (frame.label == 1) & ~np.isnan(frame.size) & ~np.isnan(fields).any(axis=1)
    coef = np.zeros(fields.shape[1] + 1)
    if rows.sum() > fields.shape[1] * 10:
        design = np.column_stack([np.ones(int(rows.sum())), fields[rows]])
        coef = np.linalg.lstsq(design, frame.size[rows], rcond=None)[0]
    elif (~np.isnan(frame.size)).any():
        coef[0] = float(np.nanmean(frame.size))
    return Encoder(
        priors=priors,
        categories={name: i for i, name in enumerate(kept)},
        body_coef=tuple(float(c) for c in coef),
        body_means=tuple(float(m) for m in means),
    )


def train_matrix(encoder: Encoder, frame: Frame, folds: IntArray) -> FloatArray:
    """Features of training rows: label encodings out-of-fold, size stats leave-one-out."""

    def size_sums(group: str, keys: list[str], values: FloatArray) -> FloatArray:
        return leave_one_out(keys, values)

    def label_sums(group: str, keys: list[str], values: FloatArray) -> FloatArray:
        return out_of_fold(keys, values, folds)

    def near(own: list[str], values: FloatArray, wanted: list[str]) -> FloatArray:
        # Other sizes' rows never include the row itself: no fold needs leaving out.
        return GroupTable.build(own, values, LABEL_COLUMNS[:BASIC_COLUMNS]).lookup(wanted)

    latent = out_of_fold_latent(frame.user, frame.item, frame.size, frame.label, folds)
    return encoder.matrix(frame, size_sums, label_sums, near, latent)


def build_tables(encoder: Encoder, frame: Frame, folds: IntArray) -> dict[str, GroupTable]:
    """The tables saved with a model, from every training row (FOLDS: those of training)."""
    sv = _size_values(frame)
    tables = {
        "size:user": GroupTable.build(frame.user, sv, SIZE_COLUMNS),
        "size:item": GroupTable.build(frame.item, sv, SIZE_COLUMNS),
    }
    # Each row's own size is left out of its user's mean, as at training time.
    loo = leave_one_out(frame.user, sv)
    user_mean = _ratio(loo[:, 1], loo[:, 0])
    delta = frame.size - user_mean
    lv = label_values(frame, delta, frame.size - encoder.body_size(frame))
    keys = group_keys(frame, delta)
    for group, group_key in keys.items():
        width = kept(group)
        tables[f"label:{group}"] = GroupTable.build(group_key, lv[:, :width], LABEL_COLUMNS[:width])
    # Renters' biases from out-of-fold item rates, as the training rows saw them.
    item = out_of_fold(keys["item"], lv[:, :BASIC_COLUMNS], folds)
    item_size = out_of_fold(keys["item_size"], lv[:, :BASIC_COLUMNS], folds)
    residuals = residual_values(frame, item, item_size, encoder.priors)
    tables["label:user_residual"] = GroupTable.build(frame.user, residuals, RESIDUAL_COLUMNS)
    tables["latent:user"], tables["latent:item"] = fit_latent(
        frame.user, frame.item, frame.size, frame.label
    )
    return tables


def lookup_matrix(encoder: Encoder, frame: Frame, tables: dict[str, GroupTable]) -> FloatArray:
    """Features of unseen rows from the saved tables."""

    def size_sums(group: str, keys: list[str], values: FloatArray) -> FloatArray:
        return tables[f"size:{group}"].lookup(keys)

    def label_sums(group: str, keys: list[str], values: FloatArray) -> FloatArray:
        return tables[f"label:{group}"].lookup(keys)

    def near(own: list[str], values: FloatArray, wanted: list[str]) -> FloatArray:
        return tables["label:item_size"].lookup(wanted)[:, :BASIC_COLUMNS]

    latent = latent_columns(
        frame.size, frame.user, frame.item, (tables["latent:user"], tables["latent:item"])
    )
    return encoder.matrix(frame, size_sums, label_sums, near, latent)
