"""Which language a buyer's email is written in, and its gettext catalog.

English strings are the message ids; a catalog at
crosslive/locale/<lang>/LC_MESSAGES/crosslive.mo translates them. The buyer's language is
the one recorded on the order at checkout (the live room's language, else the browser's
Accept-Language) when a catalog exists for it, else the market's first language, else
English; a language without a catalog reads as English (NullTranslations)."""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable, Sequence
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DOMAIN = "crosslive"
# A primary language and an optional region or script: de, pt-BR, zh-Hans.
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$")

Translations = Callable[[str], gettext.NullTranslations]


def _codes(language: str) -> list[str]:
    code = language.replace("-", "_")
    return [code, code.split("_")[0]]


def translations(language: str) -> gettext.NullTranslations:
    """The catalog for LANGUAGE ("de", "ja-JP" -> "ja"), or NullTranslations (English)."""
    return gettext.translation(
        DOMAIN, localedir=LOCALE_DIR, languages=_codes(language), fallback=True
    )


def has_catalog(language: str, catalogs: Translations = translations) -> bool:
    return bool(language) and isinstance(catalogs(language), gettext.GNUTranslations)


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
