"""Chart-based size advice: compare a body with each size's garment measurements.

Used whenever the fit model has no data for a product. Garment measurements are
circumferences in cm (SizeChartRow.measurements_cm); the wanted room ('ease') depends on
the viewer's fit preference. Without comparable measurements the advice falls back to the
size-conversion tables (the viewer's usual size in this product's size system).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from crosslive.fit.ease import Style, ease_offset
from crosslive.fit.sizes import SYSTEMS, TABLES, Garment, SizeSystem, convert, normalize_label
from crosslive.i18n import N_, Message, Number


class Preference(enum.StrEnum):
    SNUG = "snug"
    REGULAR = "regular"
    LOOSE = "loose"


# Chart keys that mean the same body dimension.
DIMENSIONS = {
    "bust": "chest",
    "chest": "chest",
    "waist": "waist",
    "hip": "hips",
    "hips": "hips",
    "foot": "foot_length",
    "foot_length": "foot_length",
}
# Wanted garment-minus-body room in cm, per preference (snug, regular, loose).
EASE_CM = {
    "chest": (2.0, 6.0, 12.0),
    "waist": (1.0, 4.0, 9.0),
    "hips": (2.0, 6.0, 11.0),
    "foot_length": (-0.3, 0.0, 0.5),
}
PREFERENCE_INDEX = {Preference.SNUG: 0, Preference.REGULAR: 1, Preference.LOOSE: 2}


@dataclass(frozen=True)
class ChartSize:
    label: str
    measurements_cm: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Advice:
    size: str
    confidence: float
    runner_up: str | None
    reason: Message  # written in the viewer's language when shown
    source: str  # "model", "chart" or "size_table"
    probabilities: dict[str, float] | None = None
    estimated: tuple[str, ...] = ()  # body dimensions estimated rather than given
    sharpen: Message | None = None  # which measurement would make the advice surer
    # Too unsure for one size: the two sizes (in the product's order) with their chance to fit.
    between: tuple[tuple[str, float], ...] = ()


def body_dimensions(body: dict[str, float]) -> dict[str, float]:
    """Body measurements keyed by canonical dimension (bust and chest are one)."""
    out: dict[str, float] = {}
    for key, value in body.items():
        dimension = DIMENSIONS.get(key.lower())
        if dimension and value > 0:
            out[dimension] = value
    return out


def _cost(ease: float, wanted: float) -> float:
    """Too tight costs twice as much as too loose."""
    gap = ease - wanted
    return gap if gap >= 0 else -2.0 * gap


def chart_dimensions(chart: list[ChartSize]) -> set[str]:
    """The canonical body dimensions a chart lists for at least one size."""
    return {
        dimension
        for size in chart
        for key in size.measurements_cm
        if (dimension := DIMENSIONS.get(key.lower())) is not None
    }


def _score(
    size: ChartSize, body: dict[str, float], pref: Preference, style: Style
) -> tuple[float, Message] | None:
    costs: list[tuple[float, str, float]] = []
    for key, garment_cm in size.measurements_cm.items():
        dimension = DIMENSIONS.get(key.lower())
        if dimension is None or dimension not in body:
            continue
        ease = float(garment_cm) - body[dimension]
        wanted = EASE_CM[dimension][PREFERENCE_INDEX[pref]] + ease_offset(style, dimension)
        costs.append((_cost(ease, wanted), dimension, ease))
    if not costs:
        return None
    worst = max(costs)
    return sum(c for c, _, _ in costs) / len(costs), _room_text(worst[1], worst[2])


# A body dimension's name in the advice's sentences (translated when shown).
DIMENSION_NAMES = {
    "chest": Message(N_("chest")),
    "waist": Message(N_("waist")),
    "hips": Message(N_("hips")),
    "foot_length": Message(N_("foot length")),
}
# The chart advice's reason, by fit preference.
CHART_REASON = {
    Preference.SNUG: N_("%(size)s: %(room)s (snug fit)"),
    Preference.REGULAR: N_("%(size)s: %(room)s (regular fit)"),
    Preference.LOOSE: N_("%(size)s: %(room)s (loose fit)"),
}


def _room_text(dimension: str, ease: float) -> Message:
    name = DIMENSION_NAMES[dimension]
    if ease < 0:
        return Message.of(
            N_("%(dimension)s is %(cm)s cm (%(inches)s in) smaller than yours"),
            dimension=name,
            cm=Number(round(-ease, 1)),
            inches=Number(round(-ease / 2.54, 1)),
        )
    return Message.of(
        N_("%(dimension)s leaves %(cm)s cm (%(inches)s in) of room"),
        dimension=name,
        cm=Number(round(ease, 1)),
        inches=Number(round(ease / 2.54, 1)),
    )


def _confidence(best: float, second: float | None) -> float:
    if second is None:
        return 0.5
    margin = max(second - best, 0.0)
    return round(0.5 + 0.45 * margin / (margin + 3.0) - min(best, 10.0) * 0.02, 2)


def chart_advice(
    chart: list[ChartSize],
    body: dict[str, float],
    pref: Preference,
    style: Style = Style.APPAREL,
) -> Advice | None:
    """The size whose measurements best match BODY, or None without comparable ones."""
    dims = body_dimensions(body)
    scored = []
    for position, size in enumerate(chart):
        result = _score(size, dims, pref, style)
        if result is not None:
            scored.append((result[0], position, size.label, result[1]))
    if not scored:
        return None
    scored.sort()
    best, runner = scored[0], scored[1] if len(scored) > 1 else None
    return Advice(
        size=best[2],
        confidence=max(_confidence(best[0], runner[0] if runner else None), 0.2),
        runner_up=runner[2] if runner else None,
        reason=Message.of(CHART_REASON[pref], size=best[2], room=best[3]),
        source="chart",
    )


def product_system(garment: Garment, labels: list[str]) -> SizeSystem | None:
    """The size system all of a product's labels belong to (the first that fits)."""
    wanted = {normalize_label(label) for label in labels}
    for system in SYSTEMS:
        column = SYSTEMS.index(system)
        known = {normalize_label(row[column]) for row in TABLES[garment] if row[column]}
        if wanted and wanted <= known:
            return system
    return None


def table_advice(
    garment: Garment, labels: list[str], usual: tuple[SizeSystem, str], pref: Preference
) -> Advice | None:
    """The product size matching the viewer's usual size through the conversion tables."""
    system = product_system(garment, labels)
    if system is None:
        return None
    options = convert(garment, usual[0], usual[1], system)
    by_norm = {normalize_label(label): label for label in labels}
    offered = [by_norm[normalize_label(o)] for o in options if normalize_label(o) in by_norm]
    if not offered:
        return None
    pick = offered[0] if pref is Preference.SNUG else offered[-1]
    if pref is Preference.REGULAR:
        pick = offered[(len(offered) - 1) // 2]
    runner = _neighbour(labels, labels.index(pick), larger=pref is not Preference.SNUG)
    return Advice(
        size=pick,
        confidence=0.6 if len(offered) == 1 else 0.45,
        runner_up=runner,
        reason=Message.of(
            N_("your %(system)s %(size)s is %(pick)s in this product's %(product_system)s sizes"),
            system=usual[0].value,
            size=usual[1],
            pick=pick,
            product_system=system.value,
        ),
        source="size_table",
    )


def _neighbour(labels: list[str], position: int, larger: bool) -> str | None:
    """The next size up (or down), else the one on the other side, else None."""
    order = (position + 1, position - 1) if larger else (position - 1, position + 1)
    for index in order:
        if 0 <= index < len(labels):
            return labels[index]
    return None
