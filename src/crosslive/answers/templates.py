"""Answer templates per language: gettext catalogs of this domain
(locale/<lang>/LC_MESSAGES/answers.po), read with Babel. The English text is the message id;
an empty or missing translation falls back to it. Templates hold only wording: every number
and name comes from the facts they are filled with. A country, market or city name stands
after a colon or a dash, never after a preposition or article ("Versandlager: Amsterdam",
"Entrepôt des retours : Amsterdam"), so that any name reads right in every language without
a table of articles and contractions per country."""

from __future__ import annotations

import functools
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).parent / "locale"


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
    return str(template).format(**values)


def missing(language: str, msgids: list[str]) -> list[str]:
    """The templates LANGUAGE has no translation for."""
    cat = catalog(language)
    return [m for m in msgids if cat is None or not (cat.get(m) and cat.get(m).string)]  # type: ignore[union-attr]
