"""The evaluation protocol's splits of a feedback file: random, or by review date."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

from crosslive.fit.records import parse_day


def read_lines(path: Path) -> list[str]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as handle:
        return [line for line in handle if line.strip()]


def _review_day(line: str) -> int:
    try:
        raw = json.loads(line)
    except ValueError:
        return -1
    day = parse_day(raw.get("review_date")) if isinstance(raw, dict) else None
    return -1 if day is None else day


def split_lines(
    lines: list[str], by: str, test_share: float, seed: int
) -> tuple[list[str], list[str]]:
    """(train, test): `random` shuffles with SEED; `date` puts the latest reviews in test
    (rows without a date count as earliest)."""
    if not 0 < test_share < 1:
        raise ValueError("test share must be between 0 and 1")
    if by == "random":
        order = list(range(len(lines)))
        random.Random(seed).shuffle(order)
    elif by == "date":
        days = [_review_day(line) for line in lines]
        order = sorted(range(len(lines)), key=lambda i: (days[i], i))
    else:
        raise ValueError(f"unknown split {by!r}: random or date")
    cut = len(lines) - round(len(lines) * test_share)
    return [lines[i] for i in order[:cut]], [lines[i] for i in order[cut:]]


def write_lines(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "wt", encoding="utf-8") as handle:
        for line in lines:
            handle.write(line if line.endswith("\n") else line + "\n")
