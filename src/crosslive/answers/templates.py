"""Answer templates per language: gettext catalogs of this domain
(locale/<lang>/LC_MESSAGES/answers.po), read with Babel. The English text is the message id;
an empty or missing translation falls back to it. Templates hold only wording: every number
and name comes from the facts they are filled with. A country, market or city name stands
after a colon or a dash, never after a preposition or article ("Versandlager: Amsterdam",
"Entrepôt des retours : Amsterdam"), so that any name reads right in every language without
a table of articles and contractions per country.

Every value filled into a right-to-left template (Arabic) stands between FIRST STRONG
ISOLATE and POP DIRECTIONAL ISOLATE (U+2068 ... U+2069), as does a value holding
right-to-left letters in any other template: "65 W GaN Charger, 3 Ports" keeps its own order
inside an Arabic sentence in the live room, in chat and in plain-text mail, where the bare
name came out as "W GaN Charger, 3 Ports 65". Bidi controls inside a value are dropped
first, so a seller's text cannot close the isolate early or reorder the rest of the line."""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from crosslive.i18n import direction

LOCALE_DIR = Path(__file__).parent / "locale"
FSI, PDI = "\u2068", "\u2069"
# Embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI) and the marks.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


@functools.cache
def catalog(language: str) -> Catalog | None:
    path = LOCALE_DIR / language / "LC_MESSAGES" / "answers.po"
    if not path.is_file():
        return None
    with path.open("rb") as f:
        return read_po(f, locale=language.replace("-", "_"), domain="answers")


def text(lang: str, msgid: str, /, **values: str) -> str:
    """The template MSGID in language LANG, filled with VALUES."""
    cat = catalog(lang)
    message = cat.get(msgid) if cat is not None else None
    template = message.string if message is not None and message.string else msgid
    right_to_left = direction(lang) == "rtl"
    return str(template).format(**{k: isolated(v, right_to_left) for k, v in values.items()})


def isolated(value: str, right_to_left: bool) -> str:
    """VALUE without bidi controls, direction-isolated when it goes into a right-to-left
    template or holds right-to-left letters itself."""
    value = BIDI_CONTROLS.sub("", value)
    if not value or not (right_to_left or _has_right_to_left(value)):
        return value
    return f"{FSI}{value}{PDI}"


def _has_right_to_left(value: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in value)


def missing(language: str, msgids: list[str]) -> list[str]:
    """The templates LANGUAGE has no translation for."""
    cat = catalog(language)
    return [m for m in msgids if cat is None or not (cat.get(m) and cat.get(m).string)]  # type: ignore[union-attr]
