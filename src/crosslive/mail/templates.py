"""Email templates: each domain keeps its emails in a folder of its own and renders them here.

HTML parts are autoescaped (a buyer's name is never markup), plain-text parts are not; money
is formatted by the same rules as the pages, in the email's language. Pages use the web
package's own templates.

Templates are gettext-ready: text inside `{% trans %}` blocks goes through the installed
translations (jinja2's i18n extension; `pybabel extract -F babel.cfg` collects it). Today
that is NullTranslations, English as written; a language's catalog plugs in here.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, TemplateNotFound, select_autoescape

from crosslive import i18n
from crosslive.money import format_money_in


@dataclass(frozen=True)
class RenderedEmail:
    text: str
    html: str | None


class EmailTemplates:
    """The emails in FOLDER: `NAME.txt` (required) and `NAME.html` (optional)."""

    def __init__(
        self,
        folder: Path,
        translations: gettext.NullTranslations | None = None,
        lang: str = i18n.DEFAULT,
    ) -> None:
        self._env = Environment(
            loader=FileSystemLoader(folder),
            autoescape=select_autoescape(enabled_extensions=("html",), default=False),
            extensions=["jinja2.ext.i18n"],
        )
        # newstyle: {% trans %} placeholders are escaped in HTML like any other value.
        self._env.install_gettext_translations(  # type: ignore[attr-defined]
            translations or gettext.NullTranslations(), newstyle=True
        )
        # Prices as LANG writes them ('50,00 $' in German), as the pages do; English keeps
        # the house format ('$50.00').
        self._env.filters["money"] = lambda minor, currency: format_money_in(minor, currency, lang)
        # A deadline as LANG writes it, in UTC and labelled so.
        self._env.filters["utc"] = lambda moment: i18n.format_utc(moment, lang)
        # A country code named in LANG ('KR' -> '대한민국'), as the order page names it.
        self._env.filters["place"] = lambda code: i18n.render_value(i18n.Territory(code), lang)

    def render(self, name: str, context: dict[str, Any]) -> RenderedEmail:
        text = self._env.get_template(f"{name}.txt").render(context)
        try:
            html: str | None = self._env.get_template(f"{name}.html").render(context)
        except TemplateNotFound:
            html = None
        return RenderedEmail(text=text, html=html)
