"""Silhouettes of beauty, electronics and home goods, standing on a surface."""

from __future__ import annotations

from crosslive.demo.shapes import Shape, ellipse, poly, rrect


def dropper_bottle() -> Shape:
    return Shape(
        parts=(
            rrect((0.33, 0.38, 0.67, 0.88), 0.05),
            rrect((0.42, 0.3, 0.58, 0.39), 0.01, role="metal"),
            rrect((0.445, 0.1, 0.555, 0.31), 0.05, role="dark"),
            rrect((0.36, 0.52, 0.64, 0.76), 0.01, role="label"),
        ),
        label=((0.36, 0.52, 0.64, 0.76), "NIACINAMIDE 10%\nQINGLAN\n30 ml"),
        floor=0.88,
    )


def lip_balm() -> Shape:
    return Shape(
        parts=(
            rrect((0.38, 0.48, 0.62, 0.9), 0.02, role="metal"),
            poly((0.41, 0.49), (0.41, 0.26), (0.59, 0.16), (0.59, 0.49)),
            rrect((0.37, 0.47, 0.63, 0.52), 0.005, role="metal"),
        ),
        details=(((0.38, 0.7), (0.62, 0.7)),),
        floor=0.9,
    )


def tube() -> Shape:
    return Shape(
        parts=(
            poly((0.36, 0.14), (0.64, 0.14), (0.62, 0.75), (0.38, 0.75)),
            rrect((0.355, 0.1, 0.645, 0.16), 0.005, role="accent"),
            rrect((0.4, 0.74, 0.6, 0.9), 0.02, role="dark"),
        ),
        label=((0.39, 0.35, 0.61, 0.6), "QINGLAN\nMINERAL\nSPF 50\n50 ml"),
        details=(((0.36, 0.13), (0.64, 0.13)),),
        floor=0.9,
    )


def earbuds() -> Shape:
    return Shape(
        parts=(
            rrect((0.2, 0.42, 0.62, 0.82), 0.12),
            ellipse((0.64, 0.44, 0.76, 0.56)),
            rrect((0.69, 0.52, 0.725, 0.74), 0.015),
            ellipse((0.78, 0.5, 0.9, 0.62)),
            rrect((0.83, 0.58, 0.865, 0.8), 0.015),
            ellipse((0.395, 0.7, 0.425, 0.73), role="glow"),
        ),
        details=(((0.21, 0.53), (0.61, 0.53)),),
        floor=0.82,
    )


def power_bank() -> Shape:
    return Shape(
        parts=(
            rrect((0.28, 0.16, 0.72, 0.86), 0.08),
            rrect((0.45, 0.14, 0.55, 0.165), 0.008, role="dark"),
            *(
                ellipse((0.44 + i * 0.04, 0.78, 0.46 + i * 0.04, 0.8), role="glow")
                for i in range(3)
            ),
        ),
        label=((0.33, 0.44, 0.67, 0.54), "QINGLAN"),
        floor=0.86,
    )


def charger() -> Shape:
    return Shape(
        parts=(
            rrect((0.52, 0.2, 0.56, 0.34), 0.005, role="metal"),
            rrect((0.64, 0.2, 0.68, 0.34), 0.005, role="metal"),
            rrect((0.3, 0.32, 0.72, 0.86), 0.07),
            rrect((0.36, 0.4, 0.44, 0.43), 0.012, role="dark"),
            rrect((0.36, 0.48, 0.44, 0.51), 0.012, role="dark"),
            rrect((0.355, 0.56, 0.445, 0.595), 0.004, role="dark"),
        ),
        label=((0.47, 0.62, 0.7, 0.7), "65W GaN"),
        floor=0.86,
    )


def desk_lamp() -> Shape:
    return Shape(
        parts=(
            ellipse((0.22, 0.82, 0.58, 0.9)),
            rrect((0.375, 0.3, 0.405, 0.86), 0.01),
            poly((0.375, 0.3), (0.72, 0.2), (0.73, 0.23), (0.4, 0.33)),
            poly((0.6, 0.22), (0.86, 0.14), (0.88, 0.19), (0.62, 0.27)),
            poly((0.62, 0.265), (0.875, 0.185), (0.876, 0.2), (0.625, 0.28), role="glow"),
        ),
        floor=0.9,
    )


def mug() -> Shape:
    handle_outer = ellipse((0.56, 0.4, 0.8, 0.7))
    return Shape(
        parts=(
            handle_outer,
            ellipse((0.62, 0.46, 0.74, 0.64), role="hole"),
            rrect((0.25, 0.3, 0.67, 0.84), 0.04),
            rrect((0.25, 0.78, 0.67, 0.84), 0.02, role="clay"),
            ellipse((0.25, 0.27, 0.67, 0.34), role="accent"),
        ),
        floor=0.84,
    )


def towels() -> Shape:
    stack = tuple(rrect((0.2, 0.3 + i * 0.18, 0.8, 0.48 + i * 0.18), 0.07) for i in range(3))
    waffle = tuple(
        ((0.22, 0.33 + i * 0.03 + j * 0.18), (0.78, 0.33 + i * 0.03 + j * 0.18))
        for j in range(3)
        for i in range(5)
    )
    return Shape(
        parts=stack,
        details=(*waffle, *(((0.25 + i * 0.05, 0.31), (0.25 + i * 0.05, 0.46)) for i in range(11))),
        detail_width=0.0018,
        floor=0.84,
    )


def cushion() -> Shape:
    outline = (
        (0.15, 0.19),
        (0.5, 0.225),
        (0.85, 0.19),
        (0.815, 0.52),
        (0.85, 0.85),
        (0.5, 0.815),
        (0.15, 0.85),
        (0.185, 0.52),
    )
    piping = tuple((0.5 + (x - 0.5) * 0.95, 0.52 + (y - 0.52) * 0.95) for x, y in outline)
    smooth_piping = poly(*piping, round_by=0.04).points
    return Shape(
        parts=(poly(*outline, round_by=0.04),),
        details=(
            (*smooth_piping, smooth_piping[0]),
            ((0.2, 0.24), (0.3, 0.3)),
            ((0.8, 0.24), (0.71, 0.31)),
            ((0.2, 0.8), (0.3, 0.73)),
            ((0.8, 0.8), (0.7, 0.74)),
        ),
        detail_width=0.0025,
        floor=0.85,
    )
