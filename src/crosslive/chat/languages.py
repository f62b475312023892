"""Chat across languages: a message is translated, before it is stored, into each language
its show's viewers read (in any app process), once per language; the event then carries
`lang` and `translations` and each viewer's frame is built per language (events.languages).
"""

from __future__ import annotations

from typing import Any

from crosslive.chat.moderation import ProfanityFilter
from crosslive.events.unit import hub_of
from crosslive.state import state_of
from crosslive.translation.languages import SUPPORTED
from crosslive.translation.service import Translator


async def message_languages(
    app: Any, show_id: int, text: str, hint: str | None
) -> dict[str, Any] | None:
    """`{"lang", "translations"}` for a message TEXT written in the show (HINT: the writer's
    page language), or None when nothing is to be translated: translation is off, nobody
    in the room has a language, or the message's language is unknown."""
    translator = state_of(app).find(Translator)
    if translator is None or not translator.enabled:
        return None
    room = await hub_of(app).room_languages(show_id, SUPPORTED)
    if not room:
        return None
    source = translator.identify(text, hint)
    if source is None:
        return None
    done = await translator.translate_to(text, source, room - {source})
    # A translation is masked like what viewers write: an engine can word things anew.
    profanity = state_of(app).get(ProfanityFilter)
    translations = {
        language: (profanity.clean(result.text) if result.status == "translated" else None)
        for language, result in done.items()
    }
    return {"lang": source, "translations": translations}
