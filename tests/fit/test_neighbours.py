"""Cold start: which items count as a product's nearest, from their size charts."""

from __future__ import annotations

import pytest

from crosslive.fit.chart import ChartSize
from crosslive.fit.neighbours import Candidate, chart_distance, nearest, pooled
from crosslive.fit.store_offset import Tally


def chart(bust_at_m: float, labels: tuple[str, ...] = ("S", "M", "L")) -> list[ChartSize]:
    return [
        ChartSize(label, {"bust": bust_at_m + 5 * (i - 1), "waist": bust_at_m - 20 + 5 * (i - 1)})
        for i, label in enumerate(labels)
    ]


def test_distance_is_the_mean_gap_of_shared_measured_sizes() -> None:
    assert chart_distance(chart(92), chart(92)) == 0
    assert chart_distance(chart(92), chart(94)) == pytest.approx(2.0)
    # Only the size both list counts; 'Bust' and 'chest' are one dimension.
    one = [ChartSize("m", {"Bust": 90.0}), ChartSize("XL", {"bust": 110.0})]
    other = [ChartSize("M", {"chest": 93.0, "length": 70.0}), ChartSize("L", {"chest": 99.0})]
    assert chart_distance(one, other) == pytest.approx(3.0)
    # Nothing comparable: no distance at all, rather than a guess.
    assert chart_distance(chart(92), chart(92, ("36", "38", "40"))) is None
    assert chart_distance(chart(92), [ChartSize("M")]) is None


def test_nearest_keeps_close_items_with_answers_nearest_first() -> None:
    candidates = [
        Candidate("far", chart(100), Tally(50, 40, 0)),
        Candidate("close", chart(93), Tally(8, 6, 0)),
        Candidate("closest", chart(92.5), Tally(15, 9, 1)),
        Candidate("unanswered", chart(92), Tally()),
        Candidate("other labels", chart(92, ("1", "2", "3")), Tally(30, 0, 30)),
    ]
    found = nearest(chart(92), candidates)
    assert [n.key for n in found] == ["closest", "close"]
    assert [n.distance_cm for n in found] == [0.5, 1.0]
    assert pooled(found) == Tally(23, 15, 1)
    assert [n.key for n in nearest(chart(92), candidates, limit=1)] == ["closest"]
