"""Profanity filtering with glin-profanity's maintained multi-language word lists."""

from __future__ import annotations

import functools
import re
import unicodedata

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
    "thai",
    "hindi",
    "russian",
]
MASK = "***"
# Words of shopping talk that some lists carry as slurs in another language (Turkish "cm",
# "31" and "it"; Japanese "sm"; Chinese 乳 inside 乳液 "lotion"): a size question must
# never be masked. Turkish is left out for the same reason (it is not a market here).
# Numbers (sizes, prices, quantities) are never profane; leetspeak reading would turn
# "85" into "bs" and "455" into "ass", so they are kept out of the filter's sight.
_NUMBER = re.compile(r"(?<![\w])(\d[\d.,:/%-]*)(?![\w])")
SHOPPING_WORDS = ["sm", "xx", "xxl", "cm", "it", "31", "乳"]


class ProfanityFilter:
    """Masks profane words (including leetspeak and accent tricks) in chat text."""

    def __init__(self, languages: list[str] | None = None) -> None:
        self._filter = _word_filter(tuple(languages or LANGUAGES))

    def clean(self, text: str) -> str:
        parts = _NUMBER.split(text)
        # Odd indexes are the numbers the split kept.
        return "".join(p if i % 2 else self._clean_words(p) for i, p in enumerate(parts))

    def _clean_words(self, text: str) -> str:
        if not text.strip():
            return text
        result = self._filter.check_profanity(text)
        if not result.get("contains_profanity"):
            return text
        # The lists' words are matched up to an accented letter, so the "Cu" of Spanish
        # "¿Cuánto?" reads as a Portuguese insult: text clean once its accents are gone
        # is clean (an accented insult, "coño" or "fück", is still one without them).
        if not self._filter.check_profanity(_without_accents(text)).get("contains_profanity"):
            return text
        return result.get("processed_text") or MASK


def _without_accents(text: str) -> str:
    """TEXT with each accented Latin letter written bare ("Cuánto" -> "Cuanto"); other
    scripts as they are (a Japanese voiced mark is part of the word, not an accent)."""
    return "".join(_bare(c) for c in unicodedata.normalize("NFC", text))


def _bare(char: str) -> str:
    base = unicodedata.normalize("NFD", char)[0]
    return base if not char.isascii() and base.isascii() and base.isalpha() else char


@functools.cache
def _word_filter(languages: tuple[str, ...]) -> Filter:
    """glin-profanity's filter for LANGUAGES, built once a process: building it normalises
    every word of every list (about 0.3 s), and checking text never changes it."""
    return Filter(
        {
            "languages": list(languages),
            "replace_with": MASK,
            "detect_leetspeak": True,
            "ignore_words": SHOPPING_WORDS,
        }
    )
