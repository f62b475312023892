"""Names that are never translated: brands and products are swapped for placeholders that
translation engines pass through untouched, and put back afterwards."""

from __future__ import annotations

import re
from dataclasses import dataclass

# An all-caps token with digits: engines treat it as an unknown word or a code and keep it.
_PLACEHOLDER = "ZQX{}QZ"
_FOUND = re.compile(r"ZQX\s?(\d+)\s?QZ", re.IGNORECASE)


@dataclass(frozen=True)
class Protected:
    text: str
    names: tuple[str, ...]


class Glossary:
    def __init__(self, terms: list[str] | tuple[str, ...] = ()) -> None:
        cleaned = sorted({t.strip() for t in terms if t.strip()}, key=len, reverse=True)
        self.terms = tuple(cleaned)
        # Whole words only, the longest first (so "Crosslive Studio" wins over "Crosslive").
        self._pattern = (
            re.compile("|".join(rf"(?<!\w){re.escape(t)}(?!\w)" for t in cleaned))
            if cleaned
            else None
        )

    def protect(self, text: str) -> Protected:
        if self._pattern is None:
            return Protected(text, ())
        names: list[str] = []

        def swap(match: re.Match[str]) -> str:
            names.append(match.group(0))
            return _PLACEHOLDER.format(len(names) - 1)

        return Protected(self._pattern.sub(swap, text), tuple(names))

    @staticmethod
    def restore(translated: str, protected: Protected) -> str | None:
        """The translation with the names back; None when the engine lost a placeholder."""
        if not protected.names:
            return translated
        seen: set[int] = set()

        def back(match: re.Match[str]) -> str:
            index = int(match.group(1))
            if index >= len(protected.names):
                return match.group(0)
            seen.add(index)
            return protected.names[index]

        restored = _FOUND.sub(back, translated)
        return restored if len(seen) == len(protected.names) else None
