"""Latent sizes: renters' true sizes and items' offsets fitted jointly."""

from __future__ import annotations

import numpy as np

from crosslive.fit.latent import fit_latent, latent_columns, out_of_fold_latent

SMALL, FIT, LARGE = 0, 1, 2


def _rows() -> tuple[list[str], list[str], np.ndarray, np.ndarray]:
    # Item "tight" runs small: everybody says small in their usual size 8; item "true" fits.
    # Renter "u3" says small even on "true", where the others say fit.
    users = ["u1", "u2", "u3", "u1", "u2", "u3"]
    items = ["tight", "tight", "tight", "true", "true", "true"]
    size = np.full(6, 8.0)
    label = np.array([SMALL, SMALL, SMALL, FIT, FIT, SMALL])
    return users, items, size, label


def test_item_that_runs_small_gets_a_negative_offset_and_a_small_side_gap() -> None:
    users, items, size, label = _rows()
    tables = fit_latent(users, items, size, label)
    cols = latent_columns(np.array([8.0, 8.0]), ["u1", "u1"], ["tight", "true"], tables)
    assert cols[0, 1] < cols[1, 1]  # offset of "tight" below that of "true"
    assert cols[0, 2] < cols[1, 2]  # so the same renter, same size, sits on the small side
    assert cols[0, 0] == cols[1, 0]  # size - true size does not depend on the item


def test_renter_who_always_says_small_gets_a_larger_true_size() -> None:
    users, items, size, label = _rows()
    tables = fit_latent(users, items, size, label)
    cols = latent_columns(np.full(3, 8.0), ["u1", "u2", "u3"], ["true"] * 3, tables)
    assert cols[0, 0] == cols[1, 0]
    assert cols[2, 0] < cols[0, 0]  # size 8 is further below u3's true size


def test_unseen_renter_has_no_true_size_and_unseen_item_no_offset() -> None:
    tables = fit_latent(*_rows())
    cols = latent_columns(np.array([8.0, 8.0]), ["nobody", "u1"], ["true", "new-item"], tables)
    assert np.isnan(cols[0, 0]) and np.isnan(cols[0, 2])
    assert cols[1, 1] == 0.0
    assert not np.isnan(cols[1, 0])


def test_unknown_sizes_and_labels_are_left_out_of_the_fit() -> None:
    users, items, size, label = _rows()
    extra_size = np.append(size, [np.nan, 30.0])
    extra_label = np.append(label, [LARGE, -1])
    with_noise = fit_latent(
        [*users, "u1", "u1"], [*items, "tight", "tight"], extra_size, extra_label
    )
    clean = fit_latent(users, items, size, label)
    for noisy_table, clean_table in zip(with_noise, clean, strict=True):
        assert noisy_table.index == clean_table.index
        np.testing.assert_array_equal(noisy_table.sums, clean_table.sums)


def test_out_of_fold_rows_never_read_their_own_label() -> None:
    users, items, size, label = _rows()
    folds = np.array([0, 0, 0, 1, 1, 1])
    cols = out_of_fold_latent(users, items, size, label, folds)
    # Fold 0 holds every "tight" row: read from fold 1, "tight" is an unseen item (offset 0).
    np.testing.assert_array_equal(cols[:3, 1], np.zeros(3))
    # Flipping a fold-0 label changes nothing in fold 0's own columns.
    flipped = label.copy()
    flipped[0] = LARGE
    again = out_of_fold_latent(users, items, size, flipped, folds)
    np.testing.assert_array_equal(again[:3], cols[:3])
    assert not np.array_equal(again[3:], cols[3:])
