"""Malformed and missing fields in feedback rows are handled, never fatal."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from crosslive.fit.records import (
    parse_bust,
    parse_height_cm,
    parse_record,
    parse_size,
    parse_weight_kg,
    read_records,
)


@pytest.mark.parametrize(
    ("raw", "cm"),
    [("5' 8\"", 172.72), ("5'8", 172.72), ("6' 0\"", 182.88), ("172cm", 172.0), ("68", 172.72)],
)
def test_heights(raw: str, cm: float) -> None:
    assert parse_height_cm(raw) == pytest.approx(cm)


@pytest.mark.parametrize("raw", ["", None, "tall", "9' 9\"", "12", [], {"a": 1}])
def test_bad_heights_are_none(raw: object) -> None:
    assert parse_height_cm(raw) is None


def test_weights_and_busts() -> None:
    assert parse_weight_kg("137lbs") == pytest.approx(62.142, abs=0.001)
    assert parse_weight_kg("60kg") == 60.0
    assert parse_weight_kg("lbs") is None
    assert parse_weight_kg("3000lbs") is None
    assert parse_bust("34d") == (34.0, 4.0)
    assert parse_bust("36dd") == (36.0, 5.0)
    assert parse_bust("32ddd") == (32.0, 6.0)
    assert parse_bust("34d+") == (34.0, 4.0)
    assert parse_bust("34") == (34.0, None)
    assert parse_bust("d34") == (None, None)
    assert parse_bust("99c") == (None, None)


def test_sizes() -> None:
    assert parse_size(14) == 14.0
    assert parse_size("8") == 8.0
    assert parse_size("M") == 22.0
    assert parse_size(True) is None
    assert parse_size("nan") is None
    assert parse_size(-2) is None


def test_record_keeps_row_with_bad_fields_and_drops_unknown_label() -> None:
    record = parse_record(
        {"user_id": 7, "item_id": "9", "fit": "Tight", "size": "", "height": "x", "age": "abc"}
    )
    assert record is not None
    assert (record.user_id, record.item_id, record.size, record.height_cm) == ("7", "9", None, None)
    assert (record.age, record.label, record.body_type, record.category) == (None, None, "", "")
    assert parse_record({"item_id": "9", "fit": "fit"}) is None


def test_review_fields_are_never_read() -> None:
    """Rows differing only in rating, review date and 'rented for' give equal features."""
    base = {"user_id": "1", "item_id": "2", "fit": "fit", "size": 8, "weight": "130lbs"}
    a = parse_record({**base, "rating": "10", "review_date": "May 1, 2015", "rented for": "party"})
    b = parse_record({**base, "rating": "2", "review_date": "May 1, 2017", "rented for": "work"})
    assert a is not None and b is not None
    assert a.review_day != b.review_day
    fields_a = {k: getattr(a, k) for k in a.__slots__ if k != "review_day"}
    fields_b = {k: getattr(b, k) for k in b.__slots__ if k != "review_day"}
    assert fields_a == fields_b


def test_read_records_skips_broken_lines(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl.gz"
    lines = [
        json.dumps({"user_id": "1", "item_id": "2", "fit": "small", "size": 4}),
        "{not json",
        "[1, 2]",
        json.dumps({"user_id": "", "item_id": "2", "fit": "fit"}),
        json.dumps({"user_id": "3", "item_id": "4", "fit": "large", "bust size": "34d"}),
    ]
    with gzip.open(path, "wt") as handle:
        handle.write("\n".join(lines) + "\n")
    records = list(read_records(path))
    assert [(r.user_id, r.label, r.bust_band) for r in records] == [("1", 0, None), ("3", 2, 34.0)]
