"""Translation providers behind one small Protocol.

A provider translates a batch of texts from one language to another, and raises
`PairUnavailable` when it has no such pair or `ProviderDown` when it cannot be reached or
answers nonsense. Timeouts, the cache, the glossary and what a viewer sees when nothing
worked belong to `service.Translator`, not to the providers.

Language codes are crosslive's (`languages.SUPPORTED`); each provider maps them to its own.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
from typing import Any, Protocol

import httpx

# The longest an apertium run may take (a translation's caller waits less: the run is then
# left to finish in its worker thread, its answer unread).
RUN_LIMIT_S = 30.0
# Apertium names its modes in ISO 639-3 or 639-1 (eng-spa, es-fr, spa-ita).
_APERTIUM_CODES = {"eng": "en", "spa": "es", "fra": "fr", "ita": "it", "deu": "de", "ara": "ar"}


class ProviderDown(Exception):
    """The provider could not be reached or did not answer properly."""


class PairUnavailable(Exception):
    """The provider does not translate between these two languages."""


class TranslationProvider(Protocol):
    name: str

    async def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        """TEXTS translated from SOURCE to TARGET, in order."""


class ApertiumProvider:
    """Debian's `apertium` command with its installed pair packages (offline, rule-based)."""

    name = "apertium"

    def __init__(self, binary: str = "apertium") -> None:
        self._binary = binary
        self._modes: dict[tuple[str, str], str] | None = None
        # A message or caption is translated into every language of the room at once: the
        # first of those asks for the listing, the others wait for it.
        self._listing = asyncio.Lock()

    async def modes(self) -> dict[tuple[str, str], str]:
        """(source, target) -> the mode to run, from `apertium -l` (run once)."""
        async with self._listing:
            return self._modes if self._modes is not None else await self._list_modes()

    async def _list_modes(self) -> dict[tuple[str, str], str]:
        if shutil.which(self._binary) is None:
            raise ProviderDown(f"{self._binary} is not installed")
        found: dict[tuple[str, str], str] = {}
        for line in (await self._run(["-l"], None)).split():
            parts = line.split("-")
            if len(parts) != 2:  # eco-es-fr, spa-eng_US: variants, not plain pairs
                continue
            source = _APERTIUM_CODES.get(parts[0], parts[0])
            target = _APERTIUM_CODES.get(parts[1], parts[1])
            found.setdefault((source, target), line)
        self._modes = found
        return found

    async def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        mode = (await self.modes()).get((source, target))
        if mode is None:
            raise PairUnavailable(f"apertium has no {source}-{target} pair installed")
        # One run for the batch, a line each (apertium keeps line breaks; a text's own
        # breaks become spaces). Starting apertium's pipeline is most of its cost.
        lines = [" ".join(text.split()) for text in texts]
        out = (await self._run(["-u", mode], "\n".join(lines) + "\n")).split("\n")
        if out and out[-1] == "":
            out.pop()
        if len(out) != len(texts):
            raise ProviderDown(f"apertium answered {len(out)} lines for {len(texts)} texts")
        return [line.strip() for line in out]

    async def _run(self, args: list[str], text: str | None) -> str:
        """Apertium's output for ARGS, TEXT its input (None: no input, so nothing is written
        to a process that may have exited already).

        The run is the standard library's, in a worker thread, not the event loop's: uvloop
        (the server's loop) gives a child a socket for a pipe, which apertium's format reader
        refuses, and its process start was seen to hang the whole server while other threads
        worked (live captions' speech recognition)."""
        try:
            done = await asyncio.to_thread(
                _run_blocking, [self._binary, *args], None if text is None else text.encode()
            )
        except subprocess.TimeoutExpired as exc:  # the run is killed; the caller gave up before
            raise ProviderDown("apertium did not finish") from exc
        if done.returncode != 0:
            raise ProviderDown(f"apertium failed: {done.stderr.decode(errors='replace')[:200]}")
        return done.stdout.decode()


def _run_blocking(argv: list[str], data: bytes | None) -> subprocess.CompletedProcess[bytes]:
    if data is None:
        return subprocess.run(
            argv, stdin=subprocess.DEVNULL, capture_output=True, timeout=RUN_LIMIT_S, check=False
        )
    return subprocess.run(argv, input=data, capture_output=True, timeout=RUN_LIMIT_S, check=False)


