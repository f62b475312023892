"""Errors every domain raises; the web layer maps each kind to one HTTP status."""

from __future__ import annotations

import gettext
from typing import Protocol, runtime_checkable


@runtime_checkable
class Renderable(Protocol):
    def render(self, tag: str = "en") -> str: ...


class DomainError(Exception):
    """Base: a clear message for the person who caused it. A message marked for translation
    (crosslive.i18n.N_) with {name} placeholders takes their VALUES as keywords, so the
    viewer's language can be put in when the answer is written (`translated`)."""

    status_code = 400

    def __init__(self, message: str, **values: object) -> None:
        text = message.format(**values) if values else message
        super().__init__(text)
        self.message = text
        self.template = message
        self.values = values

    def translated(self, catalog: gettext.NullTranslations, lang: str = "en") -> str:
        """The message in CATALOG's language (LANG); as written when the catalog lacks it.
        A value with a render(lang) method (crosslive.i18n.Message) is written in LANG."""
        text = catalog.gettext(self.template)
        if text == self.template:
            return self.message
        values = {
            name: value.render(lang) if isinstance(value, Renderable) else value
            for name, value in self.values.items()
        }
        return text.format(**values) if values else text

    def body(self) -> dict[str, object]:
        """The JSON answer: the message, and whatever else the caller needs to go on."""
        return {"detail": self.message}

    def body_in(self, lang: str) -> dict[str, object]:
        """The JSON answer with what else it carries written in LANG (the detail itself is
        translated by the caller through `translated`)."""
        return self.body()


class InvalidInput(DomainError):
    status_code = 422


class NotFound(DomainError):
    status_code = 404


class Conflict(DomainError):
    status_code = 409


class PermissionDenied(DomainError):
    status_code = 403


class NotAuthenticated(DomainError):
    status_code = 401


class RateLimited(DomainError):
    """Too many requests of one kind from one viewer or address; try again after a while."""

    status_code = 429

    def __init__(self, message: str, retry_after_s: float | None = None) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s
