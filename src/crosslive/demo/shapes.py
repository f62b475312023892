"""Product silhouettes for the demo pictures, in a unit square (x right, y down).

A shape is a stack of parts (each shaded on its own so it reads as a solid object), seam and
detail lines drawn over them, and an optional printed label.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

Point = tuple[float, float]
Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Part:
    """kind: 'poly' (points), 'ellipse' or 'rrect' (box, radius); role picks the colour."""

    kind: str
    role: str = "main"
    points: tuple[Point, ...] = ()
    box: Box = (0.0, 0.0, 0.0, 0.0)
    radius: float = 0.0


@dataclass(frozen=True)
class Shape:
    parts: tuple[Part, ...]
    details: tuple[tuple[Point, ...], ...] = ()
    detail_width: float = 0.004
    label: tuple[Box, str] | None = None
    # Where the object stands: its lowest y, for the contact shadow.
    floor: float = 0.9
    # Garments are photographed flat (laid out), objects standing on a surface.
    flat: bool = False
    # Quilted: the cloth dips into every seam (a down jacket's baffles).
    puffy: bool = False


def poly(*points: Point, role: str = "main", round_by: float = 0.0) -> Part:
    """A polygon; `round_by` rounds every corner with that radius (unit square)."""
    if round_by > 0:
        points = _rounded(points, round_by)
    return Part("poly", role, points=points)


def _rounded(points: tuple[Point, ...], radius: float, steps: int = 6) -> tuple[Point, ...]:
    """Replace each corner by a quadratic curve starting `radius` before it on each side."""
    out: list[Point] = []
    count = len(points)
    for index, (x1, y1) in enumerate(points):
        x0, y0 = points[index - 1]
        x2, y2 = points[(index + 1) % count]
        before = math.hypot(x1 - x0, y1 - y0) or 1.0
        after = math.hypot(x2 - x1, y2 - y1) or 1.0
        cut = min(radius, before * 0.45, after * 0.45)
        ax, ay = x1 - (x1 - x0) * cut / before, y1 - (y1 - y0) * cut / before
        bx, by = x1 + (x2 - x1) * cut / after, y1 + (y2 - y1) * cut / after
        for step in range(steps + 1):
            t = step / steps
            u = 1 - t
            out.append(
                (u * u * ax + 2 * u * t * x1 + t * t * bx, u * u * ay + 2 * u * t * y1 + t * t * by)
            )
    return tuple(out)


def ellipse(box: Box, role: str = "main") -> Part:
    return Part("ellipse", role, box=box)


def rrect(box: Box, radius: float, role: str = "main") -> Part:
    return Part("rrect", role, box=box, radius=radius)


def mirror(points: tuple[Point, ...]) -> tuple[Point, ...]:
    """The left half of a symmetric outline, closed by its mirror image."""
    return points + tuple((1.0 - x, y) for x, y in reversed(points))


def hline(y: float, x0: float, x1: float) -> tuple[Point, ...]:
    return ((x0, y), (x1, y))


def zoomed(make: Callable[[], Shape], factor: float) -> Callable[[], Shape]:
    """The same shape scaled about the centre (some silhouettes fill the frame too much)."""

    def scale(point: Point) -> Point:
        return (0.5 + (point[0] - 0.5) * factor, 0.55 + (point[1] - 0.55) * factor)

    def build() -> Shape:
        shape = make()
        parts = tuple(
            Part(
                part.kind,
                part.role,
                points=tuple(scale(p) for p in part.points),
                box=(*scale(part.box[:2]), *scale(part.box[2:])),
                radius=part.radius * factor,
            )
            for part in shape.parts
        )
        label = None
        if shape.label is not None:
            box, text = shape.label
            label = ((*scale(box[:2]), *scale(box[2:])), text)
        return Shape(
            parts=parts,
            details=tuple(tuple(scale(p) for p in line) for line in shape.details),
            detail_width=shape.detail_width,
            label=label,
            floor=scale((0.5, shape.floor))[1],
            flat=shape.flat,
            puffy=shape.puffy,
        )

    return build
