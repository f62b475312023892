"""Silhouettes of garments (laid flat) and shoes (side view, toe to the left)."""

from __future__ import annotations

from crosslive.demo.shapes import Part, Point, Shape, hline, mirror, poly, rrect


def _collar_band(
    neck: tuple[Point, ...], depth: float, spread: float
) -> tuple[Part, tuple[Point, ...]]:
    """A rib collar: the neckline's left half, and the same curve `depth` lower and wider."""
    outer = mirror(neck)
    inner = tuple(
        (0.5 + (x - 0.5) * (1 + spread), y + depth * (1 - abs(x - 0.5) * 4))
        for x, y in reversed(outer)
    )
    return poly(*outer, *inner, role="accent", round_by=0.004), inner


def tee() -> Shape:
    half = (
        (0.5, 0.2),
        (0.43, 0.185),
        (0.405, 0.13),
        (0.23, 0.175),
        (0.07, 0.36),
        (0.165, 0.44),
        (0.265, 0.345),
        (0.27, 0.88),
        (0.5, 0.885),
    )
    band, _ = _collar_band(((0.405, 0.13), (0.43, 0.185), (0.49, 0.2)), 0.022, 0.08)
    return Shape(
        parts=(poly(*mirror(half), round_by=0.015), band),
        details=(
            ((0.09, 0.385), (0.18, 0.455)),
            ((0.91, 0.385), (0.82, 0.455)),
            hline(0.855, 0.272, 0.728),
        ),
        floor=0.885,
        flat=True,
    )


def sweater() -> Shape:
    half = (
        (0.5, 0.19),
        (0.42, 0.175),
        (0.4, 0.12),
        (0.25, 0.16),
        (0.17, 0.25),
        (0.1, 0.8),
        (0.19, 0.81),
        (0.27, 0.38),
        (0.28, 0.86),
        (0.5, 0.865),
    )
    rib = tuple(((0.28 + i * 0.03, 0.8), (0.28 + i * 0.03, 0.86)) for i in range(15))
    cuffs = (((0.105, 0.75), (0.195, 0.76)), ((0.895, 0.75), (0.805, 0.76)))
    band, inner = _collar_band(((0.4, 0.12), (0.42, 0.175), (0.49, 0.19)), 0.028, 0.1)
    collar_rib = tuple(((x, y - 0.026), (x, y)) for x, y in inner[1:-1])
    return Shape(
        parts=(poly(*mirror(half), round_by=0.015), band),
        details=(hline(0.8, 0.28, 0.72), *cuffs, *rib, *collar_rib),
        detail_width=0.003,
        floor=0.865,
        flat=True,
    )


def jacket() -> Shape:
    half = (
        (0.5, 0.17),
        (0.44, 0.17),
        (0.43, 0.09),
        (0.26, 0.14),
        (0.16, 0.24),
        (0.09, 0.8),
        (0.2, 0.82),
        (0.26, 0.4),
        (0.26, 0.86),
        (0.5, 0.87),
    )
    quilts = tuple(hline(0.24 + i * 0.085, 0.27, 0.73) for i in range(8))
    sleeve_q = tuple(
        pt
        for i in range(6)
        for pt in (
            ((0.16 - i * 0.012, 0.32 + i * 0.09), (0.235 - i * 0.004, 0.34 + i * 0.09)),
            ((0.84 + i * 0.012, 0.32 + i * 0.09), (0.765 + i * 0.004, 0.34 + i * 0.09)),
        )
    )
    return Shape(
        parts=(
            poly(*mirror(half), round_by=0.015),
            rrect((0.43, 0.09, 0.57, 0.17), 0.02, role="accent"),
        ),
        details=(((0.5, 0.17), (0.5, 0.87)), *quilts, *sleeve_q),
        floor=0.87,
        flat=True,
        puffy=True,
    )


def trousers() -> Shape:
    outline = (
        (0.33, 0.1),
        (0.67, 0.1),
        (0.7, 0.45),
        (0.76, 0.92),
        (0.53, 0.92),
        (0.5, 0.38),
        (0.47, 0.92),
        (0.24, 0.92),
        (0.3, 0.45),
    )
    return Shape(
        parts=(
            poly(*outline, round_by=0.015),
            rrect((0.325, 0.1, 0.675, 0.155), 0.005, role="accent"),
        ),
        details=(
            ((0.4, 0.16), (0.38, 0.91)),
            ((0.6, 0.16), (0.62, 0.91)),
            ((0.5, 0.16), (0.5, 0.3)),
            ((0.34, 0.16), (0.4, 0.26)),
            ((0.66, 0.16), (0.6, 0.26)),
        ),
        floor=0.92,
        flat=True,
    )