class HttpProvider:
    """Shared by the HTTP providers: one short-lived client per call, errors made uniform."""

    name = "http"

    def __init__(self, url: str, api_key: str = "", timeout: float = 5.0) -> None:
        self._url = url.rstrip("/")
        self._api_key = api_key
        self._timeout = timeout

    async def _post(self, path: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
        try:
            async with httpx.AsyncClient(timeout=self._timeout) as client:
                response = await client.post(self._url + path, json=body, headers=headers)
        except httpx.HTTPError as exc:
            raise ProviderDown(f"{self.name} unreachable: {type(exc).__name__}") from exc
        if response.status_code == 400:
            raise PairUnavailable(f"{self.name} refused the pair: {response.text[:200]}")
        if response.status_code != 200:
            raise ProviderDown(f"{self.name} answered {response.status_code}")
        try:
            return response.json()
        except ValueError as exc:
            raise ProviderDown(f"{self.name} answered something that is not JSON") from exc


def _expect_texts(value: Any, count: int, provider: str) -> list[str]:
    if isinstance(value, str) and count == 1:
        value = [value]
    if not isinstance(value, list) or len(value) != count:
        raise ProviderDown(f"{provider} answered {type(value).__name__}, not {count} texts")
    if not all(isinstance(v, str) for v in value):
        raise ProviderDown(f"{provider} answered something other than text")
    return list(value)


class LibreTranslateProvider(HttpProvider):
    """A LibreTranslate server: POST /translate {q, source, target, format}."""

    name = "libretranslate"
    _codes = {"zh-Hans": "zh"}

    async def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        body: dict[str, Any] = {
            "q": texts,
            "source": self._codes.get(source, source),
            "target": self._codes.get(target, target),
            "format": "text",
        }
        if self._api_key:
            body["api_key"] = self._api_key
        answer = await self._post("/translate", body, {})
        if not isinstance(answer, dict):
            raise ProviderDown("libretranslate answered something that is not an object")
        return _expect_texts(answer.get("translatedText"), len(texts), self.name)


class DeepLProvider(HttpProvider):
    """DeepL's API (POST /v2/translate); the free plan's address is api-free.deepl.com."""

    name = "deepl"

    @staticmethod
    def _code(language: str, as_target: bool) -> str:
        if language == "zh-Hans":
            return "ZH-HANS" if as_target else "ZH"
        if language == "en" and as_target:
            return "EN-US"
        return language.upper()

    async def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        body = {
            "text": texts,
            "source_lang": self._code(source, False),
            "target_lang": self._code(target, True),
        }
        headers = {"Authorization": f"DeepL-Auth-Key {self._api_key}"}
        answer = await self._post("/v2/translate", body, headers)
        items = answer.get("translations") if isinstance(answer, dict) else None
        if not isinstance(items, list):
            raise ProviderDown("deepl answered without translations")
        return _expect_texts([i.get("text") for i in items], len(texts), self.name)


_NAMES = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "zh-Hans": "Simplified Chinese",
    "ar": "Arabic",
}


class OpenAIChatProvider(HttpProvider):
    """Any OpenAI-compatible chat completions endpoint (a hosted API, vLLM, llama.cpp,
    Ollama's /v1): one request per text, asked to answer with the translation only."""

    name = "openai"

    def __init__(self, url: str, api_key: str = "", timeout: float = 5.0, model: str = "") -> None:
        super().__init__(url, api_key, timeout)
        self._model = model

    async def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        if source not in _NAMES or target not in _NAMES:
            raise PairUnavailable(f"no {source}-{target} pair")
        instruction = (
            f"Translate the user's live-shopping chat message from {_NAMES[source]} to "
            f"{_NAMES[target]}. Keep tokens like ZQX0QZ exactly as they are. Answer with the "
            "translation only."
        )
        headers = {"Authorization": f"Bearer {self._api_key}"} if self._api_key else {}
        results = []
        for text in texts:
            body = {
                "model": self._model,
                "temperature": 0,
                "messages": [
                    {"role": "system", "content": instruction},
                    {"role": "user", "content": text},
                ],
            }
            answer = await self._post("/chat/completions", body, headers)
            try:
                content = answer["choices"][0]["message"]["content"]
            except (KeyError, IndexError, TypeError) as exc:
                raise ProviderDown("the chat endpoint answered without a message") from exc
            results.extend(_expect_texts([content.strip()], 1, self.name))
        return results


class ArgosProvider:
    """Argos Translate with the language packs installed on this machine (the package is
    optional and its packs are installed by the operator; nothing is downloaded here)."""

    name = "argos"
    _codes = {"zh-Hans": "zh"}

    async def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        try:
            from argostranslate import translate as argos  # type: ignore[import-not-found]
        except ImportError as exc:
            raise ProviderDown("argostranslate is not installed") from exc
        src, dst = self._codes.get(source, source), self._codes.get(target, target)
        installed = {lang.code: lang for lang in argos.get_installed_languages()}
        if src not in installed or dst not in installed:
            raise PairUnavailable(f"no argos pack for {source}-{target}")
        translation = installed[src].get_translation(installed[dst])
        if translation is None:
            raise PairUnavailable(f"no argos pack for {source}-{target}")
        return await asyncio.to_thread(lambda: [translation.translate(t) for t in texts])


class NoProvider:
    """Translation turned off: every pair is unavailable."""

    name = "none"

    async def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        raise PairUnavailable("translation is turned off")
