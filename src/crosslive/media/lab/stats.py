"""The benchmarks' one percentile: nearest rank, so a p95 is a figure that was measured."""

from __future__ import annotations

import math


def percentile(values: list[float], q: float) -> float | None:
    """The nearest-rank Q quantile of VALUES (0 < Q <= 1), to 0.1; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))], 1)
