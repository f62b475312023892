"""Events in each viewer's language.

An event whose data carries `translations` ({language: text, or None where none could be
made}) and `lang` (the language it was written in) is sent to each viewer in their own
language: the data keeps `body` (the original) and `lang`, loses the full `translations`
table, and gains `translation`: `{"lang", "body"}`, or `{"lang", "unavailable": true}` when
no provider translated it. A viewer reading the original's language, or one without a
language, gets neither. The frame is built once per language present, never per viewer.
"""

from __future__ import annotations

from typing import Any

from crosslive.events.frames import text_frame


def is_translated(event: dict[str, Any]) -> bool:
    data = event.get("data")
    return isinstance(data, dict) and isinstance(data.get("translations"), dict)


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
