from __future__ import annotations

import pytest

from crosslive.insights.stats import rate, wilson


def test_wilson_interval_matches_the_published_value() -> None:
    # 10 of 100: the Wilson 95 % interval is 0.0552 to 0.1744 (Newcombe 1998, method 3).
    low, high = wilson(10, 100)
    assert round(low, 4) == 0.0552 and round(high, 4) == 0.1744


def test_wilson_interval_at_the_edges() -> None:
    low, high = wilson(0, 30)
    assert low == 0.0 and round(high, 4) == 0.1135
    low, high = wilson(30, 30)
    assert round(low, 4) == 0.8865 and round(high, 4) == 1.0
    with pytest.raises(ValueError):
        wilson(0, 0)


def test_rate_is_none_without_a_whole() -> None:
    assert rate(1, 3) == 0.3333
    assert rate(0, 0) is None
