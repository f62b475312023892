"""What to pack a product with, by packaging kind.

The catalog's category (apparel, shoes, beauty, electronics, home) decides the kind; a product
tagged "fragile", or whose type names glass, ceramic or the like, is packed as fragile as well.
The advice is written from general packaging practice (DOMAIN.md section 2: vacuum bags for
clothes, crush-proof boxes, bubble wrap and foam for fragile goods).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from crosslive.catalog.models import Category


class PackagingKind(enum.StrEnum):
    APPAREL = "apparel"
    SHOES = "shoes"
    BEAUTY = "beauty"
    ELECTRONICS = "electronics"
    HOME = "home"
    FRAGILE = "fragile"


ADVICE: dict[PackagingKind, tuple[str, ...]] = {
    PackagingKind.APPAREL: (
        "Fold along the seams and seal each piece in a clear polybag (vacuum bag for knits).",
        "Ship in a padded mailer; a box only for structured pieces that must keep their shape.",
        "Add the size chart card so the buyer can check the fit against it.",
    ),
    PackagingKind.SHOES: (
        "Keep the shoes in their own box with tissue in the toes; never ship the bare box.",
        "Put the shoe box inside a mailer box or a second carton, filling the gaps.",
        "Add the size conversion and width note for the buyer's market.",
    ),
    PackagingKind.BEAUTY: (
        "Seal every liquid, cream or powder in its own zip bag; tape pump and screw caps.",
        "Wrap glass bottles in bubble wrap and stand them upright in a small box.",
        "Add the full ingredient list and the batch number for allergy questions.",
    ),
    PackagingKind.ELECTRONICS: (
        "Leave the device in its retail box with its inserts; anti-static bag for bare boards.",
        "Put the retail box in a crush-proof carton with 3 cm of foam or air pillows all round.",
        "Add the warranty card and the charger plug for the buyer's country.",
    ),
    PackagingKind.HOME: (
        "Wrap each piece in paper or bubble wrap; protect corners with cardboard guards.",
        "Use a carton a size bigger than the item and fill every gap so nothing moves.",
        "Add the dimensions and material on the card, as said on camera.",
    ),
    PackagingKind.FRAGILE: (
        "Double-box: wrap the item in two layers of bubble wrap, box it, then put that box in "
        "a second carton with 5 cm of cushioning on every side.",
        "Nothing may move when you shake the parcel; mark it FRAGILE on two sides.",
        "Photograph the packed parcel before it leaves: it settles transit-damage claims.",
    ),
}

_FRAGILE_WORDS = (
    "fragile",
    "glass",
    "ceramic",
    "porcelain",
    "stoneware",
    "crystal",
    "mirror",
    "vase",
)
_BY_CATEGORY = {
    Category.APPAREL: PackagingKind.APPAREL,
    Category.SHOES: PackagingKind.SHOES,
    Category.BEAUTY: PackagingKind.BEAUTY,
    Category.ELECTRONICS: PackagingKind.ELECTRONICS,
    Category.HOME: PackagingKind.HOME,
}


def is_fragile(product_type: str, tags: Iterable[str]) -> bool:
    """Tagged "fragile" (any case), or a type naming a breakable material."""
    if any(tag.strip().lower() == "fragile" for tag in tags):
        return True
    kind = product_type.lower()
    return any(word in kind for word in _FRAGILE_WORDS)


def packaging_kinds(
    category: Category, product_type: str, tags: Iterable[str]
) -> list[PackagingKind]:
    """The kinds one product is packed as: its category's (none for "other"), then fragile."""
    kinds = [_BY_CATEGORY[category]] if category in _BY_CATEGORY else []
    if is_fragile(product_type, tags):
        kinds.append(PackagingKind.FRAGILE)
    return kinds


def advice_for(kinds: Iterable[PackagingKind]) -> dict[PackagingKind, tuple[str, ...]]:
    """The advice for each kind, once each, in the order of PackagingKind."""
    wanted = set(kinds)
    return {kind: ADVICE[kind] for kind in PackagingKind if kind in wanted}
