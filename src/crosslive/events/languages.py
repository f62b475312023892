"""Events in each viewer's language.

An event whose data carries `translations` ({language: text, or None where none could be
made}) and `lang` (the language it was written in) is sent to each viewer in their own
language: the data keeps `body` (the original) and `lang`, loses the full `translations`
table, and gains `translation`: `{"lang", "body"}`, or `{"lang", "unavailable": true}` when
no provider translated it. A viewer reading the original's language, or one without a
language, gets neither. The frame is built once per language present, never per viewer.

A viewer whose language nobody in the room read when an event was posted finds it in the
backlog without that language; a `BacklogFiller` (the chat provides one) adds it before the
backlog is sent.
"""

from __future__ import annotations

from typing import Any

from crosslive.events.frames import text_frame


def is_translated(event: dict[str, Any]) -> bool:
    data = event.get("data")
    return isinstance(data, dict) and isinstance(data.get("translations"), dict)


def lacks(event: dict[str, Any], language: str) -> bool:
    """Whether EVENT is translated for its room but was never translated into LANGUAGE (a
    reader of the original's language needs none)."""
    if not is_translated(event):
        return False
    data = event["data"]
    return (
        isinstance(data.get("body"), str)
        and isinstance(data.get("lang"), str)
        and language != data["lang"]
        and language not in data["translations"]
    )


def with_translation(event: dict[str, Any], language: str, text: str | None) -> dict[str, Any]:
    """EVENT with TEXT as its translation into LANGUAGE (None: none could be made)."""
    data = event["data"]
    return {**event, "data": {**data, "translations": {**data["translations"], language: text}}}


class BacklogFiller:
    """Adds a joining viewer's language to the backlog events that lack it. This one adds
    nothing (an app without translation); the chat's translates."""

    async def fill(self, backlog: list[dict[str, Any]], language: str) -> list[dict[str, Any]]:
        return backlog


def localise(event: dict[str, Any], language: str | None) -> dict[str, Any]:
    """EVENT as a viewer reading LANGUAGE receives it."""
    if not is_translated(event):
        return event
    data = dict(event["data"])
    translations = data.pop("translations")
    if language is not None and language != data.get("lang"):
        text = translations.get(language)
        if isinstance(text, str):
            data["translation"] = {"lang": language, "body": text}
        else:
            data["translation"] = {"lang": language, "unavailable": True}
    return {**event, "data": data}


class LanguageFrames:
    """The frame (and its payload) of one event per language, each built on first use."""

    __slots__ = ("_encode", "_event", "_frames")

    def __init__(self, event: dict[str, Any], encode: Any) -> None:
        self._event = event
        self._encode = encode
        self._frames: dict[str | None, tuple[bytes, bytes]] = {}

    def get(self, language: str | None) -> tuple[bytes, bytes]:
        built = self._frames.get(language)
        if built is None:
            data = self._encode(localise(self._event, language))
            built = self._frames[language] = (text_frame(data), data)
        return built

    @property
    def built(self) -> int:
        return len(self._frames)
