"""What a kind of garment needs from a size chart, and how much room (ease) it wants.

The kind is read from the product's type and tags (Shopify `Type`, e.g. "Dress", "Jeans",
"Knit top", "Coat"). Tops and dresses are sized by the chest (bust), bottoms by the waist and
hips, shoes by the foot length. Stretch knits want less room than the regular ease of
`chart.EASE_CM`, coats more (they are worn over other clothes).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from crosslive.fit.sizes import Garment
from crosslive.i18n import N_, Listed, Message


class Style(enum.StrEnum):
    APPAREL = "apparel"  # nothing more specific is known
    TOP = "top"
    DRESS = "dress"
    BOTTOM = "bottom"
    KNIT = "knit"
    OUTERWEAR = "outerwear"
    SHOES = "shoes"


# Checked in this order: a "knit dress" is a knit, a "denim jacket" outerwear.
KEYWORDS: list[tuple[Style, tuple[str, ...]]] = [
    (Style.KNIT, ("knit", "stretch", "bodycon", "legging", "swim", "jersey")),
    (Style.OUTERWEAR, ("coat", "jacket", "parka", "blazer", "outerwear", "puffer")),
    (Style.BOTTOM, ("pant", "trouser", "jean", "skirt", "short", "bottom", "culotte")),
    (Style.DRESS, ("dress", "gown", "romper", "jumpsuit")),
    (Style.TOP, ("top", "shirt", "blouse", "tee", "sweater", "hoodie", "cardigan")),
]
# Dimensions a chart must list for the kind (any one of them will do).
NEEDS: dict[Style, tuple[str, ...]] = {
    Style.APPAREL: ("chest", "waist", "hips"),
    Style.TOP: ("chest",),
    Style.DRESS: ("chest",),
    Style.KNIT: ("chest", "waist", "hips"),
    Style.OUTERWEAR: ("chest",),
    Style.BOTTOM: ("waist", "hips"),
    Style.SHOES: ("foot_length",),
}
# What to measure, by body dimension, as a viewer reads it (translated when shown).
NEED_WORDS = {
    "chest": Message(N_("bust or chest")),
    "waist": Message(N_("waist")),
    "hips": Message(N_("hips")),
    "foot_length": Message(N_("foot length")),
}
# Added to the regular ease of chart.EASE_CM, in cm.
EASE_OFFSET_CM: dict[Style, dict[str, float]] = {
    Style.KNIT: {"chest": -5.0, "waist": -4.0, "hips": -5.0},
    Style.OUTERWEAR: {"chest": 8.0, "waist": 8.0, "hips": 6.0},
}


def style_of(garment: Garment, product_type: str, tags: Iterable[str]) -> Style:
    if garment in (Garment.WOMENS_SHOES, Garment.MENS_SHOES):
        return Style.SHOES
    words = " ".join([product_type, *tags]).lower()
    for style, keys in KEYWORDS:
        if any(key in words for key in keys):
            return style
    return Style.APPAREL


def ease_offset(style: Style, dimension: str) -> float:
    return EASE_OFFSET_CM.get(style, {}).get(dimension, 0.0)


def missing_need(style: Style, chart_dimensions: set[str]) -> Listed | None:
    """The words for what the chart lacks for this kind ('waist or hips'), or None when it
    has enough."""
    needs = NEEDS[style]
    if chart_dimensions & set(needs):
        return None
    return Listed(tuple(NEED_WORDS[n] for n in needs), "or")
