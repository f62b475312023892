"""Grouped count tables: the statistics behind the fit model's target encodings.

A table holds, per key (a user, an item, an item-size ...), the column sums of per-row values
(count, label one-hots, sizes). Training rows read the table with their own fold removed
(out-of-fold) so the encodings they learn from look like those of unseen rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass
class GroupTable:
    """Column sums per key; `index` maps a key to its row in `sums`."""

    columns: tuple[str, ...]
    index: dict[str, int]
    sums: FloatArray

    @classmethod
    def build(cls, keys: list[str], values: FloatArray, columns: tuple[str, ...]) -> GroupTable:
        uniq, inverse = np.unique(np.asarray(keys, dtype=object).astype(str), return_inverse=True)
        sums = np.zeros((len(uniq), values.shape[1]))
        np.add.at(sums, inverse, values)
        return cls(columns, {str(k): i for i, k in enumerate(uniq)}, sums)

    def lookup(self, keys: list[str]) -> FloatArray:
        """The sums for each key (zeros for a key never seen)."""
        out = np.zeros((len(keys), self.sums.shape[1]))
        for row, key in enumerate(keys):
            position = self.index.get(key)
            if position is not None:
                out[row] = self.sums[position]
        return out

    def to_json(self) -> dict[str, object]:
        keys = sorted(self.index, key=self.index.__getitem__)
        return {
            "columns": list(self.columns),
            "keys": keys,
            "sums": self.sums.tolist(),
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> GroupTable:
        keys = [str(k) for k in data["keys"]]  # type: ignore[attr-defined]
        sums = np.asarray(data["sums"], dtype=np.float64)
        columns = tuple(str(c) for c in data["columns"])  # type: ignore[attr-defined]
        if sums.shape != (len(keys), len(columns)) and not (len(keys) == 0 and sums.size == 0):
            raise ValueError("table shape does not match its keys and columns")
        if len(keys) == 0:
            sums = np.zeros((0, len(columns)))
        return cls(columns, {k: i for i, k in enumerate(keys)}, sums)


def out_of_fold(keys: list[str], values: FloatArray, folds: IntArray) -> FloatArray:
    """Per row: the key's sums over every row of the other folds."""
    uniq, inverse = np.unique(np.asarray(keys, dtype=object).astype(str), return_inverse=True)
    total = np.zeros((len(uniq), values.shape[1]))
    np.add.at(total, inverse, values)
    out = total[inverse].copy()
    for fold in np.unique(folds):
        mask = folds == fold
        part = np.zeros_like(total)
        np.add.at(part, inverse[mask], values[mask])
        out[mask] -= part[inverse[mask]]
    return out


def leave_one_out(keys: list[str], values: FloatArray) -> FloatArray:
    """Per row: the key's sums over every other row."""
    uniq, inverse = np.unique(np.asarray(keys, dtype=object).astype(str), return_inverse=True)
    total = np.zeros((len(uniq), values.shape[1]))
    np.add.at(total, inverse, values)
    return total[inverse] - values