def dress() -> Shape:
    half = (
        (0.5, 0.3),
        (0.41, 0.22),
        (0.39, 0.1),
        (0.385, 0.1),
        (0.375, 0.24),
        (0.355, 0.4),
        (0.37, 0.48),
        (0.25, 0.92),
        (0.5, 0.935),
    )
    return Shape(
        parts=(poly(*mirror(half), round_by=0.015),),
        details=(
            ((0.375, 0.24), (0.41, 0.22), (0.5, 0.3), (0.59, 0.22), (0.625, 0.24)),
            ((0.43, 0.5), (0.38, 0.9)),
            ((0.57, 0.5), (0.62, 0.9)),
            ((0.5, 0.55), (0.5, 0.92)),
        ),
        detail_width=0.003,
        floor=0.935,
        flat=True,
    )


def sneaker() -> Shape:
    upper = (
        (0.08, 0.62),
        (0.09, 0.56),
        (0.2, 0.5),
        (0.35, 0.46),
        (0.47, 0.4),
        (0.57, 0.33),
        (0.62, 0.28),
        (0.67, 0.28),
        (0.71, 0.34),
        (0.8, 0.35),
        (0.86, 0.31),
        (0.91, 0.34),
        (0.94, 0.45),
        (0.94, 0.62),
    )
    sole = ((0.05, 0.6), (0.95, 0.6), (0.965, 0.66), (0.92, 0.7), (0.1, 0.7), (0.055, 0.66))
    laces = tuple(
        ((0.44 + i * 0.045, 0.43 - i * 0.037), (0.5 + i * 0.045, 0.455 - i * 0.037))
        for i in range(4)
    )
    return Shape(
        parts=(
            poly(*upper, round_by=0.05),
            poly(
                (0.09, 0.6),
                (0.3, 0.55),
                (0.62, 0.55),
                (0.94, 0.49),
                (0.945, 0.61),
                role="accent",
                round_by=0.02,
            ),
            poly((0.87, 0.31), (0.91, 0.335), (0.94, 0.45), (0.9, 0.46), role="accent"),
            poly(*sole, role="sole", round_by=0.025),
        ),
        details=(
            ((0.07, 0.655), (0.95, 0.655)),
            ((0.4, 0.47), (0.5, 0.5), (0.62, 0.47), (0.71, 0.36)),
            ((0.11, 0.57), (0.2, 0.52), (0.28, 0.51), (0.3, 0.555)),
            *laces,
        ),
        floor=0.7,
    )


def boot() -> Shape:
    upper = (
        (0.1, 0.75),
        (0.11, 0.65),
        (0.2, 0.59),
        (0.35, 0.55),
        (0.45, 0.49),
        (0.5, 0.38),
        (0.52, 0.16),
        (0.53, 0.1),
        (0.8, 0.09),
        (0.81, 0.3),
        (0.82, 0.55),
        (0.85, 0.75),
    )
    return Shape(
        parts=(
            poly(*upper, round_by=0.04),
            poly(
                (0.6, 0.1), (0.71, 0.1), (0.68, 0.45), (0.63, 0.45), role="accent", round_by=0.015
            ),
            rrect((0.77, 0.03, 0.815, 0.13), 0.012, role="accent"),
            poly(
                (0.08, 0.73),
                (0.87, 0.73),
                (0.87, 0.82),
                (0.63, 0.82),
                (0.6, 0.785),
                (0.09, 0.785),
                role="dark",
                round_by=0.012,
            ),
        ),
        details=(
            ((0.12, 0.7), (0.84, 0.7)),
            ((0.14, 0.64), (0.22, 0.6), (0.3, 0.6), (0.32, 0.7)),
        ),
        floor=0.82,
    )


def slipon() -> Shape:
    upper = (
        (0.07, 0.65),
        (0.09, 0.57),
        (0.2, 0.52),
        (0.36, 0.48),
        (0.5, 0.44),
        (0.56, 0.47),
        (0.72, 0.47),
        (0.86, 0.43),
        (0.92, 0.5),
        (0.94, 0.65),
    )
    return Shape(
        parts=(
            poly(*upper, round_by=0.07),
            poly((0.47, 0.45), (0.53, 0.45), (0.51, 0.53), role="accent", round_by=0.015),
            poly(
                (0.05, 0.62),
                (0.95, 0.62),
                (0.96, 0.7),
                (0.92, 0.73),
                (0.08, 0.73),
                (0.05, 0.7),
                role="sole",
                round_by=0.04,
            ),
        ),
        details=(
            ((0.05, 0.67), (0.95, 0.67)),
            ((0.1, 0.6), (0.2, 0.54), (0.3, 0.53), (0.32, 0.62)),
        ),
        floor=0.73,
    )
