"""Latent sizes: every renter's "true" size and every item's size offset, fitted jointly.

A rental in size s that came back "small" says the renter needed about one size step more,
"large" one step less: z = s + SIZE_STEP * (small - large) ~ true_size(user) - offset(item).
Alternating least squares with shrinkage (the user's label shift toward her mean rented size,
the item's offset toward 0) separates a renter who always says "small" from an item that
runs small; the gap size + offset - true_size is the ordinal fit axis (small < fit < large).
Training rows read the fit of the other folds only, unseen rows the fit of every row.
"""

from __future__ import annotations

import numpy as np

from crosslive.fit.tables import FloatArray, GroupTable, IntArray

# One size step on the data's scale; a 'small' rental says the right size is about a step up.
SIZE_STEP = 4.0
ITERATIONS = 4
USER_SHRINK = 1.0
ITEM_SHRINK = 5.0
COLUMNS = ("n", "value")


def fit_latent(
    users: list[str], items: list[str], size: FloatArray, label: IntArray
) -> tuple[GroupTable, GroupTable]:
    """(users' true sizes, items' offsets) from labelled rows with a known size."""
    known = ~np.isnan(size) & (label >= 0)
    user_keys = np.asarray(users, dtype=object)[known].astype(str)
    item_keys = np.asarray(items, dtype=object)[known].astype(str)
    user_names, user_code = np.unique(user_keys, return_inverse=True)
    item_names, item_code = np.unique(item_keys, return_inverse=True)
    s, y = size[known], label[known]
    z = s + SIZE_STEP * ((y == 0).astype(float) - (y == 2).astype(float))
    n_user = np.bincount(user_code, minlength=len(user_names)).astype(float)
    n_item = np.bincount(item_code, minlength=len(item_names)).astype(float)
    mean_size = np.bincount(user_code, weights=s, minlength=len(user_names)) / np.maximum(
        n_user, 1.0
    )
    offset = np.zeros(len(item_names))
    true_size = mean_size
    for _ in range(ITERATIONS):
        shifted = np.bincount(user_code, weights=z + offset[item_code], minlength=len(user_names))
        true_size = (shifted + USER_SHRINK * mean_size) / (n_user + USER_SHRINK)
        residual = true_size[user_code] - z
        offset = np.bincount(item_code, weights=residual, minlength=len(item_names)) / (
            n_item + ITEM_SHRINK
        )
    return (
        _table(user_names, n_user, true_size),
        _table(item_names, n_item, offset),
    )


def _table(names: np.ndarray, counts: FloatArray, values: FloatArray) -> GroupTable:
    index = {str(name): i for i, name in enumerate(names)}
    return GroupTable(COLUMNS, index, np.column_stack([counts, values]).reshape(-1, 2))


def latent_columns(
    size: FloatArray, users: list[str], items: list[str], tables: tuple[GroupTable, GroupTable]
) -> FloatArray:
    """Per row: size - true size, the item's offset, size + offset - true size (NaN unknown)."""
    user = tables[0].lookup(users)
    item = tables[1].lookup(items)
    true_size = np.where(user[:, 0] > 0, user[:, 1], np.nan)
    offset = np.where(item[:, 0] > 0, item[:, 1], 0.0)
    return np.column_stack([size - true_size, offset, size + offset - true_size])


def out_of_fold_latent(
    users: list[str], items: list[str], size: FloatArray, label: IntArray, folds: IntArray
) -> FloatArray:
    """latent_columns of training rows, each fold read from a fit of the other folds."""
    out = np.zeros((len(users), 3))
    user_arr = np.asarray(users, dtype=object)
    item_arr = np.asarray(items, dtype=object)
    for fold in np.unique(folds):
        other = folds != fold
        tables = fit_latent(list(user_arr[other]), list(item_arr[other]), size[other], label[other])
        mine = ~other
        out[mine] = latent_columns(size[mine], list(user_arr[mine]), list(item_arr[mine]), tables)
    return out
