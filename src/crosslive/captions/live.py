"""Live captions while the app runs: every second, each show on the air with captions on gets
an audio tap on its first publisher (the host); phrases go to the one transcriber; each
caption is translated for the room's languages (when a provider is configured), kept with the
show and sent to its viewers. Drops are told to the show's console, at most every few
seconds. Janus restarts are followed (a new generation means new forwards)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from datetime import UTC, datetime
from typing import Any

from crosslive.captions import service, whisper
from crosslive.captions.audio import Phrase
from crosslive.captions.forward import AudioTap
from crosslive.captions.worker import Transcriber
from crosslive.db import run_in_transaction
from crosslive.events.unit import announce_now, commit_then_publish, hub_of
from crosslive.media.errors import MediaUnavailable
from crosslive.media.gateway import MediaGateway, PublisherEntry
from crosslive.media.janus_client import JanusError
from crosslive.shows.models import Show
from crosslive.state import state_of
from crosslive.translation.languages import SUPPORTED
from crosslive.translation.service import Translator

log = logging.getLogger(__name__)

POLL_S = 1.0
BEHIND_NOTICE_EVERY_S = 5.0


class LiveCaptions:
    def __init__(self, app: Any, media: MediaGateway | None) -> None:
        self.app = app
        self.media = media
        settings = state_of(app).settings
        self._model_root = settings.data_dir / "models"
        self._threads = settings.captions_threads
        self._warming: asyncio.Task[Any] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.taps: dict[int, AudioTap] = {}
        self._languages: dict[int, str] = {}
        self._told_behind: dict[int, float] = {}
        self._task: asyncio.Task[None] | None = None
        self.transcriber = Transcriber(
            self._transcribe,
            self._deliver,
            self._dropped,
            max_queue=settings.captions_queue_phrases,
        )

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        # The model loads in the background (a few seconds): the app starts at once, and the
        # worker waits for it on the first phrase if it is not in yet.
        self._warming = asyncio.create_task(
            asyncio.to_thread(whisper.load, self._model_root, self._threads)
        )
        self.transcriber.start()
        if self.media is not None:
            self._task = asyncio.create_task(self._watch_forever(), name="captions")

    async def ready(self) -> None:
        """Wait until the model is loaded."""
        if self._warming is not None:
            await self._warming

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        for tap in list(self.taps.values()):
            await tap.close(self.media)
        self.taps.clear()
        await asyncio.to_thread(self.transcriber.stop)
        if self._warming is not None:
            with contextlib.suppress(Exception):
                await self._warming

    # --- which shows are tapped ---------------------------------------------------------

    async def _watch_forever(self) -> None:
        while True:
            try:
                await self.sync()
            except Exception:
                log.exception("captions: could not follow the shows on the air")
            await asyncio.sleep(POLL_S)

    def _hosts(self) -> dict[int, PublisherEntry]:
        first: dict[int, PublisherEntry] = {}
        assert self.media is not None
        for entry in self.media.publishers.values():
            if entry.dead or not entry.connected:
                continue
            if entry.show_id not in first or entry.created < first[entry.show_id].created:
                first[entry.show_id] = entry
        return first

    async def sync(self) -> None:
        """Tap the host of each show on the air with captions on; untap the rest."""
        hosts = self._hosts()
        media = self.media
        assert media is not None
        wanted: set[int] = set()
        languages: dict[int, str] = {}
        if hosts:
            wanted, languages = await run_in_transaction(
                state_of(self.app).session_factory,
                lambda db: _live_with_captions(db, set(hosts)),
            )
        self._languages.update(languages)
        for show_id, tap in list(self.taps.items()):
            entry = hosts.get(show_id)
            stale = tap.generation != media.generation
            if show_id not in wanted or entry is None or entry.feed_id != tap.feed_id or stale:
                del self.taps[show_id]
                await tap.close(self.media)
        for show_id in sorted(wanted - set(self.taps)):
            await self._tap(hosts[show_id])

    async def listen(self, show_id: int, language: str, feed_id: int = 0) -> AudioTap:
        """A tap taking Opus RTP for SHOW_ID (in LANGUAGE) on a port of 127.0.0.1, without
        asking Janus for it (the bench sends there itself)."""
        generation = self.media.generation if self.media is not None else 0
        tap = AudioTap(show_id, feed_id, generation, self._phrase)
        await tap.open()
        self._languages[show_id] = language
        return tap

    async def _tap(self, entry: PublisherEntry) -> None:
        assert self.media is not None
        tap = AudioTap(entry.show_id, entry.feed_id, self.media.generation, self._phrase)
        await tap.open()
        try:
            await tap.forward_from(self.media, entry)
        except (JanusError, MediaUnavailable) as exc:
            log.warning("captions: Janus did not forward the host's audio: %s", exc)
            await tap.close(None)
            return
        self.taps[entry.show_id] = tap
        log.info("captions on", extra={"show": entry.show_id, "port": tap.port})

    # --- phrases, on the event loop and in the worker thread -----------------------------

    def _phrase(self, phrase: Phrase) -> None:
        self.transcriber.submit(phrase)

    def _transcribe(self, phrase: Phrase) -> whisper.Heard:
        language = self._languages.get(phrase.show_id)
        model = whisper.load(self._model_root, self._threads)  # loaded once, then cached
        return whisper.transcribe(model, phrase.audio, language)

    def _deliver(self, phrase: Phrase, heard: whisper.Heard) -> None:
        if heard.text and self._loop is not None:
            done = asyncio.run_coroutine_threadsafe(self.post(phrase, heard), self._loop)
            done.add_done_callback(_log_failure)

    def _dropped(self, phrase: Phrase, why: str) -> None:
        if self._loop is not None:
            done = asyncio.run_coroutine_threadsafe(self.tell_behind(phrase, why), self._loop)
            done.add_done_callback(_log_failure)

    async def tell_behind(self, phrase: Phrase, why: str) -> None:
        now = time.monotonic()
        if now - self._told_behind.get(phrase.show_id, -1e9) < BEHIND_NOTICE_EVERY_S:
            return
        self._told_behind[phrase.show_id] = now
        data = {"dropped_ms": int(phrase.duration_s * 1000), "why": why}
        await announce_now(self.app, phrase.show_id, service.BEHIND, data)

    async def post(self, phrase: Phrase, heard: whisper.Heard) -> dict[str, Any] | None:
        ended = datetime.fromtimestamp(phrase.ended_wall, UTC)
        return await post_caption(
            self.app, phrase.show_id, heard.text, heard.language, ended, phrase.duration_s
        )


async def post_caption(
    app: Any, show_id: int, text: str, lang: str, ended: datetime, duration_s: float
) -> dict[str, Any] | None:
    """Translate one caption for the room, keep it with the show and send it to viewers."""
    languages = await caption_languages(app, show_id, text, lang)
    return await commit_then_publish(
        app,
        lambda db: service.keep_line(db, show_id, text, lang, ended, duration_s, languages),
    )


def _log_failure(done: Any) -> None:
    if not done.cancelled() and done.exception() is not None:
        log.error("captions: could not send a caption", exc_info=done.exception())


def _live_with_captions(db: Any, show_ids: set[int]) -> tuple[set[int], dict[int, str]]:
    from sqlalchemy import select

    rows = db.execute(select(Show.id, Show.language, Show.state).where(Show.id.in_(show_ids)))
    live = {row.id: row.language for row in rows if row.state.value == "live"}
    return service.enabled_among(db, set(live)), live


async def caption_languages(app: Any, show_id: int, text: str, lang: str) -> dict[str, Any] | None:
    """`{"translations": {...}}` for the languages the show's viewers read, when a translation
    provider is configured (Whisper's own translation is not good enough to show)."""
    translator = state_of(app).find(Translator)
    if translator is None or not translator.enabled:
        return None
    room = await hub_of(app).room_languages(show_id, SUPPORTED) - {lang}
    if not room:
        return None
    done = await translator.translate_to(text, lang, room)
    return {
        "translations": {
            language: (result.text if result.status == "translated" else None)
            for language, result in done.items()
        }
    }
