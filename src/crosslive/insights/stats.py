"""Small statistics the insights share: rates and the Wilson score interval."""

from __future__ import annotations

import math

# Below this many order lines a group's return rate is reported as "not enough data".
MIN_LINES = 30
Z_95 = 1.959963984540054


def rate(part: int, whole: int) -> float | None:
    """PART / WHOLE rounded to four places; None when WHOLE is zero."""
    return round(part / whole, 4) if whole else None


def wilson(successes: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval for a proportion SUCCESSES / N (95 % by default)."""
    if n <= 0:
        raise ValueError("the Wilson interval needs at least one trial")
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)
