"""Email templates: each domain keeps its emails in a folder of its own and renders them here.

HTML parts are autoescaped (a buyer's name is never markup), plain-text parts are not; money
is formatted by the same rules as the pages. Pages use the web package's own templates.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, TemplateNotFound, select_autoescape

from crosslive.money import format_money


@dataclass(frozen=True)
class RenderedEmail:
    text: str
    html: str | None


class EmailTemplates:
    """The emails in FOLDER: `NAME.txt` (required) and `NAME.html` (optional)."""

    def __init__(self, folder: Path) -> None:
        self._env = Environment(
            loader=FileSystemLoader(folder),
            autoescape=select_autoescape(enabled_extensions=("html",), default=False),
        )
        self._env.filters["money"] = format_money

    def render(self, name: str, context: dict[str, Any]) -> RenderedEmail:
        text = self._env.get_template(f"{name}.txt").render(context)
        try:
            html: str | None = self._env.get_template(f"{name}.html").render(context)
        except TemplateNotFound:
            html = None
        return RenderedEmail(text=text, html=html)
