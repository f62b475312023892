"""Which language a buyer's email is written in.

The catalogs themselves are crosslive.i18n's. The buyer's language is the one recorded on the
order at checkout (the live room's language, else the browser's Accept-Language) when a
catalog exists for it, else the market's first language, else English; a language without a
catalog reads as English (NullTranslations)."""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable, Sequence

from crosslive import i18n

# A primary language and an optional region or script: de, pt-BR, zh-Hans.
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$")

Translations = Callable[[str], gettext.NullTranslations]


def translations(language: str) -> gettext.NullTranslations:
    """The catalog for LANGUAGE ("de", "ja-JP" -> "ja"), or NullTranslations (English)."""
    return i18n.translations(language)


def has_catalog(language: str, catalogs: Translations = translations) -> bool:
    """Whether emails can be written in LANGUAGE: English (the source) and every language
    whose catalog translates the pages (not those holding only the paid-promotion label)."""
    tag = i18n.supported(language)
    if not tag:
        return False
    return tag == i18n.DEFAULT or isinstance(catalogs(language), gettext.GNUTranslations)


def normalise(tag: str) -> str:
    """'DE-de' -> 'de-DE'; '' for anything that is not a language tag."""
    tag = tag.strip()
    if not LANGUAGE_TAG.match(tag):
        return ""
    primary, _, rest = tag.partition("-")
    if not rest:
        return primary.lower()
    return f"{primary.lower()}-{rest.upper() if len(rest) == 2 else rest}"


def email_language(
    order_language: str, market_languages: Sequence[str], catalogs: Translations = translations
) -> str:
    """The buyer's own language when a catalog exists, else the market's first, else en."""
    if has_catalog(order_language, catalogs):
        return order_language
    return market_languages[0] if market_languages else "en"
