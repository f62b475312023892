"""Demo product pictures drawn with Pillow: a studio shot and a natural-daylight shot.

The studio shot sits on a clean white-to-grey sweep with a soft shadow. The daylight shot is
what a buyer sees at home: a warmer cast, window light falling across, a hard-edged shadow, a
table or linen surface and a little sensor grain. Both are deterministic for a given seed.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

from crosslive.demo.shapes import Part, Shape
from crosslive.demo.silhouettes import SHAPES

SIZE = 800
_SS = 2  # supersampling factor for smooth edges
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
RGB = tuple[int, int, int]

_ROLE_COLOURS: dict[str, RGB] = {
    "sole": (238, 235, 228),
    "dark": (40, 40, 43),
    "metal": (190, 192, 196),
    "label": (247, 245, 240),
    "glow": (255, 238, 196),
    "clay": (198, 172, 142),
}


def font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONT_DIR / name), size)


def scaled(rgb: RGB, factor: float) -> RGB:
    r, g, b = (min(255, max(0, round(c * factor))) for c in rgb)
    return (r, g, b)


def _part_colour(role: str, main: RGB) -> RGB:
    if role == "accent":
        # A trim one step darker (light colours) or lighter (dark colours) than the body.
        return scaled(main, 0.84 if sum(main) > 240 else 1.35)
    return _ROLE_COLOURS.get(role, main)


def _px(value: float, scale: int = 1) -> float:
    return value * SIZE * scale


def _mask(part: Part) -> Image.Image:
    big = Image.new("L", (SIZE * _SS, SIZE * _SS), 0)
    draw = ImageDraw.Draw(big)
    if part.kind == "poly":
        draw.polygon([(_px(x, _SS), _px(y, _SS)) for x, y in part.points], fill=255)
    else:
        box = tuple(_px(v, _SS) for v in part.box)
        if part.kind == "ellipse":
            draw.ellipse(box, fill=255)
        else:
            draw.rounded_rectangle(box, radius=_px(part.radius, _SS), fill=255)
    return big.reduce(_SS)


def _light_gradient(low: int) -> Image.Image:
    """Brightest at the top left, `low` at the bottom right (key light from the upper left)."""
    ramp = Image.linear_gradient("L").rotate(45, resample=Image.Resampling.BILINEAR, expand=True)
    ramp = ramp.crop((ramp.width // 4, ramp.height // 4, ramp.width * 3 // 4, ramp.height * 3 // 4))
    ramp = ramp.resize((SIZE, SIZE), Image.Resampling.BILINEAR)
    return ramp.point(lambda v: 255 - (255 - low) * v // 255)


def _blurred(mask: Image.Image, radius: float, factor: int) -> Image.Image:
    """A Gaussian blur computed at 1/factor resolution: soft shapes need no more detail."""
    small = mask.reduce(factor).filter(ImageFilter.GaussianBlur(radius / factor))
    return small.resize(mask.size, Image.Resampling.BILINEAR)


def _thick(mask: Image.Image) -> bool:
    """Whether some of the part lies more than ~12 px from its edge (not a thin band)."""
    return mask.reduce(4).filter(ImageFilter.MinFilter(7)).getbbox() is not None


def _padded_box(mask: Image.Image, pad: int) -> tuple[int, int, int, int] | None:
    box = mask.getbbox()
    if box is None:
        return None
    left, top, right, bottom = box
    return (max(0, left - pad), max(0, top - pad), min(SIZE, right + pad), min(SIZE, bottom + pad))


def _noise(sigma: float, scale: int, amplitude: int) -> Image.Image:
    """Mid-grey RGB noise for ImageChops.overlay; `scale` > 1 makes it coarser."""
    grain = Image.effect_noise((SIZE // scale, SIZE // scale), sigma)
    if scale > 1:
        grain = grain.resize((SIZE, SIZE), Image.Resampling.BILINEAR)
    return grain.point(lambda v: 128 + (v - 128) // amplitude).convert("RGB")


def _vertical(top: RGB, bottom: RGB) -> Image.Image:
    ramp = Image.linear_gradient("L").resize((SIZE, SIZE))
    return Image.composite(
        Image.new("RGB", (SIZE, SIZE), bottom), Image.new("RGB", (SIZE, SIZE), top), ramp
    )


def _bbox(coverage: Image.Image) -> tuple[int, int, int, int]:
    return coverage.point(lambda v: 255 if v > 40 else 0).getbbox() or (0, 0, SIZE, SIZE)


@dataclass(frozen=True)
class ProductLayer:
    """The shaded object (drawn once, then placed in any scene) and its coverage mask."""

    shape: Shape
    image: Image.Image
    coverage: Image.Image


class PhotoKit:
    """Backdrops, light, grain and texture shared by every picture of one seeding run.

    Building them once and reusing them keeps a whole catalog's pictures to a few seconds.
    """

    def __init__(self) -> None:
        self._light = _light_gradient(214)
        spot = Image.new("L", (SIZE, SIZE), 0)
        ImageDraw.Draw(spot).ellipse((_px(0.18), _px(0.1), _px(0.55), _px(0.45)), fill=44)
        self._sheen = _blurred(spot, SIZE * 0.08, 4)
        self._weave = _noise(40, 2, 9)
        self._grain = _noise(22, 1, 3)
        self._studio = self._studio_backdrop()
        self._linen = ImageChops.overlay(
            _vertical((236, 229, 217), (226, 217, 203)), _noise(40, 2, 6)
        )
        self._walls: dict[int, Image.Image] = {}
        self._daylight: dict[int, Image.Image] = {}

    # The object ---------------------------------------------------------------------------

    def product(self, shape_name: str, main: RGB) -> ProductLayer:
        shape = SHAPES[shape_name]()
        layer = Image.new("RGB", (SIZE, SIZE), (0, 0, 0))
        coverage = Image.new("L", (SIZE, SIZE), 0)
        for part in shape.parts:
            mask = _mask(part)
            if part.role == "hole":
                coverage = ImageChops.subtract(coverage, mask)
                continue
            self._paste_shaded(layer, _part_colour(part.role, main), mask)
            coverage = ImageChops.lighter(coverage, mask)
        if shape.flat:
            layer = ImageChops.overlay(layer, self._weave)
        layer = _draw_details(layer, shape, coverage, dark=sum(main) < 240)
        sheen = ImageChops.multiply(self._sheen, coverage)
        layer = ImageChops.screen(layer, sheen.convert("RGB"))
        if shape.label is not None:
            _draw_label(layer, *shape.label)
        return ProductLayer(shape, layer, coverage)

    def _paste_shaded(self, layer: Image.Image, colour: RGB, mask: Image.Image) -> None:
        """Paint a part in its colour, darker towards its edges and away from the key light.

        Only the part's own box is processed: most parts cover a small share of the picture.
        """
        radius = SIZE * 0.03
        box = _padded_box(mask, round(radius * 3))
        if box is None:
            return
        part_mask = mask.crop(box)
        depth = _blurred(part_mask, radius, 2) if min(part_mask.size) >= 8 else part_mask
        # A thin part (a collar band, a lamp arm) would be all edge: shade it lightly.
        low = 178 if _thick(part_mask) else 222
        edge = depth.point(lambda v: low + (255 - low) * v // 255)
        shade = ImageChops.multiply(edge, self._light.crop(box))
        painted = ImageChops.multiply(
            Image.new("RGB", part_mask.size, colour), shade.convert("RGB")
        )
        layer.paste(painted, box[:2], part_mask)

    # Studio ------------------------------------------------------------------------------

    def _studio_backdrop(self) -> Image.Image:
        scene = _vertical((252, 252, 252), (224, 225, 228))
        glow = Image.new("L", scene.size, 0)
        ImageDraw.Draw(glow).ellipse((_px(0.15), _px(0.1), _px(0.85), _px(0.8)), fill=70)
        return ImageChops.screen(scene, _blurred(glow, _px(0.12), 4).convert("RGB"))

    def studio(self, product: ProductLayer) -> Image.Image:
        """Clean white-to-grey sweep, soft key light from the upper left, soft shadow."""
        scene = self._studio.copy()
        if product.shape.flat:
            _shadow(scene, product.coverage, (0.012, 0.018), 0.022, 70, 4)
        else:
            _shadow(scene, product.coverage, (0.02, 0.01), 0.03, 50, 4)
            _contact_shadow(scene, product, 0.0)
        scene.paste(product.image, (0, 0), product.coverage)
        return scene

    # Daylight ----------------------------------------------------------------------------

    def natural(self, product: ProductLayer, seed: int) -> Image.Image:
        """Daylight by a window: warmer, uneven light, a sharper shadow, grain."""
        shape = product.shape
        scene = self._linen.copy() if shape.flat else self._wall(round(_px(shape.floor - 0.1)))
        if shape.flat:
            _shadow(scene, product.coverage, (0.022, 0.012), 0.008, 80, 2)
        else:
            _shadow(scene, product.coverage, (0.06, 0.0), 0.01, 70, 2)
            _contact_shadow(scene, product, 0.01)
        scene.paste(product.image, (0, 0), product.coverage)
        scene = ImageChops.multiply(scene, self._daylight_for(seed % 3))
        scene = ImageChops.overlay(scene, self._grain)
        _caption(scene, "Natural daylight \u00b7 unretouched")
        return scene

    def _wall(self, horizon: int) -> Image.Image:
        """A warm wall with a wooden table top from `horizon` down (copied, cached per height)."""
        if horizon not in self._walls:
            rng = random.Random(horizon)
            scene = _vertical((231, 221, 204), (214, 201, 182))
            table = _vertical((206, 170, 128), (176, 138, 98)).crop((0, 0, SIZE, SIZE - horizon))
            draw = ImageDraw.Draw(table)
            for _ in range(38):
                y = rng.uniform(0, table.height)
                tone = rng.choice(((160, 122, 84), (190, 152, 110), (150, 114, 78)))
                end = y + rng.uniform(-6, 6)
                draw.line([(0, y), (SIZE, end)], fill=tone, width=rng.choice((1, 1, 2)))
            scene.paste(table.filter(ImageFilter.GaussianBlur(0.8)), (0, horizon))
            ImageDraw.Draw(scene).line(
                [(0, horizon), (SIZE, horizon)], fill=(150, 118, 86), width=2
            )
            self._walls[horizon] = scene
        return self._walls[horizon].copy()

    def _daylight_for(self, variant: int) -> Image.Image:
        """Warm cast, panes of window light falling diagonally, darker corners: one multiplier."""
        if variant not in self._daylight:
            rng = random.Random(variant)
            light = Image.new("L", (SIZE, SIZE), 196)
            draw = ImageDraw.Draw(light)
            x0 = _px(rng.uniform(-0.15, 0.05))
            pane, gap, slant = _px(0.24), _px(0.035), _px(0.35)
            for col in range(3):
                left = x0 + col * (pane + gap)
                corners = [
                    (left, 0),
                    (left + pane, 0),
                    (left + pane + slant, SIZE),
                    (left + slant, SIZE),
                ]
                draw.polygon(corners, fill=255)
            light = _blurred(light, _px(0.02), 2)
            vignette = Image.new("L", (SIZE, SIZE), 204)
            ImageDraw.Draw(vignette).ellipse((-_px(0.2), -_px(0.2), _px(1.2), _px(1.2)), fill=255)
            light = ImageChops.multiply(light, _blurred(vignette, _px(0.12), 4))
            warm = Image.new("RGB", (SIZE, SIZE), (255, 242, 222))
            self._daylight[variant] = ImageChops.multiply(warm, light.convert("RGB"))
        return self._daylight[variant]


def _draw_details(
    layer: Image.Image, shape: Shape, coverage: Image.Image, *, dark: bool
) -> Image.Image:
    """Seams and edges: darker than the cloth, or lighter on dark colours so they still show."""
    if not shape.details:
        return layer
    big = Image.new("L", (SIZE * _SS, SIZE * _SS), 0)
    draw = ImageDraw.Draw(big)
    width = max(1, round(_px(shape.detail_width, _SS)))
    for line in shape.details:
        draw.line([(_px(x, _SS), _px(y, _SS)) for x, y in line], fill=150, width=width)
    lines = ImageChops.multiply(big.reduce(_SS), coverage)
    if shape.puffy:
        bands = lines.point(lambda v: 255 if v > 20 else 0).filter(ImageFilter.MaxFilter(9))
        dip = ImageChops.multiply(_blurred(bands, _px(0.02), 2), coverage)
        shade = ImageChops.invert(dip.point(lambda v: v * 50 // 100))
        layer = ImageChops.multiply(layer, shade.convert("RGB"))
    if dark:
        seam = layer.point(lambda v: min(255, v * 3 // 2 + 22))
    else:
        seam = layer.point(lambda v: v * 62 // 100)
    return Image.composite(seam, layer, lines)


def _draw_label(layer: Image.Image, box: tuple[float, float, float, float], text: str) -> None:
    draw = ImageDraw.Draw(layer)
    lines = text.split("\n")
    left, top, right, bottom = (_px(v) for v in box)
    widest = max(draw.textlength(line, font=font(100, bold=True)) for line in lines)
    size = int(min((bottom - top) / (len(lines) * 1.45), 100 * (right - left) * 0.82 / widest))
    y = top + ((bottom - top) - size * 1.35 * len(lines)) / 2
    for index, line in enumerate(lines):
        face = font(size, bold=index == 0)
        width = draw.textlength(line, font=face)
        draw.text((left + (right - left - width) / 2, y), line, fill=(58, 56, 54), font=face)
        y += size * 1.35


def _shadow(
    scene: Image.Image,
    coverage: Image.Image,
    offset: tuple[float, float],
    blur: float,
    alpha: int,
    factor: int,
) -> None:
    shifted = ImageChops.offset(coverage, round(_px(offset[0])), round(_px(offset[1])))
    soft = _blurred(shifted, _px(blur), factor).point(lambda v: v * alpha // 255)
    scene.paste((30, 26, 22), (0, 0), soft)


def _contact_shadow(scene: Image.Image, product: ProductLayer, dx: float) -> None:
    left, _, right, _ = _bbox(product.coverage)
    spot = Image.new("L", scene.size, 0)
    floor = _px(product.shape.floor)
    box = (left + 10 + _px(dx), floor - _px(0.018), right - 10 + _px(dx), floor + _px(0.018))
    ImageDraw.Draw(spot).ellipse(box, fill=150)
    scene.paste((35, 30, 26), (0, 0), _blurred(spot, _px(0.014), 2))


def _caption(scene: Image.Image, text: str) -> None:
    draw = ImageDraw.Draw(scene, "RGBA")
    face = font(17)
    width = draw.textlength(text, font=face)
    box = (22, SIZE - 52, 22 + width + 28, SIZE - 20)
    draw.rounded_rectangle(box, radius=16, fill=(20, 20, 20, 120))
    draw.text((36, SIZE - 46), text, fill=(255, 255, 255, 235), font=face)


def jpeg_bytes(image: Image.Image, quality: int = 86) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()
