"""Which languages a seller writes content in, and which of them the machine drafts.

A seller's own words (a product's title and description, a credential's claim and issuer, a
show's title) can be written in every language viewers read pages in: WRITTEN, the viewer
languages of crosslive.i18n. The machine translator (crosslive.translation) drafts only
some of them, DRAFTED; a draft into any other language is reported as not drafted, and the
seller types that text.
"""

from __future__ import annotations

from crosslive import i18n
from crosslive.translation import languages as translator_languages

# The languages a seller may write content in: every language viewers read pages in.
WRITTEN: tuple[str, ...] = i18n.SUPPORTED
# The languages the machine translator can draft content into.
DRAFTED: tuple[str, ...] = tuple(lang for lang in WRITTEN if lang in translator_languages.SUPPORTED)
_TRADITIONAL = ("hant", "tw", "hk", "mo")


def normalise(tag: str | None) -> str | None:
    """The content language a BCP 47 tag (pt-BR, pl_PL, zh-CN, DE) stands for, or None.

    Chinese content is written in Simplified script: zh, zh-CN and zh-Hans map to zh-Hans;
    Traditional (zh-TW, zh-HK, zh-Hant) has no content language and gives None."""
    if not tag:
        return None
    parts = tag.strip().replace("_", "-").lower().split("-")
    if parts[0] == "zh":
        return None if any(p in _TRADITIONAL for p in parts[1:]) else "zh-Hans"
    return parts[0] if parts[0] in WRITTEN else None


def draftable(lang: str) -> bool:
    """Whether the machine translator drafts content into LANG (a WRITTEN language)."""
    return lang in DRAFTED
