"""Cold start: a product nobody has answered for borrows the fit feedback of its nearest items.

The nearest items are the seller's products of the same category whose size charts are
closest: for every size label both charts list, the mean absolute difference in cm of the
garment measurements both give (bust, waist, hips ...). Items more than MAX_DISTANCE_CM apart,
or sharing no measured size, are not neighbours. Their answers (the store's own, plus the
fit model's rentals when a neighbour is linked to an item the model knows) are pooled over
the NEAREST closest ones and judged like one product's (`store_offset`): they move the
advice only with MIN_ROWS answers between them and a quarter more saying one way.
"""

from __future__ import annotations

from dataclasses import dataclass

from crosslive.fit.chart import DIMENSIONS, ChartSize
from crosslive.fit.sizes import normalize_label
from crosslive.fit.store_offset import Tally

# Half a size step of a women's chart (sizes are about 4-5 cm apart at the bust): a
# neighbour this close puts the same body in the same label.
MAX_DISTANCE_CM = 2.5
NEAREST = 3


@dataclass(frozen=True)
class Candidate:
    """Another product that could lend its feedback."""

    key: str  # how the advice names it (the product's title or handle)
    sizes: list[ChartSize]
    tally: Tally


@dataclass(frozen=True)
class Neighbour:
    key: str
    distance_cm: float
    tally: Tally


def _measured(sizes: list[ChartSize]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for size in sizes:
        dims = {
            dimension: float(value)
            for name, value in size.measurements_cm.items()
            if (dimension := DIMENSIONS.get(name.lower())) is not None
        }
        if dims:
            out[normalize_label(size.label)] = dims
    return out


def chart_distance(a: list[ChartSize], b: list[ChartSize]) -> float | None:
    """Mean |a - b| in cm over the measurements both charts give for the same size label;
    None when they share no measured size."""
    left, right = _measured(a), _measured(b)
    gaps = [
        abs(dims[d] - right[label][d])
        for label, dims in left.items()
        if label in right
        for d in dims
        if d in right[label]
    ]
    return sum(gaps) / len(gaps) if gaps else None


def nearest(
    sizes: list[ChartSize],
    candidates: list[Candidate],
    limit: int = NEAREST,
    max_cm: float = MAX_DISTANCE_CM,
) -> list[Neighbour]:
    """The closest candidates with at least one answer, nearest first (ties by key)."""
    found = []
    for candidate in candidates:
        if candidate.tally.rows == 0:
            continue
        distance = chart_distance(sizes, candidate.sizes)
        if distance is not None and distance <= max_cm:
            found.append(Neighbour(candidate.key, round(distance, 2), candidate.tally))
    found.sort(key=lambda n: (n.distance_cm, n.key))
    return found[:limit]


def pooled(neighbours: list[Neighbour]) -> Tally:
    return Tally(
        sum(n.tally.rows for n in neighbours),
        sum(n.tally.small for n in neighbours),
        sum(n.tally.large for n in neighbours),
    )
