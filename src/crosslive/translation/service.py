"""Translating text for viewers: the provider chosen by settings, the glossary, the cache in
the database and the timeout. `Translator.translate` never raises for a provider's failure:
a pair it lacks, a provider that is down or slow, all give a `Translation` with status
"unavailable" and the original text, so a viewer reads the original rather than an error.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import run_in_transaction
from crosslive.settings import Settings
from crosslive.translation.detect import LanguageIdentifier
from crosslive.translation.glossary import Glossary, Protected
from crosslive.translation.models import CachedTranslation
from crosslive.translation.providers import (
    ApertiumProvider,
    ArgosProvider,
    DeepLProvider,
    LibreTranslateProvider,
    NoProvider,
    OpenAIChatProvider,
    PairUnavailable,
    ProviderDown,
    TranslationProvider,
)

logger = logging.getLogger(__name__)

Status = Literal["translated", "same", "unavailable"]
# A translation longer than this many times its text (plus a little) is not a translation.
MAX_GROWTH = 4


@dataclass(frozen=True)
class Translation:
    """TEXT in TARGET: the translation, or the original when status says otherwise."""

    text: str
    original: str
    source: str
    target: str
    status: Status
    provider: str


def make_provider(settings: Settings) -> TranslationProvider:
    kind = settings.translation_provider
    key = settings.translation_api_key.get_secret_value()
    timeout = settings.translation_timeout_seconds
    url = settings.translation_url
    if kind == "apertium":
        return ApertiumProvider(settings.apertium_binary)
    if kind == "argos":
        return ArgosProvider()
    if kind == "libretranslate":
        return LibreTranslateProvider(url, key, timeout)
    if kind == "openai":
        return OpenAIChatProvider(url, key, timeout, settings.translation_model)
    if kind == "deepl":
        return DeepLProvider(url or "https://api-free.deepl.com", key, timeout)
    return NoProvider()


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class Translator:
    """The app's one translator (built by create_app from the settings)."""

    def __init__(
        self,
        provider: TranslationProvider,
        *,
        timeout: float,
        glossary: Glossary | None = None,
        session_factory: sessionmaker[Session] | None = None,
        identifier: LanguageIdentifier | None = None,
    ) -> None:
        self.provider = provider
        self._timeout = timeout
        self.glossary = glossary or Glossary()
        self._session_factory = session_factory
        self._identifier = identifier or LanguageIdentifier()
        self.calls = 0  # requests that reached the provider (the cache missed)

    @classmethod
    def from_settings(
        cls, settings: Settings, session_factory: sessionmaker[Session] | None = None
    ) -> Translator:
        terms = settings.translation_glossary.split(",")
        return cls(
            make_provider(settings),
            timeout=settings.translation_timeout_seconds,
            glossary=Glossary(terms),
            session_factory=session_factory,
        )

    @property
    def timeout(self) -> float:
        """How long one translation may take."""
        return self._timeout

    @property
    def enabled(self) -> bool:
        return not isinstance(self.provider, NoProvider)

    def identify(self, text: str, hint: str | None = None) -> str | None:
        return self._identifier.identify(text, hint)

    async def translate(self, text: str, source: str, target: str) -> Translation:
        if source == target:
            return Translation(text, text, source, target, "same", self.provider.name)
        protected = self.glossary.protect(text)
        translated = await self._cached(protected, source, target)
        if translated is None:
            translated = await self._ask(protected, source, target)
        restored = None if translated is None else Glossary.restore(translated, protected)
        if restored is None:
            return Translation(text, text, source, target, "unavailable", self.provider.name)
        return Translation(restored, text, source, target, "translated", self.provider.name)

    async def translate_to(
        self, text: str, source: str, targets: Iterable[str]
    ) -> dict[str, Translation]:
        """TEXT in each of TARGETS, translated concurrently (one request per language)."""
        wanted = sorted(set(targets))
        done = await asyncio.gather(*(self.translate(text, source, t) for t in wanted))
        return dict(zip(wanted, done, strict=True))

    async def _ask(self, protected: Protected, source: str, target: str) -> str | None:
        self.calls += 1
        try:
            async with asyncio.timeout(self._timeout):
                [translated] = await self.provider.translate([protected.text], source, target)
        except PairUnavailable:
            return None
        except (ProviderDown, TimeoutError) as exc:
            logger.warning(
                "translation %s-%s by %s failed: %s",
                source,
                target,
                self.provider.name,
                type(exc).__name__,
            )
            return None
        if not translated.strip() or len(translated) > MAX_GROWTH * len(protected.text) + 100:
            return None  # empty, or a model that rambled instead of translating
        await self._store(protected, source, target, translated)
        return translated

    async def _cached(self, protected: Protected, source: str, target: str) -> str | None:
        if self._session_factory is None:
            return None
        key = (self.provider.name, source, target, _hash(protected.text))

        def find(db: Session) -> str | None:
            return db.scalar(
                select(CachedTranslation.translated).where(
                    CachedTranslation.provider == key[0],
                    CachedTranslation.source == key[1],
                    CachedTranslation.target == key[2],
                    CachedTranslation.text_hash == key[3],
                )
            )

        return await run_in_transaction(self._session_factory, find)

    async def _store(self, protected: Protected, source: str, target: str, text: str) -> None:
        if self._session_factory is None:
            return
        row = dict(
            provider=self.provider.name,
            source=source,
            target=target,
            text_hash=_hash(protected.text),
            translated=text,
        )

        def keep(db: Session) -> None:
            db.add(CachedTranslation(**row))
            db.flush()

        # IntegrityError: the same text was translated at the same moment elsewhere.
        with contextlib.suppress(IntegrityError):
            await run_in_transaction(self._session_factory, keep)
