"""URL slugs for shows: readable, ASCII, unique within one store."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

MAX_SLUG = 80
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug_base(title: str) -> str:
    """ "Summer Drop: Linen Shirts!" -> "summer-drop-linen-shirts".

    A title with no Latin letters or digits (e.g. Chinese) becomes "show"; an all-digit slug
    gets a "show-" prefix so it can never be read as a show id.
    """
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = _NOT_SLUG.sub("-", ascii_title.lower()).strip("-")[:MAX_SLUG].rstrip("-")
    if not slug:
        return "show"
    return f"show-{slug}" if slug.isdigit() else slug


def unique_slug(title: str, taken: Collection[str]) -> str:
    """The slug for TITLE, numbered ("-2", "-3"...) past the ones TAKEN in the store."""
    base = slug_base(title)
    if base not in taken:
        return base
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = base[: MAX_SLUG - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        number += 1
