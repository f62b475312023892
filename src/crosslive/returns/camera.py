"""What to show on camera per category (DOMAIN.md section 2), as short checklists the host
ticks during the show. Item keys are stored with each tick: never rename one, add new keys."""

from __future__ import annotations

from dataclasses import dataclass

from crosslive.catalog.models import Category


@dataclass(frozen=True)
class CheckItem:
    key: str
    label: str


CHECKLISTS: dict[Category, tuple[CheckItem, ...]] = {
    Category.APPAREL: (
        CheckItem("measure", "Measure it against the size chart"),
        CheckItem("natural_light", "Show it in natural light, not only studio light"),
        CheckItem("model_size", "Say the model's height and the size worn"),
        CheckItem("flaws", "Point out any small flaw up front"),
    ),
    Category.SHOES: (
        CheckItem("size_conversion", "Give the size conversion for the viewers' markets"),
        CheckItem("width", "Say whether it runs narrow or wide"),
        CheckItem("on_foot", "Show it on foot, walking, in natural light"),
        CheckItem("sole", "Show the sole and the inside lining"),
    ),
    Category.BEAUTY: (
        CheckItem("daylight_swatch", "Swatch it in daylight"),
        CheckItem("skin_tones", "Swatch it on several skin tones"),
        CheckItem("ingredients", "Name the key ingredients and allergens"),
    ),
    Category.ELECTRONICS: (
        CheckItem("unbox", "Unbox it: show everything in the box"),
        CheckItem("use", "Use it on camera, switched on"),
        CheckItem("warranty", "Name the warranty and where repairs go"),
        CheckItem("plug", "Say which plug and voltage it ships with"),
    ),
    Category.HOME: (
        CheckItem("reference_object", "Show it next to a reference object for scale"),
        CheckItem("material", "Say the material and how it feels"),
        CheckItem("dimensions", "Read out the dimensions"),
    ),
    Category.OTHER: (
        CheckItem("natural_light", "Show it in natural light, not only studio light"),
        CheckItem("details", "Show the details up close and say the material"),
    ),
}


def checklist(category: Category) -> tuple[CheckItem, ...]:
    return CHECKLISTS[category]


def item_keys(category: Category) -> set[str]:
    return {item.key for item in CHECKLISTS[category]}
