"""A few viewers' lines in the demo's live show, in four languages, translated as live chat
is (by the configured provider: offline Apertium by default, which has en, es, fr and it),
so a newcomer sees chat across languages at once: a Spanish, French, Italian or English
browser reads the others' lines in its own language, the original a tap away; other
languages read the originals, marked "translation unavailable"."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy.orm import Session

from crosslive.chat import service as chat_service
from crosslive.settings import Settings
from crosslive.translation.languages import SUPPORTED
from crosslive.translation.service import Translator

SEED_TIMEOUT_S = 30.0
# name, language, line, question
LINES: tuple[tuple[str, str, str, bool], ...] = (
    ("Lucía", "es", "¿Cuánto cuesta el envío a España?", True),
    ("Camille", "fr", "Le sac est très beau", False),
    ("Emma", "en", "Is the mug safe in the dishwasher?", True),
    ("Marco", "it", "La borsa è molto bella", False),
)


def translated_lines(settings: Settings) -> list[dict[str, Any]]:
    """Each line's `{"lang", "translations"}`, translated before the seed's transaction."""
    # Seeding is not live chat: give the provider time (Apertium's first runs on a busy
    # machine can take seconds), rather than store a line as unavailable.
    patient = settings.model_copy(update={"translation_timeout_seconds": SEED_TIMEOUT_S})
    translator = Translator.from_settings(patient)

    async def all_lines() -> list[dict[str, Any]]:
        done = []
        for _, language, line, _ in LINES:
            targets = [code for code in SUPPORTED if code != language]
            results = await translator.translate_to(line, language, targets)
            translations = {
                code: (r.text if r.status == "translated" else None) for code, r in results.items()
            }
            done.append({"lang": language, "translations": translations})
        return done

    return asyncio.run(all_lines())


def seed_chat(db: Session, show_id: int, languages: list[dict[str, Any]]) -> None:
    for (name, _, line, question), translated in zip(LINES, languages, strict=True):
        chat_service.post_seeded_message(
            db, show_id, name=name, body=line, question=question, languages=translated
        )
