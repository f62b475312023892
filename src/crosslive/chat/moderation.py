"""Profanity filtering with glin-profanity's maintained multi-language word lists."""

from __future__ import annotations

from glin_profanity import Filter

# Languages of the markets crosslive sells into (glin-profanity's names).
LANGUAGES = [
    "english",
    "german",
    "french",
    "spanish",
    "italian",
    "portuguese",
    "dutch",
    "polish",
    "swedish",
    "japanese",
    "korean",
    "chinese",
    "arabic",
    "turkish",
    "thai",
    "hindi",
    "russian",
]
MASK = "***"


class ProfanityFilter:
    """Masks profane words (including leetspeak and accent tricks) in chat text."""

    def __init__(self, languages: list[str] | None = None) -> None:
        self._filter = Filter(
            {
                "languages": languages or LANGUAGES,  # type: ignore[typeddict-item]
                "replace_with": MASK,
                "detect_leetspeak": True,
            }
        )

    def clean(self, text: str) -> str:
        result = self._filter.check_profanity(text)
        if not result.get("contains_profanity"):
            return text
        return result.get("processed_text") or MASK
