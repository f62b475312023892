"""Fit-feedback rows in the RentTheRunway JSON-lines format, parsed defensively.

Any field may be missing or malformed ('5\\' 8"', '137lbs', '34d', '', null): a bad field
becomes None and the row is kept; a row without a usable label is skipped for training.
Only purchase-time fields are kept: rating, review text and 'rented for' are never read.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

LABELS = ("small", "fit", "large")
BODY_TYPES = (
    "apple",
    "athletic",
    "full bust",
    "hourglass",
    "pear",
    "petite",
    "straight & narrow",
)
CUPS = ("aa", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j")
# Letter sizes on the numeric scale of the data's sizes (about 2 x US women's size + 4).
LETTER_SIZES = {
    "xxs": 2.0,
    "xs": 6.0,
    "s": 14.0,
    "m": 22.0,
    "l": 30.0,
    "xl": 38.0,
    "xxl": 46.0,
    "2xl": 46.0,
    "xxxl": 54.0,
    "3xl": 54.0,
}
_HEIGHT_FT_IN = re.compile(r"^\s*(\d)\s*'\s*(\d{1,2})?\s*(?:\"|'')?\s*$")
_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(lbs?|kg|cm|in)?\s*$", re.IGNORECASE)
_BUST = re.compile(r"^\s*(\d{2})\s*([a-j]{1,3})?\s*\+?\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FitRecord:
    """One rental with its purchase-time fields and (when known) its fit label."""

    user_id: str
    item_id: str
    size: float | None
    category: str
    height_cm: float | None
    weight_kg: float | None
    bust_band: float | None
    cup: float | None
    age: float | None
    body_type: str
    label: int | None  # index into LABELS
    review_day: int | None  # days since 1970-01-01; only to split, never a feature


def _text(value: object) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return str(value).strip()


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def parse_height_cm(value: object) -> float | None:
    """'5\\' 8"' -> 172.7; '172cm' -> 172; a bare number is inches below 100, else cm."""
    text = _text(value)
    match = _HEIGHT_FT_IN.match(text)
    if match:
        cm = (int(match.group(1)) * 12 + int(match.group(2) or 0)) * 2.54
    else:
        number = _NUMBER.match(text)
        if not number:
            return None
        amount, unit = float(number.group(1)), (number.group(2) or "").lower()
        cm = amount * 2.54 if unit == "in" or (not unit and amount < 100) else amount
    return cm if 120.0 <= cm <= 230.0 else None


def parse_weight_kg(value: object) -> float | None:
    """'137lbs' -> 62.1; '60kg' -> 60; a bare number is pounds."""
    number = _NUMBER.match(_text(value))
    if not number:
        return None
    amount, unit = float(number.group(1)), (number.group(2) or "lbs").lower()
    kg = amount if unit == "kg" else amount * 0.45359237
    return kg if 30.0 <= kg <= 250.0 else None


def parse_bust(value: object) -> tuple[float | None, float | None]:
    """'34d' -> (34, 4); '36dd' -> (36, 5); '34' -> (34, None)."""
    match = _BUST.match(_text(value))
    if not match:
        return None, None
    band = float(match.group(1))
    if not 26 <= band <= 56:
        return None, None
    letters = (match.group(2) or "").lower()
    if not letters:
        return band, None
    if letters in CUPS:
        return band, float(CUPS.index(letters))
    if set(letters) == {"d"}:  # dd -> e, ddd -> f
        return band, float(CUPS.index("d") + len(letters) - 1)
    return band, None


def parse_size(value: object) -> float | None:
    """A numeric size as in the data (0..58) or a letter size mapped onto the same scale."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return _finite(float(value)) if 0 <= value <= 80 else None
    text = _text(value).lower()
    if text in LETTER_SIZES:
        return LETTER_SIZES[text]
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) and 0 <= number <= 80 else None


def parse_age(value: object) -> float | None:
    try:
        age = float(_text(value))
    except ValueError:
        return None
    return age if 12 <= age <= 100 else None


def parse_day(value: object) -> int | None:
    text = _text(value)
    for fmt in ("%B %d, %Y", "%Y-%m-%d"):
        try:
            day = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return (day - date(1970, 1, 1)).days
    return None


def parse_record(raw: dict[str, object]) -> FitRecord | None:
    """A record from one JSON object, or None when it names no user or item."""
    user_id, item_id = _text(raw.get("user_id")), _text(raw.get("item_id"))
    if not user_id or not item_id:
        return None
    band, cup = parse_bust(raw.get("bust size"))
    label_text = _text(raw.get("fit")).lower()
    body = _text(raw.get("body type")).lower()
    return FitRecord(
        user_id=user_id,
        item_id=item_id,
        size=parse_size(raw.get("size")),
        category=_text(raw.get("category")).lower()[:40],
        height_cm=parse_height_cm(raw.get("height")),
        weight_kg=parse_weight_kg(raw.get("weight")),
        bust_band=band,
        cup=cup,
        age=parse_age(raw.get("age")),
        body_type=body if body in BODY_TYPES else "",
        label=LABELS.index(label_text) if label_text in LABELS else None,
        review_day=parse_day(raw.get("review_date")),
    )


def read_records(path: Path) -> Iterator[FitRecord]:
    """Records of a .jsonl or .jsonl.gz file; lines that are not JSON objects are skipped."""
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as handle:
        for line in handle:
            try:
                raw = json.loads(line)
            except ValueError:
                continue
            if isinstance(raw, dict):
                record = parse_record(raw)
                if record is not None:
                    yield record


def labelled(records: list[FitRecord]) -> list[FitRecord]:
    return [r for r in records if r.label is not None]
