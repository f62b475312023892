"""Fit fixtures: synthetic feedback rows with a known truth, and a small trained model."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest

from crosslive.fit.model import FitModel
from crosslive.fit.records import FitRecord, parse_record
from crosslive.fit.training import TrainConfig, train

SIZES = (4, 8, 12, 16, 20)
# Item -> how many size steps bigger than usual its wearers need (dress-1 runs small).
ITEM_SHIFT = {"dress-1": 1, "dress-2": 0, "dress-3": -1, "dress-4": 0}


def synthetic_rows(count: int, seed: int = 3) -> list[dict[str, object]]:
    """Rentals whose fit follows the renter's true size (seen through weight) and the item."""
    rng = random.Random(seed)
    rows = []
    for index in range(count):
        user = index % (count // 3)
        true = SIZES[user % len(SIZES)]
        item = rng.choice(sorted(ITEM_SHIFT))
        size = min(max(true + 4 * rng.choice((-1, 0, 0, 1)), 0), 24)
        gap = size - (true + 4 * ITEM_SHIFT[item])
        fit = "small" if gap < 0 else "large" if gap > 0 else "fit"
        if rng.random() < 0.1:
            fit = rng.choice(("small", "fit", "large"))
        rows.append(
            {
                "fit": fit,
                "user_id": str(user),
                "item_id": item,
                "size": size,
                "weight": f"{100 + true * 3 + rng.randint(-3, 3)}lbs",
                "height": "5' 6\"",
                "bust size": "34b",
                "age": "30",
                "body type": "hourglass",
                "category": "dress",
                "rating": "10",
                "review_date": f"June {1 + index % 28}, {2014 + index % 4}",
            }
        )
    return rows


def write_jsonl_gz(path: Path, rows: list[dict[str, object]]) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row) + "\n")
    return path


def to_records(rows: list[dict[str, object]]) -> list[FitRecord]:
    records = [parse_record(row) for row in rows]
    return [r for r in records if r is not None]


@pytest.fixture(scope="session")
def small_model() -> FitModel:
    return train(to_records(synthetic_rows(3000)), TrainConfig(rounds=40, models=2, threads=1))
