"""Chat across languages: a message is translated, before it is stored, into each language
its show's viewers read (in any app process), once per language; the event then carries
`lang` and `translations` and each viewer's frame is built per language (events.languages).
A viewer who joins reading a language nobody read when a message was posted gets it added to
the backlog (BacklogTranslations).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from crosslive.chat.moderation import ProfanityFilter
from crosslive.db import run_in_transaction
from crosslive.events import service as events
from crosslive.events.languages import BacklogFiller, lacks, with_translation
from crosslive.events.unit import hub_of
from crosslive.state import state_of
from crosslive.translation.languages import SUPPORTED
from crosslive.translation.service import Translator

logger = logging.getLogger(__name__)


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


# Backlog translations asked of the provider at once, all joiners of this process together.
BACKLOG_CONCURRENCY = 4


class BacklogTranslations(BacklogFiller):
    """Translates the backlog of a viewer who joins (or reconnects) reading a language that
    was not in the room when its messages were posted. Each message and language is
    translated once: joiners of one language wait on the same translation, which is then
    kept in the event (a failure too, as None, read as "translation unavailable"), so later
    joiners read it from the log. The cache and the provider's timeout apply as for a new
    message. A joiner waits one provider timeout at most; what is not done by then comes
    unavailable to them and is kept for the next joiner when it finishes."""

    def __init__(
        self,
        translator: Translator,
        profanity: ProfanityFilter,
        session_factory: sessionmaker[Session],
    ) -> None:
        self._translator = translator
        self._profanity = profanity
        self._session_factory = session_factory
        self._running: dict[tuple[int, str], asyncio.Task[str | None]] = {}
        self._texts: dict[tuple[str, str, str], asyncio.Task[str | None]] = {}
        self._slots = asyncio.Semaphore(BACKLOG_CONCURRENCY)

    async def fill(self, backlog: list[dict[str, Any]], language: str) -> list[dict[str, Any]]:
        if not self._translator.enabled:
            return backlog
        wanted = {
            event["id"]: self._task(event, language)
            for event in backlog
            if event.get("id") is not None and lacks(event, language)
        }
        if not wanted:
            return backlog
        # A little over one translation's timeout: the cache lookups and the write come first.
        await asyncio.wait(wanted.values(), timeout=self._translator.timeout + 0.5)
        return [
            with_translation(event, language, _result(wanted[event["id"]]))
            if event.get("id") in wanted
            else event
            for event in backlog
        ]

    def _task(self, event: dict[str, Any], language: str) -> asyncio.Task[str | None]:
        key = (int(event["id"]), language)
        task = self._running.get(key)
        if task is None:
            task = asyncio.create_task(self._translate(key[0], event["data"], language))
            self._running[key] = task
            task.add_done_callback(lambda done: self._finished(key, done))
        return task

    def _finished(self, key: tuple[int, str], task: asyncio.Task[str | None]) -> None:
        self._running.pop(key, None)
        if not task.cancelled() and task.exception() is not None:
            logger.warning(
                "backlog translation of event %s into %s failed: %s",
                key[0],
                key[1],
                type(task.exception()).__name__,
            )

    async def _translate(self, event_id: int, data: dict[str, Any], language: str) -> str | None:
        original, source = str(data["body"]), str(data["lang"])
        text = await self._text(original, source, language)
        await run_in_transaction(
            self._session_factory,
            lambda db: events.add_translation(db, event_id, language, text, original),
        )
        return text

    def _text(self, original: str, source: str, language: str) -> asyncio.Task[str | None]:
        """One translation of ORIGINAL for every event that says it (a question and the
        banner of its answering)."""
        key = (source, language, original)
        task = self._texts.get(key)
        if task is None:
            task = asyncio.create_task(self._ask(original, source, language))
            self._texts[key] = task
            task.add_done_callback(lambda _: self._texts.pop(key, None))
        return task

    async def _ask(self, original: str, source: str, language: str) -> str | None:
        async with self._slots:
            result = await self._translator.translate(original, source, language)
        # Masked like a message translated when it was posted.
        return self._profanity.clean(result.text) if result.status == "translated" else None


def _result(task: asyncio.Task[str | None]) -> str | None:
    """The translation TASK made; None while it runs or when it failed."""
    if not task.done() or task.cancelled() or task.exception() is not None:
        return None
    return task.result()
